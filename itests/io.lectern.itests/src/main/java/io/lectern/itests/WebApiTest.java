package io.lectern.itests;

import static io.lectern.itests.PluginLifecycleTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

/**
 * The product as a script sees it, over real HTTP inside the assembled framework: first-run setup,
 * a stream created and started through {@code /api/v1}, its plugin listed, and its HLS and DASH
 * playback served from {@code /live/<stream>/}.
 */
class WebApiTest {

    private final BundleContext context = FrameworkUtil.getBundle(WebApiTest.class).getBundleContext();
    private Bundle plugin;
    private Http http;

    @BeforeEach
    void setUp() throws Exception {
        http = Http.signIn(context);
        try (InputStream in = getClass().getResourceAsStream("/plugin.jar")) {
            plugin = context.installBundle("test:web-plugin", in);
        }
        plugin.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        http.post("/api/v1/streams/web-itest/stop", "");
        if (plugin != null) {
            plugin.uninstall();
        }
    }

    @Test
    void aStreamMadeThroughTheApiPlaysAsHlsAndDash() throws Exception {
        assertEquals(401, http.anonymous("/api/v1/streams").statusCode(), "the API needs a login");
        await("the test plugin is listed", () -> body("/api/v1/plugins").contains("itest-source"));

        HttpResponse<String> created = http.post("/api/v1/streams",
                "{\"name\":\"web-itest\",\"ingest\":\"itest-source\",\"latencyMode\":\"low-latency\",\"ladder\":[\"source\"]}");
        assertTrue(created.statusCode() == 201 || created.statusCode() == 409, created.statusCode() + " " + created.body());
        if (created.statusCode() == 201) {
            assertTrue(created.body().contains("\"key\""), "the key is shown once: " + created.body());
            assertTrue(!http.get("/api/v1/streams/web-itest").body().contains("\"key\""), "and never again");
        }
        assertEquals(200, http.post("/api/v1/streams/web-itest/start", "").statusCode());

        await("the master playlist lists the source rendition", () -> {
            HttpResponse<String> r = anonymousQuietly("/live/web-itest/master.m3u8");
            return r != null && r.statusCode() == 200 && r.body().contains("#EXT-X-STREAM-INF");
        });
        String master = http.anonymous("/live/web-itest/master.m3u8").body();
        Matcher media = Pattern.compile("^([\\w-]+\\.m3u8)$", Pattern.MULTILINE).matcher(master);
        assertTrue(media.find(), master);
        await("a media segment is listed", () -> {
            HttpResponse<String> r = anonymousQuietly("/live/web-itest/" + media.group(1));
            return r != null && r.body().contains(".m4s");
        });
        String playlist = http.anonymous("/live/web-itest/" + media.group(1)).body();
        Matcher segment = Pattern.compile("^([\\w-]+/seg-\\d+\\.m4s)$", Pattern.MULTILINE).matcher(playlist);
        assertTrue(segment.find(), playlist);
        HttpResponse<byte[]> bytes = http.getBytes("/live/web-itest/" + segment.group(1));
        assertEquals(200, bytes.statusCode());
        assertTrue(bytes.body().length > 100, "a real segment");

        HttpResponse<String> mpd = http.anonymous("/live/web-itest/manifest.mpd");
        assertEquals(200, mpd.statusCode());
        assertTrue(mpd.body().contains("<MPD"), mpd.body());
        assertEquals(404, http.anonymous("/live/web-itest/../../etc/passwd").statusCode());

        String metrics = http.get("/metrics").body();
        assertTrue(metrics.contains("lectern_stream_live{stream=\"web-itest\"}"), metrics);
    }

    private String body(String path) {
        try {
            return http.get(path).body();
        } catch (Exception e) {
            return "";
        }
    }

    private HttpResponse<String> anonymousQuietly(String path) {
        try {
            return http.anonymous(path);
        } catch (Exception e) {
            return null;
        }
    }
}
