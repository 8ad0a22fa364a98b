package io.lectern.cmaf.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.lectern.api.media.AudioFormat;
import io.lectern.api.media.MediaKind;
import io.lectern.api.media.Track;

/** Builds a CMAF header (init.mp4): ftyp and a moov with one track and an mvex for fragments. */
public final class InitSegment {

    private static final int[] AAC_RATES = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350};
    private static final int[] MATRIX = {0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000};

    private InitSegment() {
    }

    /**
     * @param track     the rendition's track; its time base denominator is the MP4 timescale
     * @param avcConfig the avcC record for H.264 (it may come from the first keyframe), else ignored
     */
    public static byte[] build(Track track, byte[] avcConfig) throws IOException {
        Box b = new Box();
        int ftyp = b.start("ftyp");
        b.fourcc("iso6").u32(0).fourcc("iso6").fourcc("cmfc").fourcc("dash");
        b.end(ftyp);
        int moov = b.start("moov");
        int mvhd = b.startFull("mvhd", 0, 0);
        b.u32(0).u32(0).u32(1000).u32(0).u32(0x00010000).u16(0x0100).zeros(10);
        matrix(b);
        b.zeros(24).u32(2);
        b.end(mvhd);
        trak(b, track, avcConfig);
        int mvex = b.start("mvex");
        int trex = b.startFull("trex", 0, 0);
        b.u32(1).u32(1).u32(0).u32(0).u32(0);
        b.end(trex);
        b.end(mvex);
        b.end(moov);
        return b.toByteArray();
    }

    private static void matrix(Box b) {
        for (int m : MATRIX) {
            b.u32(m & 0xFFFFFFFFL);
        }
    }

    private static void trak(Box b, Track t, byte[] avcConfig) throws IOException {
        boolean video = t.kind() == MediaKind.VIDEO;
        int trak = b.start("trak");
        int tkhd = b.startFull("tkhd", 0, 3);
        b.u32(0).u32(0).u32(1).u32(0).u32(0).zeros(8).u16(0).u16(0).u16(video ? 0 : 0x0100).u16(0);
        matrix(b);
        b.u32(video ? (long) t.video().width() << 16 : 0).u32(video ? (long) t.video().height() << 16 : 0);
        b.end(tkhd);
        int mdia = b.start("mdia");
        int mdhd = b.startFull("mdhd", 0, 0);
        b.u32(0).u32(0).u32(t.timeBase().den()).u32(0).u16(0x55C4).u16(0);
        b.end(mdhd);
        int hdlr = b.startFull("hdlr", 0, 0);
        b.u32(0).fourcc(video ? "vide" : "soun").zeros(12).bytes((video ? "Video\0" : "Audio\0").getBytes(StandardCharsets.US_ASCII));
        b.end(hdlr);
        int minf = b.start("minf");
        if (video) {
            int vmhd = b.startFull("vmhd", 0, 1);
            b.zeros(8);
            b.end(vmhd);
        } else {
            int smhd = b.startFull("smhd", 0, 0);
            b.zeros(4);
            b.end(smhd);
        }
        int dinf = b.start("dinf");
        int dref = b.startFull("dref", 0, 0);
        b.u32(1);
        b.end(b.startFull("url ", 0, 1));
        b.end(dref);
        b.end(dinf);
        int stbl = b.start("stbl");
        int stsd = b.startFull("stsd", 0, 0);
        b.u32(1);
        sampleEntry(b, t, avcConfig);
        b.end(stsd);
        for (String empty : new String[] {"stts", "stsc", "stco"}) {
            int e = b.startFull(empty, 0, 0);
            b.u32(0);
            b.end(e);
        }
        int stsz = b.startFull("stsz", 0, 0);
        b.u32(0).u32(0);
        b.end(stsz);
        b.end(stbl);
        b.end(minf);
        b.end(mdia);
        b.end(trak);
    }

    private static void sampleEntry(Box b, Track t, byte[] avcConfig) throws IOException {
        byte[] config = t.codecConfigBytes();
        switch (t.codec()) {
            case H264 -> visual(b, t, "avc1", "avcC", avcConfig);
            case HEVC -> {
                if (config.length < 23 || config[0] != 1) {
                    throw new IOException("HEVC needs an hvcC codec configuration");
                }
                visual(b, t, "hvc1", "hvcC", config);
            }
            case AV1 -> {
                if (config.length < 4 || (config[0] & 0xFF) != 0x81) {
                    throw new IOException("AV1 needs an av1C codec configuration");
                }
                visual(b, t, "av01", "av1C", config);
            }
            case AAC -> aac(b, t.audio(), config.length >= 2 ? config : audioSpecificConfig(t.audio()));
            case OPUS -> opus(b, t.audio(), config);
            default -> throw new IOException("CMAF cannot carry " + t.codec());
        }
    }

    private static void visual(Box b, Track t, String type, String configType, byte[] config) {
        int entry = b.start(type);
        b.zeros(6).u16(1).zeros(16).u16(t.video().width()).u16(t.video().height())
                .u32(0x00480000).u32(0x00480000).u32(0).u16(1).zeros(32).u16(0x0018).u16(0xFFFF);
        int c = b.start(configType);
        b.bytes(config);
        b.end(c);
        b.end(entry);
    }

    private static void audioEntryStart(Box b, AudioFormat f, int sampleRate) {
        b.zeros(6).u16(1).zeros(8).u16(f.channels()).u16(16).u16(0).u16(0)
                .u32(sampleRate <= 0xFFFF ? (long) sampleRate << 16 : 0);
    }

    private static void aac(Box b, AudioFormat f, byte[] asc) {
        int entry = b.start("mp4a");
        audioEntryStart(b, f, f.sampleRate());
        int esds = b.startFull("esds", 0, 0);
        Box dsi = new Box();
        descriptor(dsi, 5, asc);
        Box dcd = new Box();
        dcd.u8(0x40).u8(0x15).u24(0).u32(0).u32(0).bytes(dsi.toByteArray());
        Box sl = new Box();
        descriptor(sl, 6, new byte[] {2});
        Box es = new Box();
        es.u16(0).u8(0);
        descriptor(es, 4, dcd.toByteArray());
        es.bytes(sl.toByteArray());
        descriptor(b, 3, es.toByteArray());
        b.end(esds);
        b.end(entry);
    }

    /** An MPEG-4 descriptor: tag, then the size in 7-bit groups. */
    private static void descriptor(Box b, int tag, byte[] body) {
        b.u8(tag);
        int n = body.length;
        b.u8(0x80 | ((n >> 21) & 0x7F)).u8(0x80 | ((n >> 14) & 0x7F)).u8(0x80 | ((n >> 7) & 0x7F)).u8(n & 0x7F);
        b.bytes(body);
    }

    /** AAC-LC AudioSpecificConfig for a track that came without one. */
    static byte[] audioSpecificConfig(AudioFormat f) {
        int index = 4;
        for (int i = 0; i < AAC_RATES.length; i++) {
            if (AAC_RATES[i] == f.sampleRate()) {
                index = i;
            }
        }
        int channels = Math.min(f.channels(), 7);
        return new byte[] {(byte) ((2 << 3) | (index >> 1)), (byte) (((index & 1) << 7) | (channels << 3))};
    }

    /** Opus in ISO BMFF: an Opus sample entry with a dOps box, taken from an OpusHead when there is one. */
    private static void opus(Box b, AudioFormat f, byte[] head) throws IOException {
        int channels = f.channels();
        int preSkip = 312;
        long inputRate = f.sampleRate();
        int gain = 0;
        if (head.length >= 19 && new String(head, 0, 8, StandardCharsets.US_ASCII).equals("OpusHead")) {
            channels = head[9] & 0xFF;
            preSkip = (head[10] & 0xFF) | ((head[11] & 0xFF) << 8);
            inputRate = (head[12] & 0xFFL) | ((head[13] & 0xFFL) << 8) | ((head[14] & 0xFFL) << 16) | ((head[15] & 0xFFL) << 24);
            gain = (head[16] & 0xFF) | ((head[17] & 0xFF) << 8);
            if (head[18] != 0) {
                throw new IOException("only Opus channel mapping family 0 (mono, stereo) is supported");
            }
        } else if (channels > 2) {
            throw new IOException("Opus with more than 2 channels needs an OpusHead configuration");
        }
        int entry = b.start("Opus");
        audioEntryStart(b, new AudioFormat(48000, channels, f.sampleFormat()), 48000);
        int dops = b.start("dOps");
        b.u8(0).u8(channels).u16(preSkip).u32(inputRate).u16(gain).u8(0);
        b.end(dops);
        b.end(entry);
    }
}
