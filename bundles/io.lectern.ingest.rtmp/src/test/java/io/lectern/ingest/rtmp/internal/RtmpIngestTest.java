package io.lectern.ingest.rtmp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.lectern.api.media.Codec;
import io.lectern.api.media.Packet;
import io.lectern.api.media.Track;
import io.lectern.api.plugin.IngestProtocol;
import io.lectern.api.plugin.PluginHealth;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The server with ffmpeg publishing over real sockets. */
class RtmpIngestTest {

    private static final int IDLE_SECONDS = 3;

    /** Shared, so the self-signed keystore is made once, as on a real server. */
    @TempDir
    static Path dir;

    private final TestGateway gateway = new TestGateway();
    private final List<Process> processes = new ArrayList<>();
    private RtmpIngest ingest;
    private int port;
    private int tlsPort;

    @BeforeEach
    void start() throws IOException {
        ingest = new RtmpIngest(TestConfig.of(Map.of("port", 0, "tlsPort", 0, "bindAddress", "127.0.0.1",
                "idleTimeoutSeconds", IDLE_SECONDS, "handshakeTimeoutSeconds", 5)), gateway, dir);
        port = ingest.localPort("rtmp");
        tlsPort = ingest.localPort("rtmps");
        assertTrue(port > 0 && tlsPort > 0 && port != tlsPort, "port 0 picks a free port for both: " + port + ", " + tlsPort);
        assertEquals(PluginHealth.up(), ingest.health());
    }

