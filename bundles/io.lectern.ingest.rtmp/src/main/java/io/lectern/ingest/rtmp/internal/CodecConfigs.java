package io.lectern.ingest.rtmp.internal;

/** Picture size and audio format from decoder configuration records (avcC, hvcC, AudioSpecificConfig). */
final class CodecConfigs {

    record Size(int width, int height) {
    }

    record Audio(int sampleRate, int channels) {
    }

    private static final int[] AAC_RATES = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350};
    private static final int MAX_SIZE = 16384;

    private CodecConfigs() {
    }

    /** Size from the first SPS of an AVCDecoderConfigurationRecord. */
    static Size avc(byte[] c) throws ProtocolException {
        if (c.length < 8 || c[0] != 1 || (c[5] & 0x1f) == 0) {
            throw new ProtocolException("invalid AVC decoder configuration record");
        }
        int len = (c[6] & 0xff) << 8 | (c[7] & 0xff);
        if (len < 4 || 8 + len > c.length) {
            throw new ProtocolException("invalid SPS length in the AVC configuration");
        }
        BitReader r = BitReader.nal(c, 8, len);
        r.skip(8);
        int profile = r.bits(8);
        r.skip(16);
        r.ue();
        int chroma = 1;
        if (profile == 100 || profile == 110 || profile == 122 || profile == 244 || profile == 44 || profile == 83
                || profile == 86 || profile == 118 || profile == 128 || profile == 138 || profile == 139 || profile == 134 || profile == 135) {
            chroma = r.ue();
            if (chroma == 3) {
                r.skip(1);
            }
            r.ue();
            r.ue();
            r.skip(1);
            if (r.bit() == 1) {
                for (int i = 0; i < (chroma != 3 ? 8 : 12); i++) {
                    if (r.bit() == 1) {
                        skipScalingList(r, i < 6 ? 16 : 64);
                    }
                }
            }
        }
        r.ue();
        int pocType = r.ue();
        if (pocType == 0) {
            r.ue();
        } else if (pocType == 1) {
            r.skip(1);
            r.se();
            r.se();
            int cycle = r.ue();
            for (int i = 0; i < cycle; i++) {
                r.se();
            }
        }
        r.ue();
        r.skip(1);
        int widthMbs = r.ue() + 1;
        int heightUnits = r.ue() + 1;
        int frameMbsOnly = r.bit();
        if (frameMbsOnly == 0) {
            r.skip(1);
        }
        r.skip(1);
        int cropLeft = 0, cropRight = 0, cropTop = 0, cropBottom = 0;
        if (r.bit() == 1) {
            cropLeft = r.ue();
            cropRight = r.ue();
            cropTop = r.ue();
            cropBottom = r.ue();
        }
        int unitX = chroma == 1 || chroma == 2 ? 2 : 1;
        int unitY = (chroma == 1 ? 2 : 1) * (2 - frameMbsOnly);
        long width = widthMbs * 16L - (long) unitX * (cropLeft + (long) cropRight);
        long height = (2L - frameMbsOnly) * heightUnits * 16 - (long) unitY * (cropTop + (long) cropBottom);
        return size(width, height, "H.264");
    }

    private static void skipScalingList(BitReader r, int size) throws ProtocolException {
        int last = 8;
        int next = 8;
        for (int j = 0; j < size && next != 0; j++) {
            next = (last + r.se() + 256) % 256;
            last = next == 0 ? last : next;
        }
    }

    /** Size from the SPS in an HEVCDecoderConfigurationRecord. */
    static Size hevc(byte[] c) throws ProtocolException {
        if (c.length < 23) {
            throw new ProtocolException("invalid HEVC decoder configuration record");
        }
        int pos = 23;
        int arrays = c[22] & 0xff;
        for (int a = 0; a < arrays; a++) {
            need(c, pos, 3);
            int type = c[pos] & 0x3f;
            int count = (c[pos + 1] & 0xff) << 8 | (c[pos + 2] & 0xff);
            pos += 3;
            for (int i = 0; i < count; i++) {
                need(c, pos, 2);
                int len = (c[pos] & 0xff) << 8 | (c[pos + 1] & 0xff);
                pos += 2;
                need(c, pos, len);
                if (type == 33) {
                    return hevcSps(BitReader.nal(c, pos, len));
                }
                pos += len;
            }
        }
        throw new ProtocolException("no SPS in the HEVC configuration");
    }

    private static Size hevcSps(BitReader r) throws ProtocolException {
        r.skip(16 + 4);
        int subLayers = r.bits(3);
        r.skip(1);
        // profile_tier_level: the general part, then the optional parts of each sub-layer.
        r.skip(88 + 8);
        boolean[] profile = new boolean[subLayers];
        boolean[] level = new boolean[subLayers];
        for (int i = 0; i < subLayers; i++) {
            profile[i] = r.bit() == 1;
            level[i] = r.bit() == 1;
        }
        if (subLayers > 0) {
            r.skip(2 * (8 - subLayers));
        }
        for (int i = 0; i < subLayers; i++) {
            r.skip((profile[i] ? 88 : 0) + (level[i] ? 8 : 0));
        }
        r.ue();
        int chroma = r.ue();
        if (chroma == 3) {
            r.skip(1);
        }
        long width = r.ue();
        long height = r.ue();
        if (r.bit() == 1) {
            int unitX = chroma == 1 || chroma == 2 ? 2 : 1;
            int unitY = chroma == 1 ? 2 : 1;
            width -= (long) unitX * ((long) r.ue() + r.ue());
            height -= (long) unitY * ((long) r.ue() + r.ue());
        }
        return size(width, height, "HEVC");
    }

    /** Sample rate and channels from an AudioSpecificConfig; channels 0 when the config leaves them to the stream. */
    static Audio aac(byte[] c) throws ProtocolException {
        BitReader r = new BitReader(c);
        if (r.bits(5) == 31) {
            r.skip(6);
        }
        int index = r.bits(4);
        int rate;
        if (index == 15) {
            rate = r.bits(24);
        } else if (index < AAC_RATES.length) {
            rate = AAC_RATES[index];
        } else {
            throw new ProtocolException("invalid AAC sampling frequency index " + index);
        }
        if (rate <= 0) {
            throw new ProtocolException("invalid AAC sample rate " + rate);
        }
        int config = r.bits(4);
        int channels = config == 7 ? 8 : config <= 6 ? config : 0;
        return new Audio(rate, channels);
    }

    private static Size size(long width, long height, String codec) throws ProtocolException {
        if (width <= 0 || height <= 0 || width > MAX_SIZE || height > MAX_SIZE) {
            throw new ProtocolException("invalid " + codec + " picture size " + width + "x" + height);
        }
        return new Size((int) width, (int) height);
    }

    private static void need(byte[] c, int pos, int n) throws ProtocolException {
        if (pos + n > c.length) {
            throw new ProtocolException("HEVC configuration ends too early");
        }
    }
}
