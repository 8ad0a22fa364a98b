package io.lectern.rest.internal;

import static io.lectern.auth.internal.TestServer.basic;
import static io.lectern.auth.internal.TestServer.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import com.fasterxml.jackson.databind.JsonNode;

import io.lectern.auth.Authenticator;
import io.lectern.auth.internal.AuthFixture;
import io.lectern.auth.internal.MemoryAccountStore;
import io.lectern.auth.internal.TestConfig;
import io.lectern.auth.internal.TestServer;
import io.lectern.store.StatsSample;

class ApiTest {

    private static final String ADMIN = basic("admin", "first password");
    private static final String STREAM = "{\"name\":\"algebra-101\",\"title\":\"Algebra\",\"ingest\":\"rtmp\",\"latencyMode\":\"low-latency\",\"ladder\":[\"360p\",\"720p\"]}";

    private final MemoryStreamStore store = new MemoryStreamStore();
    private final FakeRegistry registry = new FakeRegistry();
    private final ApiServlet api = new ApiServlet();
    private final MetricsServlet metrics = new MetricsServlet();
    private TestServer server;

    private void start(Map<String, Object> authConfig, boolean metricsPublic) throws Exception {
        Authenticator auth = AuthFixture.authenticator(new MemoryAccountStore(), authConfig);
        api.streamStore = store;
        api.pipelineRegistry = registry;
        api.authenticator = auth;
        api.ingests = List.of(new FakePlugins.Rtmp());
        api.destinations = List.of(new FakePlugins.YouTube());
        metrics.streamStore = store;
        metrics.pipelineRegistry = registry;
        metrics.authenticator = auth;
        metrics.configure(TestConfig.of(MetricsServlet.Config.class, Map.of("metricsPublic", metricsPublic)));
        server = new TestServer().filter(AuthFixture.filter(auth), "/api/*").servlet(api, "/api/v1/*").servlet(metrics, "/metrics").start();
    }

