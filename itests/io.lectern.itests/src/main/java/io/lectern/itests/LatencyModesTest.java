package io.lectern.itests;

import static io.lectern.itests.PluginLifecycleTest.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lectern.api.pipeline.PipelineRegistry;
import io.lectern.api.pipeline.PipelineState;
import io.lectern.api.profile.LatencyMode;
import io.lectern.api.profile.LatencyProfile;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A test pattern stream in each latency mode, started and stopped from the Gogo shell: ffprobe reads
 * its HLS and DASH as the 360p/240p ladder, segments last what the mode says, every segment of every
 * rung starts with a keyframe at the same time in both rungs, and low-latency playlists carry the
 * LL-HLS tags and answer blocking requests as soon as the part is written.
 */
class LatencyModesTest {

    private static final String STREAM = "modes-itest";
    private static final String[] RUNGS = {"360p", "240p"};
    private static final Pattern EXTINF = Pattern.compile("#EXTINF:([0-9.]+),\\n(\\S+)");
    private static final Pattern HINT = Pattern.compile("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"(\\w+)/seg-(\\d+)\\.(\\d+)\\.m4s\"");

    private final BundleContext context = FrameworkUtil.getBundle(LatencyModesTest.class).getBundleContext();
    private final List<ServiceTracker<?, ?>> trackers = new ArrayList<>();
    private Http http;
    private PipelineRegistry registry;
    private CommandProcessor shell;

