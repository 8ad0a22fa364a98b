package io.lectern.itests;

import static io.lectern.itests.PluginLifecycleTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

import io.lectern.api.pipeline.OutputInfo;
import io.lectern.api.pipeline.PipelineInfo;
import io.lectern.api.pipeline.PipelineListener;
import io.lectern.api.pipeline.PipelineRegistry;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A test-pattern stream restreamed through the custom destination to real receivers: nginx-rtmp
 * (RTMP), socat + nginx (RTMPS) and srt-live-transmit (SRT); ffprobe checks what they got. The RTMP
 * receiver dies and comes back while the others and HLS carry on; a receiver that refuses the key
 * ends the destination without retries.
 */
class DestinationsTest {

    private static final String STREAM = "dest-itest";

    private final BundleContext context = FrameworkUtil.getBundle(DestinationsTest.class).getBundleContext();
    @TempDir
    Path dir;
    private DestinationSinks sinks;
    private HttpServer auth;

    @AfterEach
    void tearDown() throws Exception {
        Http http = Http.signIn(context);
        http.post("/api/v1/streams/" + STREAM + "/stop", "");
        http.delete("/api/v1/streams/" + STREAM);
        if (sinks != null) {
            sinks.close();
        }
        if (auth != null) {
            auth.stop(0);
        }
    }

    @Test
    void restreamsToRtmpRtmpsAndSrtAndSurvivesALostReceiver() throws Exception {
        sinks = new DestinationSinks(dir);
        int rtmp = DestinationSinks.freePort();
        int tls = DestinationSinks.freePort();
        int srt = DestinationSinks.freePort();
        int refusing = DestinationSinks.freePort();
        Process nginx = sinks.nginx(rtmp, null);
        sinks.tls(tls, rtmp);
        File ts = dir.resolve("srt.ts").toFile();
        sinks.srt(srt, ts);
        AtomicInteger publishAttempts = new AtomicInteger();
        auth = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        auth.createContext("/auth", x -> {
            publishAttempts.incrementAndGet();
            x.sendResponseHeaders(403, -1);
            x.close();
        });
        auth.start();
        sinks.nginx(refusing, "http://127.0.0.1:" + auth.getAddress().getPort() + "/auth");

        Http http = freshStream(320, 240);
        addDestination(http, "to-rtmp", "rtmp://127.0.0.1:" + rtmp + "/live", "plain");
        addDestination(http, "to-rtmps", "rtmps://127.0.0.1:" + tls + "/live", "secure");
        addDestination(http, "to-srt", "srt://127.0.0.1:" + srt, "srtkey");
        addDestination(http, "refused", "rtmp://127.0.0.1:" + refusing + "/live", "wrongkey");
        HttpResponse<String> bad = http.post("/api/v1/streams/" + STREAM + "/destinations",
                "{\"id\":\"bad\",\"platform\":\"custom\",\"rendition\":\"240p\",\"settings\":{\"url\":\"file:///etc/passwd\"}}");
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(bad.body().contains("must start with"), bad.body());
        assertEquals(200, http.post("/api/v1/streams/" + STREAM + "/start", "").statusCode());

        PipelineRegistry registry = service(PipelineRegistry.class);
        await("the three receivers are live", () -> List.of("to-rtmp", "to-rtmps", "to-srt").stream()
                .allMatch(id -> state(registry, id).equals("live") && packets(registry, id) > 30), 40);
        await("the refused key fails", () -> state(registry, "refused").startsWith("failed: "), 20);
        assertTrue(state(registry, "refused").contains("refused the stream"), state(registry, "refused"));
        assertFalse(http.get("/api/v1/streams/" + STREAM + "/outputs").body().contains("wrongkey"), "keys never show");
        String listed = ShellCommandsTest.run(service(CommandProcessor.class), "lectern:destinations " + STREAM);
        assertTrue(Pattern.compile("(?m)^to-srt +custom +240p .* live$").matcher(listed).find() && listed.contains("failed: "), listed);
        assertFalse(listed.contains("wrongkey"), listed);

        String flv = probe(sinks.recorded("plain").get(0));
        assertTrue(flv.contains("h264") && flv.contains("aac"), flv);
        String secure = probe(sinks.recorded("secure").get(0));
        assertTrue(secure.contains("h264") && secure.contains("aac"), secure);
        String srtProbe = probe(ts.toPath());
        assertTrue(srtProbe.contains("h264") && srtProbe.contains("aac"), srtProbe);

        // The RTMP receiver dies: that destination retries, the others and HLS carry on.
        long srtBefore = packets(registry, "to-srt");
        long hlsBefore = lastSegment(http);
        nginx.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        await("the lost receiver is retried", () -> state(registry, "to-rtmp").startsWith("retrying in"), 20);
        String outputs = http.get("/api/v1/streams/" + STREAM + "/outputs").body();
        assertTrue(outputs.contains("retrying in"), outputs);
        Thread.sleep(1000);
        assertTrue(packets(registry, "to-srt") > srtBefore, "SRT keeps sending");
        sinks.nginx(rtmp, null);
        long back = System.nanoTime();
        await("the receiver is live again", () -> state(registry, "to-rtmp").equals("live"), 20);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back);
        assertTrue(tookMs < 5000, "live again " + tookMs + " ms after the receiver came back");
        await("HLS kept segmenting", () -> lastSegment(http) >= hlsBefore + 2, 30);
        assertFalse(Pattern.compile("(?m)^#EXT-X-DISCONTINUITY$").matcher(playlist(http)).find(), "no gap in HLS: " + playlist(http));
        assertEquals(1, publishAttempts.get(), "a refused key is not tried again");

