package io.lectern.destination.push.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import io.lectern.api.plugin.PluginException;
import io.lectern.destination.push.PushPlatform;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The push engine against real receivers on loopback; ffprobe checks what they got. */
class PushSessionTest {

    private static final PushPlatform ANY = new PushPlatform("custom", "Custom", "", Set.of("rtmp", "rtmps", "srt"), Set.of(),
            false, "", "", null);

    @TempDir
    static Path clipDir;
    private static Clip clip;

    @TempDir
    Path dir;
    private Sinks sinks;

    @BeforeAll
    static void makeClip() throws Exception {
        clip = Clip.make(clipDir, 3);
    }

    @BeforeEach
    void setUp() {
        sinks = new Sinks(dir);
    }

    @AfterEach
    void tearDown() {
        sinks.close();
    }

    private static Target target(String url, String key) {
        Map<String, String> settings = Map.of("url", url, "key", key);
        assertEquals(java.util.List.of(), Target.check(ANY, settings));
        return Target.of(ANY, settings);
    }

    @Test
    void rtmpSinkGetsH264AndAac() throws Exception {
        int port = Sinks.freePort();
        sinks.nginx(port, null);
        try (PushSession s = new PushSession(target("rtmp://127.0.0.1:" + port + "/live", "plainkey"), 5000)) {
            clip.play(s);
        }
        assertReceived(dir.resolve("plainkey.flv"));
    }

    @Test
    void rtmpsThroughTlsGetsH264AndAac() throws Exception {
        int rtmp = Sinks.freePort();
        int tls = Sinks.freePort();
        sinks.nginx(rtmp, null);
        sinks.tls(tls, rtmp);
        try (PushSession s = new PushSession(target("rtmps://127.0.0.1:" + tls + "/live/", "tlskey"), 5000)) {
            clip.play(s);
        }
        assertReceived(dir.resolve("tlskey.flv"));
    }

    @Test
    void srtSinkGetsH264AndAac() throws Exception {
        int port = Sinks.freePort();
        File out = dir.resolve("srt.ts").toFile();
        sinks.srt(port, out);
        Thread.sleep(500); // srt-live-transmit gives no sign that it listens
        try (PushSession s = new PushSession(target("srt://127.0.0.1:" + port, "srtkey"), 5000)) {
            clip.play(s);
        }
        Thread.sleep(500);
        assertReceived(out.toPath());
    }

    private static void assertReceived(Path file) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String probe = "";
        while (System.nanoTime() < deadline) {
            probe = Files.exists(file) ? Sinks.probe(file) : "no file";
            if (probe.contains("h264") && probe.contains("aac")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the sink should have H.264 and AAC in " + file.getFileName() + ", ffprobe says: " + probe);
    }

    @Test
    void refusedKeyIsPermanent() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        HttpServer auth = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        auth.createContext("/auth", x -> {
            asked.incrementAndGet();
            x.sendResponseHeaders(403, -1);
            x.close();
        });
        auth.start();
        try {
            int port = Sinks.freePort();
            sinks.nginx(port, "http://127.0.0.1:" + auth.getAddress().getPort() + "/auth");
            PluginException e = assertThrows(PluginException.class,
                    () -> new PushSession(target("rtmp://127.0.0.1:" + port + "/live", "wrongkey"), 5000));
            assertTrue(e.isPermanent(), e.getMessage());
            assertTrue(e.getMessage().contains("refused the stream"), e.getMessage());
            assertFalse(e.getMessage().contains("wrongkey"), "the key never shows: " + e.getMessage());
            assertEquals(1, asked.get());
        } finally {
            auth.stop(0);
        }
    }

    @Test
    void noServerIsRetryable() throws Exception {
        int port = Sinks.freePort();
        PluginException e = assertThrows(PluginException.class, () -> new PushSession(target("rtmp://127.0.0.1:" + port + "/live", "k"), 5000));
        assertFalse(e.isPermanent(), e.getMessage());
        assertTrue(e.getMessage().contains("refused the connection"), e.getMessage());
    }

    @Test
    void silentServerTimesOutAndInterruptStopsAtOnce() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            Target t = target("rtmp://127.0.0.1:" + silent.getLocalPort() + "/live", "k");
            long start = System.nanoTime();
            PluginException e = assertThrows(PluginException.class, () -> new PushSession(t, 1500));
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertFalse(e.isPermanent(), e.getMessage());
            assertTrue(took < 4000 && e.getMessage().contains("no answer"), took + " ms: " + e.getMessage());

            // An interrupted worker (DestinationOutput.close) gets out of a blocked connect at once.
            CompletableFuture<Throwable> result = new CompletableFuture<>();
            Thread worker = new Thread(() -> {
                try {
                    new PushSession(t, 60_000).close();
                    result.complete(null);
                } catch (Throwable x) {
                    result.complete(x);
                }
            });
            worker.start();
            Thread.sleep(500);
            start = System.nanoTime();
            worker.interrupt();
            Throwable x = result.get(2, TimeUnit.SECONDS);
            assertTrue(x instanceof PluginException p && !p.isPermanent(), String.valueOf(x));
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 1500);
        }
    }
}