    @AfterEach
    void stop() {
        if (ingest != null) {
            ingest.deactivate();
        }
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void rtmpPublishDeliversH264AndAac() throws Exception {
        Path log = dir.resolve("ffmpeg.log");
        Process p = start(url("rtmp", port, "live", "good"), 3, log);
        assertEquals(0, Ffmpeg.await(p, 40), () -> Ffmpeg.log(log));
        TestGateway.Recording r = gateway.awaitPublication(1);
        assertNotNull(r);
        assertTrue(r.closed.await(10, TimeUnit.SECONDS), "publication closed when ffmpeg finished");
        assertMedia(r, 3);
        assertFalse(r.stats.isEmpty(), "stats reported every second");
        assertTrue(r.stats.stream().anyMatch(s -> s[0] > 10_000 && s[1] > 0), "bitrate and fps reported");
        assertEquals("rtmp", r.protocolId);
        assertTrue(r.remote.startsWith("127.0.0.1:"), r.remote);
    }

    /** Enhanced RTMP (FourCC video tags) as OBS 30+ sends it, from a real FFmpeg 7 publisher. */
    @ParameterizedTest
    @CsvSource({"libx265, HEVC", "libaom-av1, AV1"})
    void enhancedRtmpDeliversHevcAndAv1(String encoder, Codec codec) throws Exception {
        Path log = dir.resolve(encoder + ".log");
        Process p = Ffmpeg.publishEnhanced(url("rtmp", port, "live", "good"), encoder, 3, dir, log);
        processes.add(p);
        assertEquals(0, Ffmpeg.await(p, 60), () -> Ffmpeg.log(log));
        TestGateway.Recording r = gateway.awaitPublication(1);
        assertNotNull(r);
        assertTrue(r.closed.await(10, TimeUnit.SECONDS));
        Track video = r.tracks.get(0).get(0);
        assertEquals(1, r.tracks.size(), () -> "tracks declared once: " + r.tracks);
        assertEquals(codec, video.codec());
        assertEquals(640, video.video().width());
        assertEquals(360, video.video().height());
        assertEquals(1, video.codecConfigBytes()[0] & 0x7f, "hvcC / av1C version");
        assertEquals(Codec.AAC, r.tracks.get(0).get(1).codec());
        List<Packet> v = r.of(MediaMapper.VIDEO_TRACK);
        assertTrue(v.get(0).isKeyframe(), "starts at a keyframe");
        assertTrue(v.size() >= 25 * 3 * 8 / 10, "video packets: " + v.size());
        for (int i = 1; i < v.size(); i++) {
            assertTrue(v.get(i).dts() > v.get(i - 1).dts(), "video dts increases at " + i);
        }
    }

    @Test
    void rtmpsPublishDeliversH264AndAac() throws Exception {
        Path log = dir.resolve("ffmpeg.log");
        Process p = start(url("rtmps", tlsPort, "live", "good"), 3, log);
        assertEquals(0, Ffmpeg.await(p, 40), () -> Ffmpeg.log(log));
        assertTrue(Files.exists(dir.resolve("tls/rtmps.p12")), "self-signed keystore kept in the data folder");
        TestGateway.Recording r = gateway.awaitPublication(1);
        assertNotNull(r);
        assertTrue(r.closed.await(10, TimeUnit.SECONDS));
        assertMedia(r, 3);
    }

    @Test
    void unknownKeyIsRefusedAndTheServerTakesTheNextPublisher() throws Exception {
        Path log = dir.resolve("refused.log");
        assertNotEquals(0, Ffmpeg.await(start(url("rtmp", port, "live", "nope"), 2, log), 30), "ffmpeg must fail on an unknown key");
        assertEquals(1, gateway.attempts.get());
        assertTrue(gateway.publications.isEmpty());

        Path log2 = dir.resolve("ok.log");
        assertEquals(0, Ffmpeg.await(start(url("rtmp", port, "live", "good"), 2, log2), 30), () -> Ffmpeg.log(log2));
        TestGateway.Recording r = gateway.awaitPublication(1);
        assertNotNull(r);
        assertFalse(r.tracks.isEmpty());
    }

    @Test
    void disabledStreamIsRefused() throws Exception {
        Path log = dir.resolve("off.log");
        assertNotEquals(0, Ffmpeg.await(start(url("rtmp", port, "live", "off"), 2, log), 30));
        assertTrue(Ffmpeg.log(log).contains("disabled"), () -> Ffmpeg.log(log));
    }

    @Test
    void otherApplicationIsRefused() throws Exception {
        Path log = dir.resolve("app.log");
        assertNotEquals(0, Ffmpeg.await(start(url("rtmp", port, "other", "good"), 2, log), 30));
        assertEquals(0, gateway.attempts.get(), "the gateway never hears of a refused app");
    }

    @Test
    void killedPublisherClosesThePublication() throws Exception {
        Process p = start(url("rtmp", port, "live", "good"), 60, dir.resolve("kill.log"));
        TestGateway.Recording r = gateway.awaitPublication(20);
        assertNotNull(r);
        r.awaitVideoPackets(20, 20);
        p.destroyForcibly();
        assertTrue(r.closed.await(IDLE_SECONDS + 10, TimeUnit.SECONDS), "publication closed after the publisher died");
        assertTrue(r.ended);
    }

    @Test
    void stalledPublisherTimesOut() throws Exception {
        Process p = start(url("rtmp", port, "live", "good"), 60, dir.resolve("stall.log"));
        TestGateway.Recording r = gateway.awaitPublication(20);
        assertNotNull(r);
        r.awaitVideoPackets(20, 20);
        // A stopped process keeps its socket open but sends nothing, like a vanished network.
        assertEquals(0, new ProcessBuilder("kill", "-STOP", Long.toString(p.pid())).start().waitFor());
        assertTrue(r.closed.await(IDLE_SECONDS + 10, TimeUnit.SECONDS), "publication closed after the idle timeout");
    }

    @Test
    void deactivateStopsEveryThread() throws Exception {
        Process p = start(url("rtmp", port, "live", "good"), 60, dir.resolve("deactivate.log"));
        TestGateway.Recording r = gateway.awaitPublication(20);
        assertNotNull(r);
        r.awaitVideoPackets(10, 20);
        assertTrue(rtmpThreads().size() >= 3, rtmpThreads().toString());
        ingest.deactivate();
        ingest = null;
        assertEquals(List.of(), rtmpThreads());
        assertEquals(0, r.closed.getCount(), "publication closed on deactivate");
        assertNotEquals(0, Ffmpeg.await(p, 30), "ffmpeg sees the server go away");
    }

    @Test
    void publishUrlsUseTheConfiguredPorts() {
        assertEquals(IngestProtocol.Mode.LISTENER, ingest.mode());
        assertEquals("rtmp", ingest.id());
        assertEquals(List.of("rtmp://example.org:" + port + "/live/k", "rtmps://example.org:" + tlsPort + "/live/k"),
                ingest.publishUrls("example.org:8080", "k"));
        assertEquals("[::1]", RtmpIngest.hostOnly("[::1]:8080"));
        assertEquals("[::1]", RtmpIngest.hostOnly("::1"));
    }

    @Test
    void aKeystoreThatCannotBeReadTurnsRtmpsOffAndLeavesRtmp() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.p12"), "not a keystore");
        RtmpIngest bad = new RtmpIngest(TestConfig.of(Map.of("port", 0, "tlsPort", 0, "bindAddress", "127.0.0.1",
                "keystore", broken.toString())), gateway, dir);
        try {
            // The keystore is read by the RTMPS accept thread, so Lectern's start does not wait for it.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (bad.localPort("rtmps") > 0 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertEquals(-1, bad.localPort("rtmps"), "no RTMPS listener without a usable keystore");
            PluginHealth health = bad.health();
            assertEquals(PluginHealth.State.DEGRADED, health.state(), health.toString());
            assertTrue(health.reason().contains("RTMPS is off: cannot use the keystore " + broken), health.reason());
            assertEquals(List.of("rtmp://h:" + bad.localPort("rtmp") + "/live/k"), bad.publishUrls("h", "k"));
            Path log = dir.resolve("ffmpeg-bad-keystore.log");
            Process p = start(url("rtmp", bad.localPort("rtmp"), "live", "good"), 1, log);
            assertEquals(0, Ffmpeg.await(p, 40), () -> Ffmpeg.log(log));
        } finally {
            bad.deactivate();
        }
    }