        forceReconnect(http, publishAttempts);
    }

    /** Reconnect from the shell and from REST: the receiver sees a new connection; a failed destination tries once more. */
    private void forceReconnect(Http http, AtomicInteger publishAttempts) throws Exception {
        List<String> states = new CopyOnWriteArrayList<>();
        ServiceRegistration<PipelineListener> listening = context.registerService(PipelineListener.class, new PipelineListener() {
            @Override
            public void pipelineChanged(PipelineInfo info) {
                info.outputs().stream().filter(o -> info.stream().equals(STREAM) && o.id().equals("to-rtmp")).findFirst()
                        .ifPresent(o -> states.add(o.state()));
            }
        }, null);
        PipelineRegistry registry = service(PipelineRegistry.class);
        try {
            // nginx names each recording by the second it started.
            Thread.sleep(1100);
            int files = sinks.recorded("plain").size();
            String answer = ShellCommandsTest.run(service(CommandProcessor.class), "lectern:reconnect " + STREAM + " to-rtmp");
            assertTrue(answer.contains("Reconnecting to-rtmp"), answer);
            await("the receiver sees a new connection", () -> recordings(sinks, "plain") > files && state(registry, "to-rtmp").equals("live"), 20);
            // Listeners hear of changes a moment later, in order.
            await("listeners saw it live again", () -> !states.isEmpty() && states.get(states.size() - 1).equals("live"), 5);
            assertTrue(states.stream().anyMatch(st -> st.equals("connecting") || st.startsWith("retrying")), "it reconnected: " + states);

            Thread.sleep(1100);
            int before = recordings(sinks, "plain");
            HttpResponse<String> r = http.post("/api/v1/streams/" + STREAM + "/destinations/to-rtmp/reconnect", "");
            assertEquals(200, r.statusCode(), r.body());
            await("REST reconnect makes another connection", () -> recordings(sinks, "plain") > before && state(registry, "to-rtmp").equals("live"), 20);

            String failed = ShellCommandsTest.run(service(CommandProcessor.class), "lectern:reconnect " + STREAM + " refused");
            assertTrue(failed.contains("Reconnecting refused"), failed);
            await("the failed destination tried once more", () -> publishAttempts.get() == 2 && state(registry, "refused").startsWith("failed: "), 20);
            assertEquals(404, http.post("/api/v1/streams/" + STREAM + "/destinations/nowhere/reconnect", "").statusCode());
        } finally {
            listening.unregister();
        }
    }

    private static int recordings(DestinationSinks sinks, String key) {
        try {
            return sinks.recorded(key).size();
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    void aVerticalDestinationGetsItsOwnEncodeWhileHlsStaysLandscape() throws Exception {
        sinks = new DestinationSinks(dir);
        int rtmp = DestinationSinks.freePort();
        sinks.nginx(rtmp, null);
        Http http = freshStream(640, 360);
        // Like Instagram (whose plugin only sends to its own servers): a 9:16 picture, from the 240p rung's stream.
        HttpResponse<String> r = http.post("/api/v1/streams/" + STREAM + "/destinations", "{\"id\":\"vertical\",\"platform\":\"custom\","
                + "\"rendition\":\"240p\",\"settings\":{\"url\":\"rtmp://127.0.0.1:" + rtmp + "/live\",\"key\":\"tall\",\"encodeVertical\":\"true\"}}");
        assertEquals(201, r.statusCode(), r.body());
        assertEquals(200, http.post("/api/v1/streams/" + STREAM + "/start", "").statusCode());

        PipelineRegistry registry = service(PipelineRegistry.class);
        await("the vertical destination is live", () -> state(registry, "vertical").equals("live") && packets(registry, "vertical") > 60, 40);
        await("nginx records it", () -> recordings(sinks, "tall") > 0, 10);
        String size = Probe.run("-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0",
                sinks.recorded("tall").get(0).toString());
        assertEquals("h264,720,1280", size.strip(), size);
        String master = http.anonymous("/live/" + STREAM + "/master.m3u8").body();
        assertTrue(master.contains("RESOLUTION=426x240") && !master.contains("x1280"), "HLS keeps the landscape ladder: " + master);
    }

    /** Signs in and makes the test-pattern stream anew: tutorial mode, one 240p rung. */
    private Http freshStream(int width, int height) throws Exception {
        Http http = Http.signIn(context);
        if (http.get("/api/v1/streams/" + STREAM).statusCode() == 200) {
            http.post("/api/v1/streams/" + STREAM + "/stop", "");
            assertEquals(204, http.delete("/api/v1/streams/" + STREAM).statusCode());
        }
        HttpResponse<String> created = http.post("/api/v1/streams", "{\"name\":\"" + STREAM + "\",\"ingest\":\"testpattern\","
                + "\"latencyMode\":\"tutorial\",\"ladder\":[\"240p\"],\"settings\":{\"width\":\"" + width + "\",\"height\":\""
                + height + "\",\"fps\":\"15\"}}");
        assertEquals(201, created.statusCode(), created.body());
        return http;
    }

    private static void addDestination(Http http, String id, String url, String key) throws Exception {
        HttpResponse<String> r = http.post("/api/v1/streams/" + STREAM + "/destinations", "{\"id\":\"" + id
                + "\",\"platform\":\"custom\",\"rendition\":\"240p\",\"settings\":{\"url\":\"" + url + "\",\"key\":\"" + key + "\"}}");
        assertEquals(201, r.statusCode(), r.body());
    }

    private static Optional<OutputInfo> output(PipelineRegistry registry, String id) {
        return registry.pipeline(STREAM).flatMap(p -> p.outputs().stream().filter(o -> o.kind().equals("destination") && o.id().equals(id)).findFirst());
    }

    private static String state(PipelineRegistry registry, String id) {
        return output(registry, id).map(OutputInfo::state).orElse("");
    }

    private static long packets(PipelineRegistry registry, String id) {
        return output(registry, id).map(OutputInfo::packets).orElse(0L);
    }

    private static String probe(Path file) throws Exception {
        return Files.exists(file) ? Probe.run("-show_entries", "stream=codec_name", "-of", "csv=p=0", file.toString()) : "no file";
    }

    private static String playlist(Http http) {
        try {
            return http.anonymous("/live/" + STREAM + "/240p.m3u8").body();
        } catch (Exception e) {
            return "";
        }
    }

    /** The number of the newest segment in the 240p playlist: media sequence plus segment count. */
    private static long lastSegment(Http http) {
        String p = playlist(http);
        Matcher m = Pattern.compile("#EXT-X-MEDIA-SEQUENCE:(\\d+)").matcher(p);
        return m.find() ? Long.parseLong(m.group(1)) + p.split("#EXTINF", -1).length - 1 : -1;
    }

    private <T> T service(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> t = new ServiceTracker<>(context, type, null);
        t.open();
        try {
            T s = t.waitForService(10_000);
            assertTrue(s != null, type.getSimpleName() + " runs");
            return s;
        } finally {
            // The service stays usable for the test; the tracker is not needed any more.
            t.close();
        }
    }
}
