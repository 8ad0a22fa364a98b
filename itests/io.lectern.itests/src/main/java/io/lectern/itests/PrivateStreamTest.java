package io.lectern.itests;

import static io.lectern.itests.PluginLifecycleTest.await;
import static io.lectern.itests.ShellCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.Test;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A private test-pattern stream: without a signed address its watch and embed pages, thumbnail,
 * playlists, segments, DASH manifest and recordings answer 403; with one minted through the API they
 * answer 200, and the playlists' relative addresses keep the signature down to the segments. An
 * expired or altered signature gets 403 with plain words; made public again, it opens to everyone.
 * The shell makes a stream private and prints its signed links.
 */
class PrivateStreamTest extends StreamTestBase {

    private static final String STREAM = "private-itest";

    PrivateStreamTest() {
        super(STREAM);
    }

    @Test
    void aPrivateStreamOpensOnlyWithAValidSignedAddress() throws Exception {
        signInWithoutStream();
        HttpResponse<String> wrong = http.post("/api/v1/streams", "{\"name\":\"" + STREAM + "\",\"ingest\":\"testpattern\","
                + "\"settings\":{\"visibility\":\"secret\"}}");
        assertEquals(400, wrong.statusCode(), wrong.body());
        assertTrue(wrong.body().contains("settings.visibility"), wrong.body());
        HttpResponse<String> created = http.post("/api/v1/streams", "{\"name\":\"" + STREAM + "\",\"ingest\":\"testpattern\","
                + "\"latencyMode\":\"tutorial\",\"ladder\":[\"source\"],"
                + "\"settings\":{\"width\":\"320\",\"height\":\"240\",\"fps\":\"15\",\"visibility\":\"private\"}}");
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(200, http.post("/api/v1/streams/" + STREAM + "/start", "").statusCode());

        JsonNode links = json(http.post("/api/v1/streams/" + STREAM + "/playback-urls", "{\"expiresInSeconds\":600}"));
        assertTrue(links.get("private").asBoolean(), links.toString());
        long expiresIn = OffsetDateTime.parse(links.get("expiresAt").asText()).toEpochSecond() - System.currentTimeMillis() / 1000;
        assertTrue(expiresIn > 590 && expiresIn <= 601, links.toString());
        assertEquals(400, http.post("/api/v1/streams/" + STREAM + "/playback-urls", "{\"expiresInSeconds\":0}").statusCode());
        assertEquals(404, http.post("/api/v1/streams/no-such-stream/playback-urls", "{}").statusCode());
        assertEquals(401, http.anonymous("/api/v1/streams/" + STREAM + "/playback-urls").statusCode());

        String hls = links.get("hls").asText();
        assertTrue(hls.matches("/live/" + STREAM + "/signed-\\d+-[\\w-]+/master\\.m3u8"), hls);
        await("the signed master playlist lists a rendition", () -> body(hls).contains("#EXT-X-STREAM-INF"), 30);
        Matcher media = Pattern.compile("^([\\w-]+\\.m3u8)$", Pattern.MULTILINE).matcher(body(hls));
        assertTrue(media.find());
        String signedMedia = hls.replace("master.m3u8", media.group(1));
        await("a segment is listed", () -> body(signedMedia).contains(".m4s"), 30);
        Matcher segment = Pattern.compile("^([\\w-]+/seg-\\d+\\.m4s)$", Pattern.MULTILINE).matcher(body(signedMedia));
        assertTrue(segment.find(), body(signedMedia));
        String signedSegment = hls.replace("master.m3u8", segment.group(1));
        HttpResponse<String> seg = http.anonymous(signedSegment);
        assertEquals(200, seg.statusCode(), "the relative segment address keeps the signature");
        assertTrue(seg.headers().firstValue("Cache-Control").orElse("").startsWith("private"), seg.headers().toString());
        assertEquals(200, status(hls.replace("master.m3u8", segment.group(1).replaceFirst("/.*", "/init.mp4"))));
        assertEquals(200, status(links.get("dash").asText()));
        assertEquals(200, status(links.get("watch").asText()));
        assertEquals(200, status(links.get("embed").asText() + "&autoplay=1"));
        await("the signed thumbnail", () -> status(links.get("thumbnail").asText()) == 200, 20);
        String page = body(links.get("watch").asText());
        assertTrue(page.contains("data-hls=\"" + hls + "\""), "the page hands the signed address to the player: " + page);
        assertFalse(page.contains("og:image"), "no link preview of a private stream");

        String live = "/live/" + STREAM + "/";
        for (String open : new String[] {"/watch/" + STREAM, "/embed/" + STREAM, "/watch/" + STREAM + "/thumbnail.jpg",
                live + "master.m3u8", live + media.group(1), live + segment.group(1), live + "manifest.mpd"}) {
            HttpResponse<String> r = http.anonymous(open);
            assertEquals(403, r.statusCode(), open + " without a signature");
            assertTrue(r.body().contains("This stream is private"), r.body());
        }
        String token = hls.split("/")[3];
        String other = hls.replace(token, token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA"));
        HttpResponse<String> altered = http.anonymous(other);
        assertEquals(403, altered.statusCode(), "an altered signature");
        assertTrue(altered.body().contains("not valid"), altered.body());
        assertEquals(403, status(links.get("watch").asText().replaceFirst("exp=(\\d+)", "exp=9$1")), "a later expiry is not signed");

        JsonNode brief = json(http.post("/api/v1/streams/" + STREAM + "/playback-urls", "{\"expiresInSeconds\":1}"));
        Thread.sleep(2100);
        HttpResponse<String> expired = http.anonymous(brief.get("watch").asText());
        assertEquals(403, expired.statusCode());
        assertTrue(expired.body().contains("expired"), expired.body());
        assertEquals(403, status(brief.get("hls").asText()));

        // The recording the tutorial mode keeps is private too.
        await("a recording starts", () -> recordingId() != null, 30);
        String id = recordingId();
        String recording = "/recordings/" + STREAM + "/" + id + "/";
        String signedRecording = recording + token + "/";
        await("the signed recording playlist", () -> body(signedRecording + "video.m3u8").contains(".m4s"), 30);
        assertEquals(403, status(recording + "video.m3u8"));
        String recSegment = body(signedRecording + "video.m3u8").lines().filter(l -> l.endsWith(".m4s")).findFirst().orElseThrow();
        assertEquals(403, status(recording + recSegment));
        assertEquals(200, status(signedRecording + recSegment));
        assertEquals(403, status("/watch/" + STREAM + "/recordings/" + id));
        assertEquals(200, status("/watch/" + STREAM + "/recordings/" + id + "?" + links.get("watch").asText().split("\\?")[1]));

        // Public again: plain addresses work for everyone (within the filter's two seconds), old links too.
        assertEquals(200, http.patch("/api/v1/streams/" + STREAM, "{\"settings\":{\"visibility\":\"public\"}}").statusCode());
        await("the stream is public", () -> status("/watch/" + STREAM) == 200, 10);
        assertEquals(200, status(live + "master.m3u8"));
        assertEquals(200, status(hls));
        assertEquals(200, status(brief.get("watch").asText()), "an expired link is harmless on a public stream");
    }

    @Test
    void theShellMakesAStreamPrivateAndPrintsItsLinks() throws Exception {
        http = Http.signIn(context);
        String name = "private-shell-itest";
        if (http.get("/api/v1/streams/" + name).statusCode() != 200) {
            assertEquals(201, http.post("/api/v1/streams", "{\"name\":\"" + name + "\",\"ingest\":\"testpattern\"}").statusCode());
        }
        ServiceTracker<CommandProcessor, CommandProcessor> tracker = new ServiceTracker<>(context, CommandProcessor.class, null);
        tracker.open();
        try {
            CommandProcessor shell = tracker.waitForService(10_000);
            assertTrue(run(shell, "lectern:stream-visibility " + name + " secret").contains("Use public or private"));
            String made = run(shell, "lectern:stream-visibility " + name + " private");
            assertTrue(made.contains("is private"), made);
            await("the plain page is refused", () -> status("/watch/" + name) == 403, 5);
            String printed = run(shell, "lectern:stream-link " + name + " 120");
            Matcher watch = Pattern.compile("watch:\\s+(\\S+)").matcher(printed);
            assertTrue(watch.find(), printed);
            assertEquals(200, status(watch.group(1)), printed);
            Matcher hls = Pattern.compile("hls:\\s+(\\S+)").matcher(printed);
            assertTrue(hls.find() && hls.group(1).contains("/signed-"), printed);
            assertTrue(run(shell, "lectern:stream-link " + name + " 0").contains("from 1 to"));
        } finally {
            tracker.close();
            http.delete("/api/v1/streams/" + name);
        }
    }

    private String recordingId() {
        try {
            JsonNode list = json(http.get("/api/v1/streams/" + STREAM + "/recordings"));
            return list.size() > 0 ? list.get(0).get("id").asText() : null;
        } catch (Exception e) {
            return null;
        }
    }

    private String body(String path) {
        try {
            HttpResponse<String> r = http.anonymous(path);
            return r.statusCode() == 200 ? r.body() : "";
        } catch (Exception e) {
            return "";
        }
    }

    private int status(String path) {
        try {
            return http.anonymous(path).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