    private void start() throws Exception {
        start(Map.of("adminPassword", "first password"), false);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> call(String method, String path, String json) throws Exception {
        return server.call(method, path, ADMIN, json);
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void createShowsTheKeyOnceAndNeverAgain() throws Exception {
        start();
        var created = call("POST", "/api/v1/streams", STREAM);
        assertEquals(201, created.statusCode(), created.body());
        JsonNode n = json(created);
        String key = n.get("key").asText();
        assertEquals(32, key.length());
        assertEquals("/api/v1/streams/algebra-101", created.headers().firstValue("Location").orElse(""));
        assertEquals("rtmp://127.0.0.1:1935/live/" + key, n.get("publishUrls").get(0).asText());
        assertEquals("/live/algebra-101/master.m3u8", n.at("/playback/hls").asText());
        assertEquals("/live/algebra-101/manifest.mpd", n.at("/playback/dash").asText());
        assertEquals("/watch/algebra-101", n.at("/playback/watch").asText());
        assertEquals("/embed/algebra-101", n.at("/playback/embed").asText());
        assertEquals("low-latency", n.get("latencyMode").asText());
        assertEquals("[\"360p\",\"720p\"]", n.get("ladder").toString());
        assertEquals(0, n.get("warnings").size());

        var one = call("GET", "/api/v1/streams/algebra-101", null);
        assertEquals(200, one.statusCode());
        assertFalse(one.body().contains(key), one.body());
        assertFalse(json(one).has("key"));
        assertEquals(key.substring(28), json(one).get("keyHint").asText());
        var list = call("GET", "/api/v1/streams", null);
        assertFalse(list.body().contains(key));
        assertEquals("algebra-101", json(list).get(0).get("name").asText());
        assertEquals("stopped", json(list).get(0).at("/live/state").asText());
    }

    @Test
    void duplicatesAndBadValuesAreRefusedNamingTheField() throws Exception {
        start();
        assertEquals(201, call("POST", "/api/v1/streams", STREAM).statusCode());
        var dup = call("POST", "/api/v1/streams", STREAM);
        assertEquals(409, dup.statusCode());
        assertEquals("conflict", json(dup).get("error").asText());

        var bad = call("POST", "/api/v1/streams", "{\"name\":\"../etc\",\"ingest\":\"rtmp\",\"latencyMode\":\"fast\",\"ladder\":[\"4k\"]}");
        assertEquals(400, bad.statusCode());
        JsonNode fields = json(bad).get("fields");
        assertTrue(fields.has("name"), bad.body());
        assertTrue(fields.get("latencyMode").asText().contains("low-latency, tutorial or high-quality"));
        assertTrue(fields.get("ladder").asText().contains("4k"), bad.body());
        assertEquals("invalid", json(bad).get("error").asText());

        var noIngest = call("POST", "/api/v1/streams", "{\"name\":\"x\",\"ingest\":\"carrier-pigeon\"}");
        assertTrue(json(noIngest).get("fields").has("ingest"));
        assertEquals(400, call("POST", "/api/v1/streams", "{not json").statusCode());
        assertEquals(404, call("GET", "/api/v1/streams/nothing-here", null).statusCode());
        assertEquals(405, call("DELETE", "/api/v1/streams", null).statusCode());
    }

    @Test
    void missingIngestPluginStillCreatesWithAWarning() throws Exception {
        start();
        var r = call("POST", "/api/v1/streams", "{\"name\":\"physics\",\"ingest\":\"srt\",\"encoders\":[\"nvenc\"]}");
        assertEquals(201, r.statusCode(), r.body());
        JsonNode n = json(r);
        assertEquals(0, n.get("publishUrls").size());
        assertTrue(n.get("warnings").toString().contains("'srt' ingest plugin is not installed"), r.body());
        assertTrue(n.get("warnings").toString().contains("'nvenc' is not installed"), r.body());
        assertEquals("tutorial", n.get("latencyMode").asText());
    }

    @Test
    void startAndStopReachTheRegistryAndDisabledStreamsDoNotStart() throws Exception {
        start();
        call("POST", "/api/v1/streams", STREAM);
        var started = call("POST", "/api/v1/streams/algebra-101/start", null);
        assertEquals(200, started.statusCode(), started.body());
        assertEquals("live", json(started).get("state").asText());
        assertEquals("live", json(call("GET", "/api/v1/streams", null)).get(0).at("/live/state").asText());
        assertEquals("algebra-101", json(call("GET", "/api/v1/pipelines", null)).get(0).get("stream").asText());
        assertEquals(1, json(call("GET", "/api/v1/streams/algebra-101/outputs", null)).get("live").size() - 1);

        var changed = call("PATCH", "/api/v1/streams/algebra-101", "{\"title\":\"Algebra II\"}");
        assertTrue(json(changed).get("warnings").get(0).asText().contains("next time it starts"));

        assertEquals(200, call("POST", "/api/v1/streams/algebra-101/stop", null).statusCode());
        assertEquals(List.of("start algebra-101", "stop algebra-101"), registry.calls);
        assertEquals(404, call("GET", "/api/v1/pipelines/algebra-101", null).statusCode());

        call("PATCH", "/api/v1/streams/algebra-101", "{\"enabled\":false}");
        var refused = call("POST", "/api/v1/streams/algebra-101/start", null);
        assertEquals(409, refused.statusCode());
        assertEquals("disabled", json(refused).get("error").asText());
        assertEquals(2, registry.calls.size());
    }

    @Test
    void putAndPatchKeepTheKeyRotateMakesANewOne() throws Exception {
        start();
        String key = json(call("POST", "/api/v1/streams", STREAM)).get("key").asText();
        var put = call("PUT", "/api/v1/streams/algebra-101", "{\"ingest\":\"rtmp\",\"title\":\"New\",\"settings\":{\"width\":1280}}");
        assertEquals(200, put.statusCode(), put.body());
        assertEquals("tutorial", json(put).get("latencyMode").asText(), "PUT replaces everything");
        assertEquals("1280", json(put).at("/settings/width").asText());
        var patch = call("PATCH", "/api/v1/streams/algebra-101", "{\"latencyMode\":\"high-quality\"}");
        assertEquals("New", json(patch).get("title").asText(), "PATCH keeps what it does not name");
        assertEquals(key, store.keys.get("algebra-101"));
        assertEquals(400, call("PUT", "/api/v1/streams/algebra-101", "{\"name\":\"other\",\"ingest\":\"rtmp\"}").statusCode());

        var rotated = call("POST", "/api/v1/streams/algebra-101/key", null);
        String newKey = json(rotated).get("key").asText();
        assertNotEquals(key, newKey);
        assertTrue(json(rotated).get("publishUrls").get(0).asText().endsWith(newKey));
        assertEquals(newKey.substring(28), json(call("GET", "/api/v1/streams/algebra-101", null)).get("keyHint").asText());

        assertEquals(204, call("DELETE", "/api/v1/streams/algebra-101", null).statusCode());
        assertEquals(404, call("DELETE", "/api/v1/streams/algebra-101", null).statusCode());
    }

    @Test
    void destinationsAreCheckedAndTheirSecretsMasked() throws Exception {
        start();
        call("POST", "/api/v1/streams", STREAM);
        String path = "/api/v1/streams/algebra-101/destinations";
        var invalid = call("POST", path, "{\"id\":\"youtube-main\",\"platform\":\"youtube\",\"settings\":{\"url\":\"file:///etc/passwd\"}}");
        assertEquals(400, invalid.statusCode());
        assertTrue(json(invalid).get("fields").has("settings.url"), invalid.body());
        assertTrue(json(invalid).get("fields").has("settings.streamName"), invalid.body());

        String secret = "abcd-efgh-ijkl-mnop";
        var created = call("POST", path, "{\"id\":\"youtube-main\",\"platform\":\"youtube\",\"rendition\":\"720p\",\"settings\":{\"url\":\"rtmp://a.rtmp.youtube.com/live2\",\"streamName\":\"" + secret + "\"}}");
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("****mnop", json(created).at("/settings/streamName").asText());
        assertEquals(409, call("POST", path, "{\"id\":\"youtube-main\",\"platform\":\"youtube\",\"settings\":{\"url\":\"rtmp://x\",\"streamName\":\"k\"}}").statusCode());

        for (String body : List.of(call("GET", path, null).body(), call("GET", path + "/youtube-main", null).body(),
                call("GET", "/api/v1/streams/algebra-101", null).body(), call("GET", "/api/v1/streams", null).body())) {
            assertFalse(body.contains(secret), body);
            assertTrue(body.contains("****mnop"), body);
        }

        var kept = call("PUT", path + "/youtube-main", "{\"platform\":\"youtube\",\"enabled\":false,\"settings\":{\"url\":\"rtmp://b.rtmp.youtube.com/live2\",\"streamName\":\"****mnop\"}}");
        assertEquals(200, kept.statusCode(), kept.body());
        var stored = store.streams.get("algebra-101").definition().destinations().get(0);
        assertEquals(secret, stored.settings().get("streamName"), "a masked value sent back keeps the secret");
        assertEquals("rtmp://b.rtmp.youtube.com/live2", stored.settings().get("url"));
        assertFalse(stored.enabled());
        assertEquals("source", stored.rendition());

        var unknown = call("POST", path, "{\"id\":\"own-server\",\"platform\":\"custom\",\"settings\":{\"url\":\"rtmps://live.example.org/app\",\"key\":\"super-secret-key\"}}");
        assertEquals(201, unknown.statusCode(), unknown.body());
        assertEquals("****-key", json(unknown).at("/settings/key").asText());
        assertTrue(json(unknown).get("warnings").get(0).asText().contains("not installed"));
        var notAllowed = call("POST", path, "{\"id\":\"local\",\"platform\":\"custom\",\"settings\":{\"url\":\"file:///etc/passwd\"}}");
        assertEquals(400, notAllowed.statusCode());

        assertEquals(204, call("DELETE", path + "/own-server", null).statusCode());
        assertEquals(404, call("DELETE", path + "/own-server", null).statusCode());
        assertEquals(1, json(call("GET", path, null)).size());
    }

    @Test
    void aRenditionOrEncodeThatCannotFitIsRefusedNamingTheField() throws Exception {
        start();
        call("POST", "/api/v1/streams", STREAM);
        String path = "/api/v1/streams/algebra-101/destinations";
        String settings = "\"url\":\"rtmp://a.rtmp.youtube.com/live2\",\"streamName\":\"abcd-efgh-ijkl-mnop\"";
        var missing = call("POST", path, "{\"id\":\"yt\",\"platform\":\"youtube\",\"rendition\":\"1080p\",\"settings\":{" + settings + "}}");
        assertEquals(400, missing.statusCode(), missing.body());
        assertTrue(json(missing).at("/fields/rendition").asText().contains("no 1080p quality. Use source or one of 360p, 720p"), missing.body());
        var badEncode = call("POST", path, "{\"id\":\"yt\",\"platform\":\"youtube\",\"rendition\":\"720p\",\"settings\":{" + settings
                + ",\"encode\":\"never\",\"encodeHeight\":\"5000\"}}");
        assertEquals(400, badEncode.statusCode(), badEncode.body());
        assertTrue(json(badEncode).get("fields").has("settings.encodeHeight"), badEncode.body());
        var own = call("POST", path, "{\"id\":\"yt\",\"platform\":\"youtube\",\"rendition\":\"360p\",\"settings\":{" + settings
                + ",\"encodeHeight\":\"720\",\"encodeBitrate\":\"2500\"}}");
        assertEquals(201, own.statusCode(), own.body());
        assertEquals("720", json(own).at("/settings/encodeHeight").asText());
    }

    @Test
    void reconnectReachesTheRegistryOnlyForARunningDestination() throws Exception {
        start();
        call("POST", "/api/v1/streams", STREAM);
        call("POST", "/api/v1/streams/algebra-101/destinations", "{\"id\":\"youtube-main\",\"platform\":\"youtube\",\"settings\":"
                + "{\"url\":\"rtmp://a.rtmp.youtube.com/live2\",\"streamName\":\"abcd-efgh-ijkl-mnop\"}}");
        String path = "/api/v1/streams/algebra-101/destinations/youtube-main/reconnect";
        var stopped = call("POST", path, null);
        assertEquals(409, stopped.statusCode(), stopped.body());
        assertTrue(json(stopped).get("message").asText().contains("start the stream"), stopped.body());
        assertEquals(404, call("POST", "/api/v1/streams/algebra-101/destinations/nowhere/reconnect", null).statusCode());

        call("POST", "/api/v1/streams/algebra-101/start", null);
        var done = call("POST", path, null);
        assertEquals(200, done.statusCode(), done.body());
        assertTrue(json(done).get("reconnecting").asBoolean());
        assertEquals(List.of("reconnect algebra-101 youtube-main", "start algebra-101", "reconnect algebra-101 youtube-main"), registry.calls);
    }

    @Test
    void pluginsAreListed() throws Exception {
        start();
        JsonNode list = json(call("GET", "/api/v1/plugins", null));
        assertEquals(3, list.size());
        JsonNode rtmp = list.get(0);
        assertEquals("ingest", rtmp.get("kind").asText());
        assertEquals("rtmp", rtmp.get("id").asText());
        assertEquals("RTMP and RTMPS", rtmp.get("displayName").asText());
        assertEquals("0.1.0", rtmp.get("version").asText());
        assertEquals("io.lectern.ingest.rtmp", rtmp.get("bundle").asText());
        assertEquals("up", rtmp.get("state").asText());
        JsonNode youtube = json(call("GET", "/api/v1/plugins/destination/youtube", null));
        assertEquals("degraded", youtube.get("state").asText());
        assertEquals("secret", youtube.get("fields").get(1).get("type").asText());
        assertEquals("listener", json(call("GET", "/api/v1/plugins/ingest/rtmp", null)).get("mode").asText());
        assertEquals(404, call("GET", "/api/v1/plugins/encoder/nvenc", null).statusCode());
        assertEquals(404, call("GET", "/api/v1/plugins/gadget/x", null).statusCode());
    }

    @Test
    void credentialsTokensAndGuessing() throws Exception {
        start();
        var none = server.get("/api/v1/streams", null);
        assertEquals(401, none.statusCode());
        assertEquals("Basic realm=\"Lectern\"", none.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals("unauthorized", json(none).get("error").asText());
        assertEquals(200, server.get("/api/v1/streams", ADMIN).statusCode());

        var made = call("POST", "/api/v1/tokens", "{\"name\":\"backup script\"}");
        assertEquals(201, made.statusCode(), made.body());
        String token = json(made).get("token").asText();
        assertTrue(token.matches("lct_[A-Za-z0-9_-]{32}"));
        assertEquals(200, server.get("/api/v1/streams", bearer(token)).statusCode());
        var tokens = call("GET", "/api/v1/tokens", null);
        assertFalse(tokens.body().contains(token));
        assertEquals("backup script", json(tokens).get(0).get("name").asText());
        assertNotNull(json(tokens).get(0).get("lastUsed").textValue());
        assertEquals(204, call("DELETE", "/api/v1/tokens/" + json(made).get("id").asText(), null).statusCode());
        assertEquals(401, server.get("/api/v1/streams", bearer(token)).statusCode());

        var wrong = call("POST", "/api/v1/account/password", "{\"currentPassword\":\"nope\",\"newPassword\":\"second password\"}");
        assertEquals("currentPassword", json(wrong).get("fields").fieldNames().next());
        assertEquals(204, call("POST", "/api/v1/account/password", "{\"currentPassword\":\"first password\",\"newPassword\":\"second password\"}").statusCode());
        assertEquals(200, server.get("/api/v1/streams", basic("admin", "second password")).statusCode());

        for (int i = 0; i < 9; i++) {
            assertEquals(401, server.get("/api/v1/streams", basic("admin", "guess " + i)).statusCode());
        }
        assertEquals(429, server.get("/api/v1/streams", basic("admin", "guess 9")).statusCode());
        assertEquals(429, server.get("/api/v1/streams", basic("admin", "second password")).statusCode());
        assertEquals(429, server.get("/metrics", basic("admin", "second password")).statusCode());
        assertEquals(200, server.get("/api/v1/health", null).statusCode());
    }

    @Test
    void setupWorksOnceWhileNoAccountExists() throws Exception {
        start(Map.of(), false);
        var blocked = server.get("/api/v1/streams", ADMIN);
        assertEquals(503, blocked.statusCode());
        assertEquals("setup-required", json(blocked).get("error").asText());
        assertEquals("Open /setup to choose the admin password", json(blocked).get("message").asText());
        assertEquals("ok", json(server.get("/api/v1/health", null)).get("status").asText());

        var weak = server.call("POST", "/api/v1/setup", null, "{\"password\":\"short\"}");
        assertEquals(400, weak.statusCode());
        assertTrue(json(weak).get("fields").has("password"));
        var done = server.call("POST", "/api/v1/setup", null, "{\"password\":\"first password\"}");
        assertEquals(201, done.statusCode(), done.body());
        assertEquals("admin", json(done).get("username").asText());
        var again = server.call("POST", "/api/v1/setup", null, "{\"password\":\"taken over!\"}");
        assertEquals(409, again.statusCode());
        assertEquals(200, server.get("/api/v1/streams", ADMIN).statusCode());
        assertEquals(401, server.get("/api/v1/streams", basic("admin", "taken over!")).statusCode());
    }

    @Test
    void healthSaysStartingWhileTheFrameworkStillStartsPlugins() throws Exception {
        AtomicInteger state = new AtomicInteger(Bundle.STARTING);
        Bundle system = (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> method.getName().equals("getState") ? state.get() : null);
        api.bundleContext = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> method.getName().equals("getBundle") && args.length == 1 && (long) args[0] == 0 ? system : null);
        start();
        assertEquals("starting", json(server.get("/api/v1/health", null)).get("status").asText());
        state.set(Bundle.ACTIVE);
        assertEquals("ok", json(server.get("/api/v1/health", null)).get("status").asText());
    }

    @Test
    void healthAndTimeArePublic() throws Exception {
        start();
        JsonNode health = json(server.get("/api/v1/health", null));
        assertEquals("ok", health.get("status").asText());
        assertEquals("dev", health.get("version").asText());
        var time = server.get("/api/v1/time", null);
        assertEquals(200, time.statusCode());
        assertTrue(time.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        assertTrue(time.body().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z"), time.body());
    }

    @Test
    void withoutTheDatabaseTheApiAnswers503() throws Exception {
        start();
        api.streamStore = null;
        var r = call("GET", "/api/v1/streams", null);
        assertEquals(503, r.statusCode());
        assertEquals("unavailable", json(r).get("error").asText());
        assertTrue(json(r).get("message").asText().contains("database is not available"));
    }

    @Test
    void theApiDescriptionCoversEveryRoute() throws Exception {
        start();
        var r = server.get("/api/v1/openapi.json", null);
        assertEquals(200, r.statusCode());
        JsonNode doc = json(r);
        assertEquals("3.1.0", doc.get("openapi").asText());
        List<Router.Route> routes = api.router().routes();
        assertTrue(routes.size() >= 28, "routes: " + routes.size());
        for (Router.Route route : routes) {
            JsonNode path = doc.at("/paths").get(route.template());
            assertNotNull(path, "openapi.json lacks " + route.template());
            assertNotNull(path.get(route.method().toLowerCase(Locale.ROOT)), "openapi.json lacks " + route.method() + " " + route.template());
            if (!route.template().contains("{")) {
                assertEquals(route.open(), AuthFixture.isPublic(route.method(), "/api/v1" + route.template()),
                        "the auth filter and the API disagree on " + route.method() + " " + route.template());
            }
        }
        // GET/POST/DELETE /session (auth bundle) and GET /events have servlets of their own.
        assertEquals(routes.size() + 4, doc.at("/paths").findValuesAsText("summary").size(), "openapi.json describes routes the API does not have");
    }

    @Test
    void statsAreRecordedAndServed() throws Exception {
        start();
        call("POST", "/api/v1/streams", STREAM);
        call("POST", "/api/v1/streams", "{\"name\":\"idle\",\"ingest\":\"rtmp\"}");
        call("POST", "/api/v1/streams/algebra-101/start", null);
        StatsRecorder recorder = new StatsRecorder(store, registry, TestConfig.of(StatsRecorder.Config.class, Map.of("intervalSeconds", 3600)), java.time.Clock.systemUTC());
        try {
            recorder.recordNow();
        } finally {
            recorder.stop();
        }
        assertEquals(1, store.samples.size());
        StatsSample s = store.samples.get(0);
        assertEquals(2_500_000, s.ingestBitrate());
        assertEquals(3, s.droppedFrames());
        assertEquals(1.2, s.encoderSpeed());
        assertEquals(Map.of("youtube-main", "live"), s.destinations());

        JsonNode stats = json(call("GET", "/api/v1/streams/algebra-101/stats?since=2020-01-01T00:00:00Z&limit=10", null));
        assertEquals(1, stats.size());
        assertEquals(2_500_000, stats.get(0).get("ingestBitrate").asLong());
        assertEquals(0, json(call("GET", "/api/v1/streams/idle/stats", null)).size());
        assertTrue(json(call("GET", "/api/v1/streams/idle/stats?limit=0", null)).get("fields").has("limit"));
        assertTrue(json(call("GET", "/api/v1/streams/idle/stats?since=yesterday", null)).get("fields").has("since"));
    }

    private static final Pattern SAMPLE = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\.|[^\"\\\\])*\",?)*\\})? -?[0-9.eE+-]+");

    @Test
    void metricsNeedSignInAndParse() throws Exception {
        start();
        call("POST", "/api/v1/streams", STREAM);
        call("POST", "/api/v1/streams", "{\"name\":\"idle\",\"ingest\":\"rtmp\"}");
        call("POST", "/api/v1/streams/algebra-101/start", null);
        assertEquals(401, server.get("/metrics", null).statusCode());
        var r = server.get("/metrics", ADMIN);
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        for (String line : r.body().split("\n")) {
            if (line.startsWith("#")) {
                assertTrue(line.matches("# (HELP|TYPE) [a-z_]+ .+"), line);
            } else {
                assertTrue(SAMPLE.matcher(line).matches(), line);
            }
        }
        List<String> lines = List.of(r.body().split("\n"));
        assertTrue(lines.contains("lectern_streams_total 2"), r.body());
        assertTrue(lines.contains("lectern_stream_live{stream=\"algebra-101\"} 1"));
        assertTrue(lines.contains("lectern_stream_live{stream=\"idle\"} 0"));
        assertTrue(lines.contains("lectern_stream_ingest_bitrate_bits{stream=\"algebra-101\"} 2500000"));
        assertTrue(lines.contains("lectern_rendition_frames_dropped_total{stream=\"algebra-101\",rendition=\"720p\"} 3"));
        assertTrue(lines.contains("lectern_plugins{kind=\"encoder\"} 1"));
        assertTrue(lines.contains("lectern_plugins{kind=\"packager\"} 0"));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("jvm_memory_used_bytes{area=\"heap\"} ")));
    }

    @Test
    void metricsCanBePublic() throws Exception {
        start(Map.of("adminPassword", "first password"), true);
        assertEquals(200, server.get("/metrics", null).statusCode());
        assertEquals(401, server.get("/api/v1/streams", null).statusCode());
    }
}
