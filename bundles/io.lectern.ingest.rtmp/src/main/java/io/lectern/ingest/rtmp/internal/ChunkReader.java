package io.lectern.ingest.rtmp.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Puts RTMP messages back together from chunks (all four header types, extended timestamps).
 * Handles Set Chunk Size and Abort itself, since they change how the next chunks read.
 */
final class ChunkReader {

    /** Larger messages are refused: even a 4K keyframe stays well below this. */
    static final int MAX_MESSAGE = 8 << 20;
    /** Bytes that unfinished messages may hold together, so many chunk streams cannot exhaust memory. */
    private static final long MAX_UNFINISHED = 32 << 20;
    private static final int MAX_CHUNK_STREAMS = 64;
    private static final long MASK32 = 0xFFFFFFFFL;

    private final InputStream in;
    private final Map<Integer, ChunkStream> streams = new HashMap<>();
    private int chunkSize = 128;
    private long bytesRead;
    private long unfinished;

    /** What a chunk stream remembers from its last header. */
    private static final class ChunkStream {
        long timestamp;
        long delta;
        int length;
        int type;
        int streamId;
        boolean extended;
        byte[] buffer;
        int filled;
    }

    ChunkReader(InputStream in) {
        this.in = in;
    }

    /** Bytes read so far, for acknowledgements. */
    long bytesRead() {
        return bytesRead;
    }

    /** The next complete message, or null when the input ends between two chunks. */
    RtmpMessage next() throws IOException {
        while (true) {
            int b0 = in.read();
            if (b0 < 0) {
                return null;
            }
            bytesRead++;
            int fmt = b0 >>> 6;
            int csid = b0 & 0x3f;
            if (csid == 0) {
                csid = 64 + u8();
            } else if (csid == 1) {
                int low = u8();
                csid = 64 + low + (u8() << 8);
            }
            ChunkStream cs = streams.get(csid);
            if (cs == null) {
                if (fmt != 0) {
                    throw new ProtocolException("chunk stream " + csid + " starts with a type " + fmt + " header instead of type 0");
                }
                if (streams.size() >= MAX_CHUNK_STREAMS) {
                    throw new ProtocolException("more than " + MAX_CHUNK_STREAMS + " chunk streams");
                }
                cs = new ChunkStream();
                streams.put(csid, cs);
            }
            boolean continuing = cs.buffer != null;
            if (continuing && fmt != 3) {
                throw new ProtocolException("chunk stream " + csid + " starts a new message before its last one is complete");
            }
            readHeader(fmt, cs, continuing);
            if (!continuing) {
                if (cs.length > MAX_MESSAGE) {
                    throw new ProtocolException("message of " + cs.length + " bytes (the limit is " + MAX_MESSAGE + ")");
                }
                if (unfinished + cs.length > MAX_UNFINISHED) {
                    throw new ProtocolException("too many unfinished messages");
                }
                cs.buffer = new byte[cs.length];
                cs.filled = 0;
                unfinished += cs.length;
            }
            int n = Math.min(chunkSize, cs.length - cs.filled);
            readFully(cs.buffer, cs.filled, n);
            cs.filled += n;
            if (cs.filled == cs.length) {
                RtmpMessage m = new RtmpMessage(csid, cs.type, cs.streamId, cs.timestamp, cs.buffer);
                cs.buffer = null;
                unfinished -= cs.length;
                control(m);
                return m;
            }
        }
    }

    private void readHeader(int fmt, ChunkStream cs, boolean continuing) throws IOException {
        switch (fmt) {
            case 0: {
                long ts = u24();
                cs.length = (int) u24();
                cs.type = u8();
                cs.streamId = (int) u32le();
                cs.extended = ts == 0xFFFFFF;
                if (cs.extended) {
                    ts = u32();
                }
                cs.timestamp = ts;
                // A type 3 header after a type 0 one reuses its timestamp as the delta.
                cs.delta = ts;
                break;
            }
            case 1:
            case 2: {
                long delta = u24();
                if (fmt == 1) {
                    cs.length = (int) u24();
                    cs.type = u8();
                }
                cs.extended = delta == 0xFFFFFF;
                if (cs.extended) {
                    delta = u32();
                }
                cs.delta = delta;
                cs.timestamp = (cs.timestamp + delta) & MASK32;
                break;
            }
            default: {
                // Type 3 repeats the extended timestamp when the header it continues had one.
                if (cs.extended) {
                    long ext = u32();
                    if (!continuing) {
                        cs.delta = ext;
                    }
                }
                if (!continuing) {
                    cs.timestamp = (cs.timestamp + cs.delta) & MASK32;
                }
            }
        }
    }

    private void control(RtmpMessage m) throws ProtocolException {
        byte[] p = m.payload();
        if (m.type() == RtmpMessage.SET_CHUNK_SIZE) {
            long size = p.length < 4 ? 0 : be32(p, 0);
            if (size < 1 || size > Integer.MAX_VALUE) {
                throw new ProtocolException("invalid chunk size " + size);
            }
            chunkSize = (int) size;
        } else if (m.type() == RtmpMessage.ABORT && p.length >= 4) {
            ChunkStream cs = streams.get((int) be32(p, 0));
            if (cs != null && cs.buffer != null) {
                unfinished -= cs.length;
                cs.buffer = null;
            }
        }
    }

    static long be32(byte[] p, int off) {
        return (p[off] & 0xffL) << 24 | (p[off + 1] & 0xff) << 16 | (p[off + 2] & 0xff) << 8 | (p[off + 3] & 0xff);
    }

    private int u8() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw truncated();
        }
        bytesRead++;
        return b;
    }

    private long u24() throws IOException {
        return (long) u8() << 16 | u8() << 8 | u8();
    }

    private long u32() throws IOException {
        return u24() << 8 | u8();
    }

    private long u32le() throws IOException {
        return u8() | u8() << 8 | u8() << 16 | (long) u8() << 24;
    }

    private void readFully(byte[] buf, int off, int len) throws IOException {
        int n = in.readNBytes(buf, off, len);
        bytesRead += n;
        if (n < len) {
            throw truncated();
        }
    }

    private static ProtocolException truncated() {
        return new ProtocolException("the connection ended in the middle of a chunk");
    }
}
