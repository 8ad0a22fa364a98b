package io.lectern.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lectern.api.pipeline.PipelineRegistry;
import io.lectern.api.pipeline.PipelineState;

import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/** The viewer's side of one stream: its playlists under /live/&lt;stream&gt;/, read over HTTP and with ffprobe. */
final class Playback {

    private final Http http;
    private final String stream;

    Playback(Http http, String stream) {
        this.http = http;
        this.stream = stream;
    }

    /** Creates (afresh) and starts an RTMP stream; returns the API's answer, which holds the publish URLs. */
    static String createAndStart(Http http, String stream, String ladderJson) throws Exception {
        if (http.get("/api/v1/streams/" + stream).statusCode() == 200) {
            assertEquals(204, http.delete("/api/v1/streams/" + stream).statusCode());
        }
        HttpResponse<String> created = http.post("/api/v1/streams",
                "{\"name\":\"" + stream + "\",\"ingest\":\"rtmp\",\"latencyMode\":\"tutorial\",\"ladder\":" + ladderJson + "}");
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(200, http.post("/api/v1/streams/" + stream + "/start", "").statusCode());
        return created.body();
    }

    static PipelineRegistry registry(BundleContext context) throws InterruptedException {
        ServiceTracker<PipelineRegistry, PipelineRegistry> t = new ServiceTracker<>(context, PipelineRegistry.class, null);
        t.open();
        return t.waitForService(10_000);
    }

    static boolean isIn(PipelineRegistry registry, String stream, PipelineState state) {
        return registry.pipeline(stream).map(p -> p.state() == state).orElse(false);
    }

    String url(String name) {
        return http.base() + "/live/" + stream + "/" + name;
    }

    /** The playlist's text, or empty while it does not exist yet. */
    String playlist(String name) {
        try {
            HttpResponse<String> r = http.anonymous("/live/" + stream + "/" + name);
            return r.statusCode() == 200 ? r.body() : "";
        } catch (Exception e) {
            return "";
        }
    }

    long segments(String name) {
        return playlist(name).lines().filter(l -> l.endsWith(".m4s") && !l.startsWith("#")).count();
    }

    /** Breaks marked in a media playlist (not to be confused with #EXT-X-DISCONTINUITY-SEQUENCE). */
    long discontinuities(String name) {
        return playlist(name).lines().filter(l -> l.equals("#EXT-X-DISCONTINUITY")).count();
    }

    /** The sequence number after the last segment of a media playlist. */
    long mediaSequenceEnd(String name) {
        String p = playlist(name);
        Matcher m = Pattern.compile("#EXT-X-MEDIA-SEQUENCE:(\\d+)").matcher(p);
        return m.find() ? Long.parseLong(m.group(1)) + segments(name) : -1;
    }

    /** Asks ffprobe (a real HLS/DASH client) for one field of the first stream of a kind ("v" or "a"). */
    String probe(String name, String entries, String kind) throws Exception {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", kind + ":0", "-show_entries", entries,
                "-of", "csv=p=0", url(name)).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ffprobe finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.exitValue(), out);
        return out.lines().reduce((a, b) -> b).orElse("");
    }
}