    @Test
    void negativePortTurnsAListenerOff() {
        RtmpIngest tlsOnly = new RtmpIngest(TestConfig.of(Map.of("port", -1, "tlsPort", 0, "bindAddress", "127.0.0.1")), gateway, dir);
        try {
            assertEquals(-1, tlsOnly.localPort("rtmp"));
            int only = tlsOnly.localPort("rtmps");
            assertTrue(only > 0);
            assertEquals(List.of("rtmps://h:" + only + "/live/k"), tlsOnly.publishUrls("h", "k"));
        } finally {
            tlsOnly.deactivate();
        }
        RtmpIngest plainOnly = new RtmpIngest(TestConfig.of(Map.of("port", 0, "tlsPort", -1, "bindAddress", "127.0.0.1")), gateway, dir);
        try {
            assertEquals(-1, plainOnly.localPort("rtmps"));
            assertEquals(List.of("rtmp://h:" + plainOnly.localPort("rtmp") + "/live/k"), plainOnly.publishUrls("h", "k"));
        } finally {
            plainOnly.deactivate();
        }
    }

    @Test
    void defaultsMatchTheContract() {
        RtmpIngest.Config c = TestConfig.of(Map.of());
        assertEquals(1935, c.port());
        assertEquals(1936, c.tlsPort());
        assertEquals("0.0.0.0", c.bindAddress());
        assertEquals("live", c.app());
        assertEquals(100, c.maxConnections());
        assertEquals(10, c.handshakeTimeoutSeconds());
        assertEquals(30, c.idleTimeoutSeconds());
    }

    private static void assertMedia(TestGateway.Recording r, int seconds) {
        assertTrue(r.ended, "sink ended");
        assertFalse(r.tracks.isEmpty(), "tracks declared");
        List<Track> tracks = r.tracks.get(0);
        assertEquals(2, tracks.size(), tracks.toString());
        Track video = tracks.get(0);
        assertEquals(Codec.H264, video.codec());
        assertEquals(640, video.video().width());
        assertEquals(360, video.video().height());
        assertEquals(30.0, video.video().fps(), 0.01);
        assertEquals(1, video.codecConfigBytes()[0], "avcC version");
        Track audio = tracks.get(1);
        assertEquals(Codec.AAC, audio.codec());
        assertTrue(audio.audio().sampleRate() == 44100 || audio.audio().sampleRate() == 48000, audio.toString());
        assertTrue(audio.codecConfigBytes().length >= 2);

        Packet first = r.packets.get(0);
        assertEquals(MediaMapper.VIDEO_TRACK, first.trackId(), "stream starts with video");
        assertTrue(first.isKeyframe(), "stream starts at a keyframe");
        List<Packet> v = r.of(MediaMapper.VIDEO_TRACK);
        int expected = 30 * seconds;
        assertTrue(v.size() >= expected * 8 / 10 && v.size() <= expected + 10, "video packets: " + v.size());
        for (int i = 1; i < v.size(); i++) {
            assertTrue(v.get(i).dts() > v.get(i - 1).dts(), "video dts increases at " + i);
            assertTrue(v.get(i).pts() >= v.get(i).dts());
        }
        // Length-prefixed NAL units, 4-byte lengths, filling the packet exactly.
        Packet key = v.get(0);
        var data = key.payload();
        int n = data.getInt();
        assertTrue(n > 0 && n <= data.remaining());
        assertTrue(r.of(MediaMapper.AUDIO_TRACK).size() > seconds * 30, "audio packets");
    }

    private Process start(String url, int seconds, Path log) throws IOException {
        Process p = Ffmpeg.publish(url, "640x360", seconds, log);
        processes.add(p);
        return p;
    }

    private static String url(String scheme, int port, String app, String key) {
        return scheme + "://127.0.0.1:" + port + "/" + app + "/" + key;
    }

    private static List<String> rtmpThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("rtmp")).sorted().toList();
    }
}
