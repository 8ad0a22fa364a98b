package io.lectern.ingest.rtmp.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The simple RTMP handshake, server side. Clients that send the digest variant (ffmpeg, OBS) get
 * their C1 echoed as S2; S1 carries a zero version, which tells them not to check digests.
 */
final class Handshake {

    static final int VERSION = 3;
    static final int SIZE = 1536;

    private Handshake() {
    }

    static void serve(InputStream in, OutputStream out) throws IOException {
        int c0 = in.read();
        if (c0 < 0) {
            throw new ProtocolException("the connection ended before the handshake");
        }
        if (c0 != VERSION) {
            throw new ProtocolException(switch (c0) {
                case 0x16 -> "a TLS client on the plain RTMP port (use the rtmps:// port)";
                case 6, 8, 9 -> "encrypted RTMPE is not supported";
                case 'G', 'P', 'H' -> "an HTTP request on the RTMP port";
                default -> "unsupported RTMP version " + c0;
            });
        }
        byte[] c1 = readFully(in);
        byte[] s = new byte[1 + 2 * SIZE];
        s[0] = VERSION;
        int uptime = (int) (System.nanoTime() / 1_000_000);
        s[1] = (byte) (uptime >>> 24);
        s[2] = (byte) (uptime >>> 16);
        s[3] = (byte) (uptime >>> 8);
        s[4] = (byte) uptime;
        // Bytes 5..8 stay zero: the simple handshake. The rest of S1 is random.
        byte[] random = new byte[SIZE - 8];
        ThreadLocalRandom.current().nextBytes(random);
        System.arraycopy(random, 0, s, 9, random.length);
        System.arraycopy(c1, 0, s, 1 + SIZE, SIZE);
        out.write(s);
        out.flush();
        // C2 should echo S1; clients differ, and nothing depends on it.
        readFully(in);
    }

    private static byte[] readFully(InputStream in) throws IOException {
        byte[] b = in.readNBytes(SIZE);
        if (b.length < SIZE) {
            throw new ProtocolException("the connection ended during the handshake");
        }
        return b;
    }
}
