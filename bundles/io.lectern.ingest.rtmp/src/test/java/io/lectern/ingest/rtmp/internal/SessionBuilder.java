package io.lectern.ingest.rtmp.internal;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.Map;

/** Writes a publisher's side of an RTMP session in code, as a client would send it. */
final class SessionBuilder {

    /** avcC of a 320x240 H.264 Baseline stream made by x264. */
    static final byte[] AVCC = HexFormat.of().parseHex(
            "0142c00dffe10016" + "6742c00dda0507ec0440000003004000000c83c50aa8" + "010004" + "68ce0fc8");
    /** AudioSpecificConfig: AAC LC, 44.1 kHz, stereo. */
    static final byte[] ASC = {0x12, 0x10};

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int chunkSize = 128;

    SessionBuilder handshake() {
        out.write(3);
        out.writeBytes(new byte[2 * Handshake.SIZE]);
        return this;
    }

    SessionBuilder connect(String app) {
        return command(3, 0, "connect", 1.0, Map.of("app", app, "tcUrl", "rtmp://localhost/" + app));
    }

    SessionBuilder publish(String key) {
        command(3, 0, "createStream", 2.0, null);
        return command(4, 1, "publish", 0.0, null, key, "live");
    }

    SessionBuilder command(int csid, int streamId, Object... values) {
        Amf0.Writer w = new Amf0.Writer();
        for (Object v : values) {
            w.value(v);
        }
        return message(csid, RtmpMessage.COMMAND_AMF0, streamId, 0, w.toBytes());
    }

    SessionBuilder chunkSize(int size) {
        message(2, RtmpMessage.SET_CHUNK_SIZE, 0, 0, new byte[] {(byte) (size >>> 24), (byte) (size >>> 16), (byte) (size >>> 8), (byte) size});
        chunkSize = size;
        return this;
    }

    SessionBuilder metadata(Map<String, Object> meta) {
        byte[] p = new Amf0.Writer().value("@setDataFrame").value("onMetaData").value(meta).toBytes();
        return message(4, RtmpMessage.DATA_AMF0, 1, 0, p);
    }

    SessionBuilder videoConfig(long ts) {
        return message(6, RtmpMessage.VIDEO, 1, ts, concat(new byte[] {0x17, 0, 0, 0, 0}, AVCC));
    }

    SessionBuilder audioConfig(long ts) {
        return message(4, RtmpMessage.AUDIO, 1, ts, concat(new byte[] {(byte) 0xaf, 0}, ASC));
    }

    /** An H.264 picture of one small NAL unit, composition time 0. */
    SessionBuilder video(long ts, boolean key) {
        return message(6, RtmpMessage.VIDEO, 1, ts, new byte[] {(byte) (key ? 0x17 : 0x27), 1, 0, 0, 0, 0, 0, 0, 2, 0x65, 0x00});
    }

    SessionBuilder audio(long ts) {
        return message(4, RtmpMessage.AUDIO, 1, ts, new byte[] {(byte) 0xaf, 1, 0x21, 0x10, 0x04});
    }

    /** One message with a type 0 header (extended timestamp when needed) and type 3 continuations. */
    SessionBuilder message(int csid, int type, int streamId, long ts, byte[] payload) {
        boolean ext = ts >= 0xFFFFFF;
        out.write(csid);
        u24(ext ? 0xFFFFFF : ts);
        u24(payload.length);
        out.write(type);
        out.write(streamId);
        out.write(streamId >>> 8);
        out.write(streamId >>> 16);
        out.write(streamId >>> 24);
        if (ext) {
            u32(ts);
        }
        for (int off = 0; off < payload.length || off == 0; off += chunkSize) {
            if (off > 0) {
                out.write(0xC0 | csid);
                if (ext) {
                    u32(ts);
                }
            }
            out.write(payload, off, Math.min(chunkSize, payload.length - off));
            if (payload.length == 0) {
                break;
            }
        }
        return this;
    }

    SessionBuilder raw(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    private void u24(long v) {
        out.write((int) (v >>> 16));
        out.write((int) (v >>> 8));
        out.write((int) v);
    }

    private void u32(long v) {
        out.write((int) (v >>> 24));
        u24(v & 0xFFFFFF);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