    @BeforeEach
    void connect() throws Exception {
        http = Http.signIn(context);
        registry = service(PipelineRegistry.class);
        shell = service(CommandProcessor.class);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (registry.pipeline(STREAM).isPresent()) {
                String stopped = ShellCommandsTest.run(shell, "lectern:stop " + STREAM);
                assertTrue(stopped.contains("Stopped " + STREAM + "."), stopped);
                assertTrue(registry.pipeline(STREAM).isEmpty(), "no pipeline after lectern:stop");
            }
        } finally {
            http.delete("/api/v1/streams/" + STREAM);
            trackers.forEach(ServiceTracker::close);
        }
    }

    @Test
    void lowLatency() throws Exception {
        String playlist = run(LatencyMode.LOW_LATENCY);
        for (String tag : List.of("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES", "#EXT-X-PART-INF:PART-TARGET=", "#EXT-X-PART:DURATION=",
                "#EXT-X-PRELOAD-HINT:TYPE=PART")) {
            assertTrue(playlist.contains(tag), tag + " in " + playlist);
        }
        blockingReloadAnswersWhenThePartIsWritten();
        dashSegmentsComePartByPartWhileWritten();
    }

    @Test
    void tutorial() throws Exception {
        assertFalse(run(LatencyMode.TUTORIAL).contains("#EXT-X-PART"));
    }

    @Test
    void highQuality() throws Exception {
        assertFalse(run(LatencyMode.HIGH_QUALITY).contains("#EXT-X-PART"));
    }

    /** Runs the stream in one mode, checks what a player gets, and returns the 360p playlist. */
    private String run(LatencyMode mode) throws Exception {
        LatencyProfile profile = mode.defaults();
        HttpResponse<String> created = http.post("/api/v1/streams", "{\"name\":\"" + STREAM + "\",\"ingest\":\"testpattern\",\"latencyMode\":\""
                + mode.id() + "\",\"ladder\":[\"360p\",\"240p\"],\"settings\":{\"width\":\"640\",\"height\":\"360\",\"fps\":\"25\"}}");
        assertEquals(201, created.statusCode(), created.body());
        String started = ShellCommandsTest.run(shell, "lectern:start " + STREAM);
        assertTrue(started.contains("Started " + STREAM + ": "), started);
        await("the stream is live", () -> registry.pipeline(STREAM).map(p -> p.state() == PipelineState.LIVE).orElse(false), 30);
        await("both rungs have two segments", () -> Arrays.stream(RUNGS).allMatch(r -> segments(r).size() >= 2),
                (int) (4 * profile.segmentSeconds()) + 30);

        String renditions = ShellCommandsTest.run(shell, "lectern:renditions " + STREAM);
        assertTrue(renditions.contains("360p") && renditions.contains("240p") && renditions.contains("x264"), renditions);

        String master = http.anonymous("/live/" + STREAM + "/master.m3u8").body();
        assertTrue(master.contains("RESOLUTION=640x360") && master.contains("RESOLUTION=426x240"), master);
        assertTrue(master.contains("avc1.") && master.contains("mp4a.40.2"), master);
        String base = http.base() + "/live/" + STREAM;
        assertEquals("h264,640,360", Probe.first(base + "/360p.m3u8", "stream=codec_name,width,height", "v"));
        assertEquals("h264,426,240", Probe.first(base + "/240p.m3u8", "stream=codec_name,width,height", "v"));
        String dash = Probe.run("-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", base + "/manifest.mpd");
        assertTrue(dash.contains("h264,640,360") && dash.contains("h264,426,240") && dash.contains("aac"), dash);

        // Segment starts, as the first video packet's time in each segment: keyframes, the same in every rung.
        List<List<String>> starts = new ArrayList<>();
        for (String rung : RUNGS) {
            starts.add(keyframeStarts(rung, profile.segmentSeconds()));
        }
        int common = Math.min(starts.get(0).size(), starts.get(1).size());
        assertTrue(common >= 2, "segments to compare: " + starts);
        assertEquals(starts.get(0).subList(0, common), starts.get(1).subList(0, common), "segment boundaries of 360p and 240p");
        return playlist("360p");
    }

    /**
     * Checks each complete segment of a rung: it lasts the mode's segment length (to a frame) and its
     * first video packet is a keyframe. Returns the segments' start times, oldest first.
     */
    private List<String> keyframeStarts(String rung, double segmentSeconds) throws Exception {
        byte[] init = http.getBytes("/live/" + STREAM + "/" + rung + "/init.mp4").body();
        List<String> starts = new ArrayList<>();
        for (String[] s : segments(rung)) {
            double duration = Double.parseDouble(s[0]);
            assertTrue(Math.abs(duration - segmentSeconds) <= 0.05, rung + "/" + s[1] + " lasts " + duration + " s, not " + segmentSeconds);
            HttpResponse<byte[]> media = http.getBytes("/live/" + STREAM + "/" + s[1]);
            assertEquals(200, media.statusCode(), s[1]);
            Path file = Files.createTempFile("segment", ".mp4");
            try {
                Files.write(file, init);
                Files.write(file, media.body(), StandardOpenOption.APPEND);
                String first = Probe.run("-select_streams", "v:0", "-read_intervals", "%+#1", "-show_entries", "packet=pts_time,flags",
                        "-of", "csv=p=0", file.toString());
                String[] f = first.lines().findFirst().orElse("").split(",");
                assertTrue(f.length == 2 && f[1].startsWith("K"), rung + "/" + s[1] + " starts with a keyframe: " + first);
                starts.add(s[1].substring(s[1].indexOf('/') + 1) + "@" + f[0]);
            } finally {
                Files.delete(file);
            }
        }
        return starts;
    }

    /**
     * Asks for the part that the preload hint names with {@code _HLS_msn}/{@code _HLS_part}, watches
     * its file appear in the stream's folder, and measures how long after that the answer comes.
     * The hinted part itself, asked for before it exists, waits too and arrives whole.
     */
    private void blockingReloadAnswersWhenThePartIsWritten() throws Exception {
        Path dir = registry.streamDirectory(STREAM);
        String base = http.base() + "/live/" + STREAM;
        HttpClient client = HttpClient.newHttpClient();
        List<Double> delays = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Matcher hint = HINT.matcher(playlist("360p"));
            assertTrue(hint.find(), "a preload hint");
            String part = hint.group(1) + "/seg-" + hint.group(2) + "." + hint.group(3) + ".m4s";
            Path file = dir.resolve(part);
            CompletableFuture<HttpResponse<String>> answered = client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/"
                    + hint.group(1) + ".m3u8?_HLS_msn=" + hint.group(2) + "&_HLS_part=" + hint.group(3))).build(), HttpResponse.BodyHandlers.ofString());
            CompletableFuture<HttpResponse<byte[]>> hinted = client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/" + part)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            long written = 0;
            while (written == 0 && !answered.isDone()) {
                if (Files.exists(file)) {
                    written = System.nanoTime();
                }
                LockSupport.parkNanos(100_000);
            }
            HttpResponse<String> r = answered.get(10, TimeUnit.SECONDS);
            long at = System.nanoTime();
            assertEquals(200, r.statusCode(), r.body());
            if (written == 0) {
                // The part came before the watch began, or the hint pointed past the segment's last part.
                continue;
            }
            assertTrue(r.body().contains(part), part + " listed in " + r.body());
            delays.add((at - written) / 1e6);
            HttpResponse<byte[]> media = hinted.get(10, TimeUnit.SECONDS);
            assertEquals(200, media.statusCode(), part);
            assertEquals(Files.size(file), media.body().length, part);
        }
        assertFalse(delays.isEmpty(), "a blocking request waited for a part at least once");
        // A measurement, not a test of speed: the bench reads this line from the test output.
        System.out.println(String.format(Locale.ROOT, "ll_hls_part_block_delay_ms samples=%d max=%.2f all=%s", delays.size(),
                delays.stream().mapToDouble(Double::doubleValue).max().orElse(0), delays));
    }

    /**
     * Low-latency DASH: the MPD lets players ask for the segment being written, and its answer starts
     * with the first part, before the segment file is complete; in the end it holds the same
     * fragments as the file (which has a 24-byte {@code styp} in front).
     */
    private void dashSegmentsComePartByPartWhileWritten() throws Exception {
        String mpd = http.anonymous("/live/" + STREAM + "/manifest.mpd").body();
        assertTrue(mpd.contains("availabilityTimeOffset=\"1.667\"") && mpd.contains("availabilityTimeComplete=\"false\""), mpd);
        List<String[]> written = segments("360p");
        String last = written.get(written.size() - 1)[1];
        String next = "360p/seg-" + (Long.parseLong(last.replaceAll(".*seg-(\\d+)\\.m4s", "$1")) + 1) + ".m4s";
        Path file = registry.streamDirectory(STREAM).resolve(next);
        HttpResponse<InputStream> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(http.base() + "/live/" + STREAM + "/" + next))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode(), next);
        try (InputStream in = r.body()) {
            byte[] head = in.readNBytes(8);
            boolean beforeComplete = !Files.exists(file);
            byte[] rest = in.readAllBytes();
            assertEquals("moof", new String(head, 4, 4, StandardCharsets.US_ASCII), "the answer starts with a fragment");
            assertTrue(beforeComplete, next + ": the first part came before the segment was complete");
            byte[] whole = Files.readAllBytes(file);
            byte[] streamed = new byte[head.length + rest.length];
            System.arraycopy(head, 0, streamed, 0, head.length);
            System.arraycopy(rest, 0, streamed, head.length, rest.length);
            assertArrayEquals(Arrays.copyOfRange(whole, 24, whole.length), streamed, next + ": the same fragments as the file");
        }
    }

    private String playlist(String rung) {
        try {
            HttpResponse<String> r = http.anonymous("/live/" + STREAM + "/" + rung + ".m3u8");
            return r.statusCode() == 200 ? r.body() : "";
        } catch (Exception e) {
            return "";
        }
    }

    /** The complete segments of a rung's playlist: duration and URI. */
    private List<String[]> segments(String rung) {
        List<String[]> list = new ArrayList<>();
        Matcher m = EXTINF.matcher(playlist(rung));
        while (m.find()) {
            list.add(new String[] {m.group(1), m.group(2)});
        }
        return list;
    }

    private <T> T service(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> t = new ServiceTracker<>(context, type, null);
        t.open();
        trackers.add(t);
        T s = t.waitForService(10_000);
        assertNotNull(s, type.getSimpleName());
        return s;
    }
}
