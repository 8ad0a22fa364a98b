package io.lectern.cmaf.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * H.264 NAL unit helpers. MP4 wants length-prefixed NAL units and an avcC record; some encoders hand
 * out Annex-B (start codes) instead, so both forms are accepted.
 */
public final class Nal {

    private static final int SPS = 7;
    private static final int PPS = 8;

    private Nal() {
    }

    public static boolean isAnnexB(byte[] b) {
        return b.length >= 4 && b[0] == 0 && b[1] == 0 && (b[2] == 1 || b[2] == 0 && b[3] == 1);
    }

    /** The NAL units of an Annex-B byte stream, without start codes. */
    public static List<byte[]> splitAnnexB(byte[] b) {
        List<byte[]> out = new ArrayList<>();
        int start = -1;
        int i = 0;
        while (i + 2 < b.length) {
            if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1) {
                if (start >= 0) {
                    out.add(trimmed(b, start, i));
                }
                i += 3;
                start = i;
            } else {
                i++;
            }
        }
        if (start >= 0 && start < b.length) {
            out.add(trimmed(b, start, b.length));
        }
        return out;
    }

    /** NAL unit bytes from {@code from} to {@code to}, less the zero bytes of a following 4-byte start code. */
    private static byte[] trimmed(byte[] b, int from, int to) {
        int end = to;
        while (end > from && b[end - 1] == 0) {
            end--;
        }
        byte[] nal = new byte[end - from];
        System.arraycopy(b, from, nal, 0, nal.length);
        return nal;
    }

    /** The NAL units of 4-byte length-prefixed data, or {@code null} if the data is not in that form. */
    public static List<byte[]> splitLengthPrefixed(byte[] b) {
        List<byte[]> out = new ArrayList<>();
        int i = 0;
        while (i + 4 <= b.length) {
            long n = ((b[i] & 0xFFL) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
            if (n == 0 || i + 4 + n > b.length) {
                return null;
            }
            byte[] nal = new byte[(int) n];
            System.arraycopy(b, i + 4, nal, 0, nal.length);
            out.add(nal);
            i += 4 + (int) n;
        }
        return i == b.length ? out : null;
    }

    /** A sample's payload as MP4 wants it: 4-byte length-prefixed NAL units. */
    public static byte[] lengthPrefixed(ByteBuffer payload) {
        byte[] b = new byte[payload.remaining()];
        payload.duplicate().get(b);
        if (!isAnnexB(b) || splitLengthPrefixed(b) != null) {
            return b;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + 16);
        for (byte[] nal : splitAnnexB(b)) {
            int n = nal.length;
            out.write(n >>> 24);
            out.write(n >>> 16);
            out.write(n >>> 8);
            out.write(n);
            out.write(nal, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * The avcC record: the track's configuration if it is one already, else built from the SPS and
     * PPS found in the Annex-B configuration or in the first keyframe. {@code null} if there are none.
     */
    public static byte[] avcC(byte[] config, byte[] keyframe) {
        if (config.length > 6 && config[0] == 1) {
            return config;
        }
        List<byte[]> nals = isAnnexB(config) ? splitAnnexB(config) : List.of();
        if (nals.isEmpty() && keyframe != null) {
            nals = splitLengthPrefixed(keyframe);
            if (nals == null) {
                nals = List.of();
            }
        }
        List<byte[]> sps = new ArrayList<>();
        List<byte[]> pps = new ArrayList<>();
        for (byte[] nal : nals) {
            if (nal.length == 0) {
                continue;
            }
            int type = nal[0] & 0x1F;
            if (type == SPS && nal.length >= 4) {
                sps.add(nal);
            } else if (type == PPS) {
                pps.add(nal);
            }
        }
        if (sps.isEmpty() || pps.isEmpty()) {
            return null;
        }
        Box b = new Box();
        b.u8(1).u8(sps.get(0)[1]).u8(sps.get(0)[2]).u8(sps.get(0)[3]).u8(0xFF).u8(0xE0 | sps.size());
        for (byte[] s : sps) {
            b.u16(s.length).bytes(s);
        }
        b.u8(pps.size());
        for (byte[] p : pps) {
            b.u16(p.length).bytes(p);
        }
        return b.toByteArray();
    }

    /** Profile, constraint flags and level (3 bytes) from an avcC or Annex-B SPS, or {@code null}. */
    public static byte[] avcProfile(byte[] config) {
        if (config.length >= 4 && config[0] == 1) {
            return new byte[] {config[1], config[2], config[3]};
        }
        if (isAnnexB(config)) {
            for (byte[] nal : splitAnnexB(config)) {
                if (nal.length >= 4 && (nal[0] & 0x1F) == SPS) {
                    return new byte[] {nal[1], nal[2], nal[3]};
                }
            }
        }
        return null;
    }
}
