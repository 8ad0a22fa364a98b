package io.lectern.ingest.rtmp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class PacedInputStreamTest {

    private static final int PIECES = 100;

    @Test
    void takesWhatArrivedDuringAnIntervalInOneRead() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
             Socket accepted = server.accept()) {
            client.setTcpNoDelay(true);
            Thread writer = new Thread(() -> write(client), "paced-test-writer");
            AtomicInteger reads = new AtomicInteger();
            InputStream counting = new FilterInputStream(accepted.getInputStream()) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    reads.incrementAndGet();
                    return super.read(b, off, len);
                }
            };
            PacedInputStream paced = new PacedInputStream(counting, accepted.getInputStream());
            paced.pace(50);
            InputStream in = new BufferedInputStream(paced, 4096);
            long t0 = System.nanoTime();
            writer.start();
            byte[] got = in.readNBytes(PIECES);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            writer.join();
            byte[] sent = new byte[PIECES];
            for (int i = 0; i < PIECES; i++) {
                sent[i] = (byte) i;
            }
            assertArrayEquals(sent, got, "every byte, in order");
            // At most one read after each wait, and one that blocks when the wait found nothing.
            long bound = 2 * (millis / 50 + 1);
            assertTrue(reads.get() <= bound, reads.get() + " reads in " + millis + " ms; at most " + bound + " expected, not one per piece");
        }
    }

    /**
     * TLS hands out one record per read and reports nothing available between records: whatever
     * already waits in the socket must still be read at once, not one record per interval.
     */
    @Test
    void readsAtOnceWhatWaitsInTheSocketBehindAStreamThatHandsOutLittle() throws Exception {
        byte[] data = new byte[20_000];
        ByteArrayInputStream socket = new ByteArrayInputStream(data);
        InputStream records = new FilterInputStream(socket) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 100));
            }

            @Override
            public int available() {
                return 0;
            }
        };
        PacedInputStream paced = new PacedInputStream(records, socket);
        paced.pace(100);
        long t0 = System.nanoTime();
        byte[] got = new BufferedInputStream(paced, 4096).readNBytes(data.length);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(data.length, got.length);
        // 200 records: one per interval would take 20 s; the first read may wait one interval.
        assertTrue(millis < 2000, "took " + millis + " ms");
    }

    /** One byte every 2 ms, each in its own TCP segment, as a publisher sends its packets. */
    private static void write(Socket s) {
        try {
            OutputStream out = s.getOutputStream();
            for (int i = 0; i < PIECES; i++) {
                out.write(i);
                out.flush();
                Thread.sleep(2);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
