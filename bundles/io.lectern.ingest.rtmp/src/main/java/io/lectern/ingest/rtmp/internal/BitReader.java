package io.lectern.ingest.rtmp.internal;

/** Reads bits, big-endian first, with Exp-Golomb codes as H.264 and HEVC parameter sets use them. */
final class BitReader {

    private final byte[] data;
    private long bit;

    BitReader(byte[] data) {
        this.data = data;
    }

    /** A reader over a NAL unit's payload with emulation prevention bytes (00 00 03) removed. */
    static BitReader nal(byte[] b, int off, int len) {
        byte[] out = new byte[len];
        int n = 0;
        int zeros = 0;
        for (int i = off; i < off + len; i++) {
            int v = b[i] & 0xff;
            if (zeros >= 2 && v == 3) {
                zeros = 0;
                continue;
            }
            zeros = v == 0 ? zeros + 1 : 0;
            out[n++] = (byte) v;
        }
        return new BitReader(java.util.Arrays.copyOf(out, n));
    }

    int bit() throws ProtocolException {
        if (bit >= (long) data.length * 8) {
            throw new ProtocolException("parameter set ends too early");
        }
        int v = (data[(int) (bit >>> 3)] >>> (7 - (int) (bit & 7))) & 1;
        bit++;
        return v;
    }

    int bits(int n) throws ProtocolException {
        int v = 0;
        for (int i = 0; i < n; i++) {
            v = v << 1 | bit();
        }
        return v;
    }

    void skip(int n) throws ProtocolException {
        for (int i = 0; i < n; i++) {
            bit();
        }
    }

    /** Unsigned Exp-Golomb; values beyond 31 bits mean garbage. */
    int ue() throws ProtocolException {
        int zeros = 0;
        while (bit() == 0) {
            if (++zeros > 31) {
                throw new ProtocolException("invalid Exp-Golomb code in a parameter set");
            }
        }
        return (int) ((1L << zeros) - 1 + bits(zeros));
    }

    int se() throws ProtocolException {
        int v = ue();
        return (v & 1) != 0 ? (v + 1) / 2 : -(v / 2);
    }
}
