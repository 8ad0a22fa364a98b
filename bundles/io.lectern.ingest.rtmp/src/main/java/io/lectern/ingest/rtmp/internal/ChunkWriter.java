package io.lectern.ingest.rtmp.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes the server's messages: a type 0 header, then type 3 headers for the rest. The server
 * sends only small replies with timestamp 0, so nothing cleverer pays off.
 */
final class ChunkWriter {

    private final OutputStream out;
    private int chunkSize = 128;

    ChunkWriter(OutputStream out) {
        this.out = out;
    }

    /** Call after the Set Chunk Size message went out. */
    void chunkSize(int size) {
        chunkSize = size;
    }

    void write(int csid, int type, int streamId, byte[] payload) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(payload.length + 16);
        b.write(csid);
        b.write(0);
        b.write(0);
        b.write(0);
        b.write(payload.length >>> 16);
        b.write(payload.length >>> 8);
        b.write(payload.length);
        b.write(type);
        b.write(streamId);
        b.write(streamId >>> 8);
        b.write(streamId >>> 16);
        b.write(streamId >>> 24);
        for (int off = 0; off < payload.length; off += chunkSize) {
            if (off > 0) {
                b.write(0xC0 | csid);
            }
            b.write(payload, off, Math.min(chunkSize, payload.length - off));
        }
        b.writeTo(out);
        out.flush();
    }
}
