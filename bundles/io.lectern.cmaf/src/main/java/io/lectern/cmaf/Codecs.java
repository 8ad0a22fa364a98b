package io.lectern.cmaf;

import java.util.Locale;

import io.lectern.api.media.Track;
import io.lectern.cmaf.internal.Nal;

/** RFC 6381 codecs strings, as HLS {@code CODECS} and DASH {@code codecs} attributes want them. */
public final class Codecs {

    private Codecs() {
    }

    /**
     * The codecs string of a track, read from its codec configuration (avcC, hvcC, av1C,
     * AudioSpecificConfig). Without a configuration a common value for the codec is returned.
     */
    public static String rfc6381(Track t) {
        byte[] c = t.codecConfigBytes();
        return switch (t.codec()) {
            case H264 -> avc(c);
            case HEVC -> hevc(c);
            case AV1 -> av1(c);
            case AAC -> "mp4a.40." + aacObjectType(c);
            case OPUS -> "opus";
            case MP3 -> "mp4a.40.34";
            case VP8 -> "vp8";
            case VP9 -> "vp09.00.10.08";
            default -> t.codec().fourcc();
        };
    }

    private static String avc(byte[] c) {
        byte[] p = Nal.avcProfile(c);
        if (p == null) {
            return "avc1.640028";
        }
        return String.format(Locale.ROOT, "avc1.%02x%02x%02x", p[0] & 0xFF, p[1] & 0xFF, p[2] & 0xFF);
    }

    /** ISO/IEC 14496-15 annex E: profile space+idc, reversed compatibility flags, tier+level, constraints. */
    private static String hevc(byte[] c) {
        if (c.length < 13 || c[0] != 1) {
            return "hvc1.1.6.L93.B0";
        }
        int space = (c[1] >> 6) & 3;
        boolean highTier = (c[1] & 0x20) != 0;
        int profile = c[1] & 0x1F;
        long compat = ((c[2] & 0xFFL) << 24) | ((c[3] & 0xFF) << 16) | ((c[4] & 0xFF) << 8) | (c[5] & 0xFF);
        StringBuilder s = new StringBuilder("hvc1.");
        if (space > 0) {
            s.append((char) ('A' + space - 1));
        }
        s.append(profile).append('.').append(Long.toHexString(Integer.reverse((int) compat) & 0xFFFFFFFFL).toUpperCase(Locale.ROOT));
        s.append('.').append(highTier ? 'H' : 'L').append(c[12] & 0xFF);
        int last = 11;
        while (last >= 6 && c[last] == 0) {
            last--;
        }
        for (int i = 6; i <= last; i++) {
            s.append('.').append(Integer.toHexString(c[i] & 0xFF).toUpperCase(Locale.ROOT));
        }
        return s.toString();
    }

    private static String av1(byte[] c) {
        if (c.length < 4 || (c[0] & 0xFF) != 0x81) {
            return "av01.0.08M.08";
        }
        int profile = (c[1] >> 5) & 7;
        int level = c[1] & 0x1F;
        boolean highTier = (c[2] & 0x80) != 0;
        int depth = (c[2] & 0x40) == 0 ? 8 : (c[2] & 0x20) != 0 ? 12 : 10;
        return String.format(Locale.ROOT, "av01.%d.%02d%s.%02d", profile, level, highTier ? "H" : "M", depth);
    }

    /** The audio object type from an AudioSpecificConfig (2, AAC-LC, if there is none). */
    private static int aacObjectType(byte[] c) {
        if (c.length < 1) {
            return 2;
        }
        int type = (c[0] & 0xFF) >> 3;
        if (type == 31 && c.length >= 2) {
            type = 32 + (((c[0] & 0x07) << 3) | ((c[1] & 0xFF) >> 5));
        }
        return type;
    }
}
