package io.lectern.itests;

import static io.lectern.itests.PluginLifecycleTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

import io.lectern.api.pipeline.OutputInfo;
import io.lectern.api.pipeline.PipelineRegistry;
import io.lectern.api.pipeline.PipelineState;

/**
 * The slate with real peers: Debian's ffmpeg publishes over RTMP, the custom destination restreams
 * the source to nginx-rtmp. The publisher is killed: nginx keeps receiving, on the same connection,
 * a still picture and silence with timestamps that run on; the publisher comes back and its pictures
 * follow on that connection; it goes away for longer than the limit and the destination disconnects.
 * ffprobe and ffmpeg read what nginx recorded.
 */
class SlateTest {

    private static final String STREAM = "slate-itest";
    private static final String KEY = "slatekey";
    private static final int LIMIT_SECONDS = 12;

    private final BundleContext context = FrameworkUtil.getBundle(SlateTest.class).getBundleContext();
    private final Publisher publisher = new Publisher("640x360");
    @TempDir
    Path dir;
    private DestinationSinks sinks;
    private Configuration pipelineConfig;
    private Dictionary<String, Object> before;

    @AfterEach
    void tearDown() throws Exception {
        publisher.close();
        Http http = Http.signIn(context);
        http.post("/api/v1/streams/" + STREAM + "/stop", "");
        http.delete("/api/v1/streams/" + STREAM);
        if (sinks != null) {
            sinks.close();
        }
        if (pipelineConfig != null) {
            if (before == null) {
                pipelineConfig.delete();
            } else {
                pipelineConfig.update(before);
            }
        }
    }

    @Test
    void destinationsKeepTheirConnectionWithASlateWhileThePublisherIsAway() throws Exception {
        slateFor(LIMIT_SECONDS);
        sinks = new DestinationSinks(dir);
        int port = DestinationSinks.freePort();
        sinks.nginx(port, null);
        Http http = Http.signIn(context);
        String url = Publisher.publishUrl(Playback.createAndStart(http, STREAM, "[\"source\"]"), "rtmp");
        var added = http.post("/api/v1/streams/" + STREAM + "/destinations", "{\"id\":\"out\",\"platform\":\"custom\",\"rendition\":\"source\","
                + "\"settings\":{\"url\":\"rtmp://127.0.0.1:" + port + "/live\",\"key\":\"" + KEY + "\"}}");
        assertEquals(201, added.statusCode(), added.body());
        assertEquals(200, http.post("/api/v1/streams/" + STREAM + "/start", "").statusCode());
        PipelineRegistry registry = Playback.registry(context);
        try {
            publisher.publish(url, 120);
            await("the destination is live", () -> state(registry).equals("live") && packets(registry) > 150, 40);
            Path recording = sinks.recorded(KEY).get(0);

            // The teacher's encoder crashes: the slate keeps the receiver fed.
            publisher.killAll();
            await("the slate is on", () -> state(registry).contains("showing the slate"), 20);
            long size = Files.size(recording);
            Thread.sleep(4000);
            assertTrue(Files.size(recording) > size + 5_000, "nginx keeps receiving: " + size + " -> " + Files.size(recording));

            // Back within the limit: the real pictures follow on the same connection.
            publisher.publish(url, 120);
            await("the publisher is back", () -> Playback.isIn(registry, STREAM, PipelineState.LIVE) && state(registry).equals("live"), 30);
            Thread.sleep(5000);
            assertEquals(1, sinks.recorded(KEY).size(), "one connection all along");

            // Away for longer than the limit: the destination disconnects and waits.
            publisher.killAll();
            await("the slate is on again", () -> state(registry).contains("showing the slate"), 20);
            await("after the limit the destination disconnects", () -> state(registry).equals("idle: waiting for the publisher"),
                    LIMIT_SECONDS + 15);
            long closed = Files.size(recording);
            Thread.sleep(2000);
            assertEquals(closed, Files.size(recording), "nothing more is sent");
            assertEquals(1, sinks.recorded(KEY).size());

            checkRecording(recording);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; pipeline: " + registry.pipeline(STREAM) + "; ffmpeg said: " + publisher.log(), e);
        }
    }

    /**
     * Timestamps run on without a gap or a step back; the pictures go real, slate, real, slate,
     * and the real pictures after the slate decode (their own SPS and PPS came in band).
     */
    private static void checkRecording(Path flv) throws Exception {
        for (String kind : List.of("v", "a")) {
            double last = -1;
            for (String line : Probe.run("-select_streams", kind, "-show_entries", "packet=dts_time", "-of", "csv=p=0", flv.toString()).lines()
                    .map(l -> l.replace(",", "").trim()).filter(l -> !l.isEmpty()).toList()) {
                double t = Double.parseDouble(line);
                assertTrue(last < 0 || t >= last && t - last < 0.5, kind + ": " + last + " then " + t);
                last = t;
            }
            assertTrue(last > 20, kind + " runs over the whole recording: " + last + " s");
        }
        // One small grey picture per second, as ffmpeg decodes them.
        Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-i", flv.toString(), "-vf", "fps=1,scale=32:18", "-f", "rawvideo",
                "-pix_fmt", "gray", "-").start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, new String(p.getErrorStream().readAllBytes()));
        byte[] all = out.toByteArray();
        StringBuilder seen = new StringBuilder();
        for (int f = 0; f + 576 <= all.length; f += 576) {
            int card = 0;
            for (int i = f; i < f + 576; i++) {
                // The slate card is dark blue (luma 48) with white words.
                if (Math.abs((all[i] & 0xff) - 48) < 14) {
                    card++;
                }
            }
            seen.append(card > 400 ? 'S' : 'R');
        }
        String runs = seen.toString().replaceAll("(.)\\1+", "$1");
        assertTrue(runs.startsWith("RSRS"), "real, slate, real, slate (one letter per second): " + seen);
    }

    private void slateFor(int seconds) throws Exception {
        ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> t = new ServiceTracker<>(context, ConfigurationAdmin.class, null);
        t.open();
        try {
            ConfigurationAdmin admin = t.waitForService(10_000);
            pipelineConfig = admin.getConfiguration("io.lectern.pipeline", "?");
            before = pipelineConfig.getProperties();
            Dictionary<String, Object> props = new Hashtable<>();
            if (before != null) {
                for (var keys = before.keys(); keys.hasMoreElements();) {
                    String k = keys.nextElement();
                    props.put(k, before.get(k));
                }
            }
            props.put("slateSeconds", seconds);
            pipelineConfig.update(props);
        } finally {
            t.close();
        }
        // The registry takes the new setting a moment later.
        Thread.sleep(1000);
    }

    private static Optional<OutputInfo> output(PipelineRegistry registry) {
        return registry.pipeline(STREAM).flatMap(p -> p.outputs().stream().filter(o -> o.kind().equals("destination") && o.id().equals("out")).findFirst());
    }

    private static String state(PipelineRegistry registry) {
        return output(registry).map(OutputInfo::state).orElse("");
    }

    private static long packets(PipelineRegistry registry) {
        return output(registry).map(OutputInfo::packets).orElse(0L);
    }
}
