package io.lectern.ingest.rtmp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hundreds of junk connections beside one real ffmpeg publisher: the publisher keeps delivering,
 * every junk connection is closed by the handshake deadline, and the threads go back to what
 * they were.
 */
class FloodTest {

    private static final Logger LOG = LoggerFactory.getLogger(FloodTest.class);
    private static final int HANDSHAKE_SECONDS = 3;
    /** Of each kind: idle, random bytes, half a handshake, one byte every so often. */
    private static final int PER_KIND = 75;
    private static final int FPS = 30;

    @TempDir
    Path dir;

    private final TestGateway gateway = new TestGateway();
    private final List<Socket> junk = new ArrayList<>();
    private final ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
    private RtmpIngest ingest;
    private Process ffmpeg;

    @AfterEach
    void stop() {
        drip.shutdownNow();
        junk.forEach(FloodTest::closeQuietly);
        if (ffmpeg != null) {
            ffmpeg.destroyForcibly();
        }
        if (ingest != null) {
            ingest.deactivate();
        }
    }

    @Test
    void junkConnectionsDoNotHurtTheRealPublisher() throws Exception {
        ingest = new RtmpIngest(TestConfig.of(Map.of("port", 0, "tlsPort", -1, "bindAddress", "127.0.0.1", "maxConnections", 1000,
                "handshakeTimeoutSeconds", HANDSHAKE_SECONDS, "idleTimeoutSeconds", 10)), gateway, dir);
        int port = ingest.localPort("rtmp");
        ffmpeg = Ffmpeg.publish("rtmp://127.0.0.1:" + port + "/live/good", "160x90", 40, dir.resolve("ffmpeg.log"));
        TestGateway.Recording real = gateway.awaitPublication(20);
        assertNotNull(real, () -> Ffmpeg.log(dir.resolve("ffmpeg.log")));
        real.awaitVideoPackets(2 * FPS, 20);
        List<String> baseline = rtmpThreads();

        long floodStart = System.nanoTime();
        int before = real.of(MediaMapper.VIDEO_TRACK).size();
        Random random = new Random(42);
        for (int i = 0; i < PER_KIND; i++) {
            junk.add(connect(port));
            Socket noise = connect(port);
            byte[] bytes = new byte[1 + random.nextInt(4000)];
            random.nextBytes(bytes);
            send(noise, bytes);
            junk.add(noise);
            Socket half = connect(port);
            byte[] halfHandshake = new byte[1 + Handshake.SIZE / 2];
            halfHandshake[0] = Handshake.VERSION;
            send(half, halfHandshake);
            junk.add(half);
            junk.add(slowLoris(connect(port)));
        }
        LOG.info("{} junk connections open", junk.size());

        // Each was opened within the flood, so all are past their deadline by now.
        Thread.sleep(TimeUnit.SECONDS.toMillis(HANDSHAKE_SECONDS) + 1500);
        int stillOpen = 0;
        for (Socket s : junk) {
            if (!closedByServer(s)) {
                stillOpen++;
            }
        }
        double seconds = (System.nanoTime() - floodStart) / 1e9;
        int delivered = real.of(MediaMapper.VIDEO_TRACK).size() - before;
        LOG.info("during {} s of flood the real stream delivered {} video packets ({} per second)", String.format("%.1f", seconds),
                delivered, String.format("%.1f", delivered / seconds));
        assertEquals(0, stillOpen, "junk connections left open after the handshake deadline");
        assertTrue(real.isOpen(), "the real publication stays open");
        // Loose on purpose (CI machines are busy): a starved publisher would deliver next to nothing.
        assertTrue(delivered >= FPS * seconds / 2, "video packets during the flood: " + delivered + " in " + seconds + " s");

        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!rtmpThreads().equals(baseline) && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertEquals(baseline, rtmpThreads(), "threads after the flood");
        assertEquals(1, gateway.publications.size(), "no junk connection reached the gateway");
    }

    private static Socket connect(int port) throws IOException {
        return new Socket(InetAddress.getLoopbackAddress(), port);
    }

    private static void send(Socket s, byte[] bytes) {
        try {
            s.getOutputStream().write(bytes);
        } catch (IOException e) {
            // The server may drop a bad client before it has sent everything; that is what it should do.
            LOG.debug("junk write ended: {}", e.toString());
        }
    }

    /** Sends a valid C0 and then one byte every 200 ms, never finishing the handshake in time. */
    private Socket slowLoris(Socket s) {
        drip.scheduleWithFixedDelay(() -> {
            try {
                s.getOutputStream().write(Handshake.VERSION);
            } catch (IOException closed) {
                throw new IllegalStateException("stop dripping", closed);
            }
        }, 0, 200, TimeUnit.MILLISECONDS);
        return s;
    }

    /** True when the server has closed the connection: the read ends or is reset, it does not wait. */
    private static boolean closedByServer(Socket s) {
        try {
            s.setSoTimeout(200);
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            while (in.read(buf) >= 0) {
                // Whatever the server answered before closing (S0S1S2 to a valid C0 and C1).
            }
            return true;
        } catch (SocketTimeoutException open) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private static List<String> rtmpThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("rtmp")).sorted().toList();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            LOG.debug("close: {}", e.toString());
        }
    }
}
