package io.lectern.ffmpeg;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The two forms of H.264: Annex B (start codes, what encoders write) and the ISO BMFF form
 * (4-byte lengths, with SPS and PPS in an avcC record) that Lectern carries.
 */
public final class Avc {

    private static final int SPS = 7;
    private static final int PPS = 8;

    private Avc() {
    }

    /** The NAL units of an Annex B stream, without start codes. */
    public static List<ByteBuffer> splitAnnexB(ByteBuffer annexB) {
        ByteBuffer b = annexB.duplicate();
        int end = b.limit();
        List<ByteBuffer> nals = new ArrayList<>();
        int start = -1;
        int i = b.position();
        while (i + 2 < end) {
            if (b.get(i) == 0 && b.get(i + 1) == 0 && b.get(i + 2) == 1) {
                if (start >= 0) {
                    nals.add(slice(b, start, trimZeros(b, start, i)));
                }
                i += 3;
                start = i;
            } else {
                i++;
            }
        }
        if (start >= 0 && start < end) {
            nals.add(slice(b, start, end));
        }
        return nals;
    }

    /** Annex B to 4-byte length prefixes, as MP4 and Lectern packets carry H.264. */
    public static ByteBuffer toLengthPrefixed(ByteBuffer annexB) {
        List<ByteBuffer> nals = splitAnnexB(annexB);
        int size = 0;
        for (ByteBuffer n : nals) {
            size += 4 + n.remaining();
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        for (ByteBuffer n : nals) {
            out.putInt(n.remaining()).put(n);
        }
        return out.flip();
    }

    /** 4-byte length prefixes to Annex B (for raw .h264 files and MPEG-TS). */
    public static ByteBuffer toAnnexB(ByteBuffer lengthPrefixed) {
        ByteBuffer in = lengthPrefixed.duplicate();
        ByteBuffer out = ByteBuffer.allocate(in.remaining());
        while (in.remaining() >= 4) {
            int len = in.getInt();
            if (len < 0 || len > in.remaining()) {
                throw new IllegalArgumentException("NAL length " + len + " runs past the packet");
            }
            out.putInt(1);
            out.put(in.slice().limit(len));
            in.position(in.position() + len);
        }
        return out.flip();
    }

    /** SPS and PPS of an avcC record, each behind a 4-byte start code. */
    public static ByteBuffer parameterSetsAnnexB(ByteBuffer avcC) {
        ByteBuffer in = avcC.duplicate();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.position(in.position() + 5);
        int sps = in.get() & 0x1f;
        copySets(in, sps, out);
        copySets(in, in.get() & 0xff, out);
        return ByteBuffer.wrap(out.toByteArray());
    }

    private static void copySets(ByteBuffer in, int count, ByteArrayOutputStream out) {
        for (int i = 0; i < count; i++) {
            int len = in.getShort() & 0xffff;
            out.writeBytes(new byte[] {0, 0, 0, 1});
            byte[] nal = new byte[len];
            in.get(nal);
            out.writeBytes(nal);
        }
    }

    /**
     * Builds an AVCDecoderConfigurationRecord from Annex B parameter sets (an encoder's global
     * header). Throws when there is no SPS or no PPS.
     */
    public static ByteBuffer avcC(ByteBuffer annexB) {
        List<ByteBuffer> sps = new ArrayList<>();
        List<ByteBuffer> pps = new ArrayList<>();
        for (ByteBuffer nal : splitAnnexB(annexB)) {
            int type = nal.get(nal.position()) & 0x1f;
            if (type == SPS) {
                sps.add(nal);
            } else if (type == PPS) {
                pps.add(nal);
            }
        }
        if (sps.isEmpty() || pps.isEmpty()) {
            throw new IllegalArgumentException("the header has no SPS or no PPS");
        }
        ByteBuffer first = sps.get(0);
        int profile = first.get(first.position() + 1) & 0xff;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(1);
        out.write(profile);
        out.write(first.get(first.position() + 2));
        out.write(first.get(first.position() + 3));
        out.write(0xff); // 4-byte NAL lengths
        out.write(0xe0 | sps.size());
        writeSets(sps, out);
        out.write(pps.size());
        writeSets(pps, out);
        if (profile == 100 || profile == 110 || profile == 122 || profile == 144) {
            // ISO 14496-15 asks for these for the High profiles; players check them.
            int[] chroma = chromaAndDepth(first);
            out.write(0xfc | chroma[0]);
            out.write(0xf8 | chroma[1]);
            out.write(0xf8 | chroma[2]);
            out.write(0);
        }
        return ByteBuffer.wrap(out.toByteArray());
    }

    private static void writeSets(List<ByteBuffer> sets, ByteArrayOutputStream out) {
        for (ByteBuffer s : sets) {
            out.write(s.remaining() >> 8);
            out.write(s.remaining() & 0xff);
            byte[] b = new byte[s.remaining()];
            s.duplicate().get(b);
            out.writeBytes(b);
        }
    }

    /** chroma_format_idc, bit_depth_luma_minus8 and bit_depth_chroma_minus8 of a High profile SPS. */
    private static int[] chromaAndDepth(ByteBuffer sps) {
        Bits bits = new Bits(unescape(sps), 4);
        bits.ue(); // seq_parameter_set_id
        int chroma = bits.ue();
        if (chroma == 3) {
            bits.bit(); // separate_colour_plane_flag
        }
        return new int[] {chroma, bits.ue(), bits.ue()};
    }

    /** Removes emulation prevention bytes (00 00 03 → 00 00). */
    private static byte[] unescape(ByteBuffer nal) {
        ByteBuffer b = nal.duplicate();
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.remaining());
        int zeros = 0;
        while (b.hasRemaining()) {
            int v = b.get() & 0xff;
            if (zeros >= 2 && v == 3) {
                zeros = 0;
                continue;
            }
            zeros = v == 0 ? zeros + 1 : 0;
            out.write(v);
        }
        return out.toByteArray();
    }

    private static ByteBuffer slice(ByteBuffer b, int from, int to) {
        return b.duplicate().limit(to).position(from).slice();
    }

    private static int trimZeros(ByteBuffer b, int start, int end) {
        while (end > start && b.get(end - 1) == 0) {
            end--;
        }
        return end;
    }

    /** Reads bits and Exp-Golomb numbers, most significant bit first. */
    private static final class Bits {
        private final byte[] data;
        private int pos;

        Bits(byte[] data, int startByte) {
            this.data = data;
            this.pos = startByte * 8;
        }

        int bit() {
            if (pos >= data.length * 8) {
                throw new IllegalArgumentException("SPS is cut short");
            }
            int v = (data[pos >> 3] >> (7 - (pos & 7))) & 1;
            pos++;
            return v;
        }

        int ue() {
            int zeros = 0;
            while (bit() == 0) {
                zeros++;
            }
            int v = 0;
            for (int i = 0; i < zeros; i++) {
                v = (v << 1) | bit();
            }
            return (1 << zeros) - 1 + v;
        }
    }
}
