package io.lectern.itests;

import static io.lectern.itests.PluginLifecycleTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

/**
 * A test-pattern stream in tutorial mode is recorded by default: after it stops, the API lists one
 * ready recording of about the time it ran, ffprobe plays its HLS with H.264 and AAC, and the
 * recording can be renamed and deleted (files and entry), by admins only.
 */
class RecordingTest extends StreamTestBase {

    private static final String STREAM = "rec-itest";

    RecordingTest() {
        super(STREAM);
    }

    @Test
    void aTutorialSessionIsKeptAsAPlayableRecording() throws Exception {
        signInWithoutStream();
        assertEquals(401, http.anonymous("/api/v1/recordings").statusCode(), "recordings need a login");
        for (JsonNode old : json(http.get("/api/v1/recordings?stream=" + STREAM))) {
            http.delete("/api/v1/recordings/" + old.get("id").asText());
        }
        HttpResponse<String> created = http.post("/api/v1/streams", "{\"name\":\"" + STREAM + "\",\"title\":\"Fractions, week 1\","
                + "\"ingest\":\"testpattern\",\"latencyMode\":\"tutorial\",\"ladder\":[\"source\"],"
                + "\"settings\":{\"width\":\"320\",\"height\":\"240\",\"fps\":\"15\"}}");
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(200, http.post("/api/v1/streams/" + STREAM + "/start", "").statusCode());

        await("a recording starts", () -> list().size() == 1 && "recording".equals(list().get(0).get("state").asText()), 30);
        long began = System.nanoTime();
        JsonNode growing = list().get(0);
        String id = growing.get("id").asText();
        assertEquals("Fractions, week 1", growing.get("title").asText(), "named after the stream's title");
        await("the growing recording plays already", () -> status("/recordings/" + STREAM + "/" + id + "/video.m3u8") == 200, 20);
        Thread.sleep(Math.max(0, 8000 - (System.nanoTime() - began) / 1_000_000));
        assertEquals(200, http.post("/api/v1/streams/" + STREAM + "/stop", "").statusCode());
        double ran = (System.nanoTime() - began) / 1e9;

        await("the recording is ready", () -> list().size() == 1 && "ready".equals(list().get(0).get("state").asText()), 20);
        JsonNode ready = json(http.get("/api/v1/recordings/" + id));
        double seconds = ready.get("durationSeconds").asDouble();
        assertTrue(seconds > ran - 3 && seconds < ran + 1, "about as long as it ran (" + ran + " s): " + ready);
        assertTrue(ready.get("bytes").asLong() > 10_000, ready.toString());
        assertFalse(ready.get("ended").isNull(), ready.toString());
        assertEquals(id, json(http.get("/api/v1/recordings")).get(0).get("id").asText());

        String base = http.base() + ready.get("hlsUrl").asText();
        String probe = Probe.run("-show_entries", "stream=codec_name:format=duration", "-of", "default=noprint_wrappers=1", base);
        assertTrue(probe.contains("codec_name=h264") && probe.contains("codec_name=aac"), probe);
        double probed = Double.parseDouble(probe.lines().filter(l -> l.startsWith("duration=")).findFirst().orElseThrow().substring(9));
        assertEquals(seconds, probed, 1.0, probe);
        String video = http.anonymous(ready.get("hlsUrl").asText().replace("master.m3u8", "video.m3u8")).body();
        assertTrue(video.contains("#EXT-X-PLAYLIST-TYPE:EVENT") && video.trim().endsWith("#EXT-X-ENDLIST"), video);
        String segment = video.lines().filter(l -> l.endsWith(".m4s")).findFirst().orElseThrow();
        HttpResponse<String> seg = http.anonymous("/recordings/" + STREAM + "/" + id + "/" + segment);
        assertEquals(200, seg.statusCode());
        assertEquals("video/iso.segment", seg.headers().firstValue("Content-Type").orElse(""));
        assertTrue(seg.headers().firstValue("Cache-Control").orElse("").contains("immutable"), seg.headers().toString());
        for (String escape : new String[] {"/../../../../etc/passwd", "/%2e%2e/%2e%2e/x.m3u8", "/video/..%2f..%2fmaster.m3u8"}) {
            int s = status("/recordings/" + STREAM + "/" + id + escape);
            assertTrue(s == 400 || s == 404, escape + " answered " + s); // Jetty refuses some before Lectern sees them
        }
        assertEquals(404, status("/recordings/other-stream/" + id + "/master.m3u8"), "only under its own stream");

        String page = http.anonymous("/watch/" + STREAM + "/recordings/" + id).body();
        assertTrue(page.contains("Fractions, week 1") && page.contains(ready.get("hlsUrl").asText()), page);
        assertTrue(http.anonymous("/watch/" + STREAM).body().contains("/watch/" + STREAM + "/recordings/" + id), "the watch page lists it");

        HttpResponse<String> empty = http.patch("/api/v1/recordings/" + id, "{\"title\":\"  \"}");
        assertEquals(400, empty.statusCode(), empty.body());
        assertTrue(json(empty).get("fields").has("title"), empty.body());
        HttpResponse<String> renamed = http.patch("/api/v1/recordings/" + id, "{\"title\":\"Fractions (part 1)\"}");
        assertEquals(200, renamed.statusCode(), renamed.body());
        assertEquals("Fractions (part 1)", json(http.get("/api/v1/recordings/" + id)).get("title").asText());

        assertEquals(401, http.anonymous("/api/v1/recordings/" + id).statusCode());
        http.post("/api/v1/users", "{\"username\":\"rec-operator\",\"password\":\"operator-password-1\",\"role\":\"operator\"}");
        assertEquals(200, asOperator("GET", "/api/v1/recordings/" + id), "operators may look");
        assertEquals(403, asOperator("DELETE", "/api/v1/recordings/" + id), "but not delete");

        Path folder = Paths.get(context.getProperty("lectern.data"), "recordings", STREAM, id);
        assertTrue(Files.isDirectory(folder), folder.toString());
        assertEquals(204, http.delete("/api/v1/recordings/" + id).statusCode());
        assertFalse(Files.exists(folder), "the files are gone");
        assertEquals(404, http.get("/api/v1/recordings/" + id).statusCode(), "and so is the entry");
        assertEquals(404, status("/recordings/" + STREAM + "/" + id + "/master.m3u8"));
    }

    private java.util.List<JsonNode> list() {
        try {
            java.util.List<JsonNode> out = new java.util.ArrayList<>();
            json(http.get("/api/v1/streams/" + STREAM + "/recordings")).forEach(out::add);
            return out;
        } catch (Exception e) {
            return java.util.List.of();
        }
    }

    private int status(String path) {
        try {
            return http.anonymous(path).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private int asOperator(String method, String path) throws Exception {
        String basic = Base64.getEncoder().encodeToString("rec-operator:operator-password-1".getBytes(StandardCharsets.UTF_8));
        HttpRequest r = HttpRequest.newBuilder(URI.create(http.base() + path)).header("Authorization", "Basic " + basic)
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
