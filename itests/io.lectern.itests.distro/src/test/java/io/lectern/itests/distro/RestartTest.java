package io.lectern.itests.distro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.lectern.store.internal.PostgresServer;

/**
 * What the product keeps across restarts, on embedded H2 and on a PostgreSQL server the test starts
 * ({@code LECTERN_DB_URL}): streams, their keys and destinations, and the statistics, after a clean
 * stop and after {@code kill -9} while statistics are being written.
 */
class RestartTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALL_STATS = "/stats?since=2000-01-01T00:00:00Z&limit=10000";
    /** Two small live streams, so each statistics round writes a batch of two rows. */
    private static final String[] PATTERNS = {"pattern-a", "pattern-b"};

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void keepsStreamsDestinationsAndStatistics(String database, @TempDir Path dir) throws Exception {
        PostgresServer postgres = database.equals("postgresql") ? PostgresServer.start() : null;
        try (LecternProcess lectern = new LecternProcess(dir)) {
            if (postgres != null) {
                lectern.env("LECTERN_DB_URL", postgres.url()).env("LECTERN_DB_USER", "lectern");
            }
            // A round every second, so kill -9 below very likely lands while one is being written.
            Files.writeString(dir.resolve("deploy/io.lectern.rest.stats.cfg"), "intervalSeconds=1\n");
            lectern.start();
            assertTrue(Files.readString(lectern.log()).contains("Lectern store uses " + (postgres != null ? "PostgreSQL" : "H2")),
                    "the store runs on " + database);
            assertTrue(Files.readString(lectern.log()).contains("Recording stream statistics every 1 s"), "deploy/ configuration applied");

            String create = "{\"name\":\"demo\",\"ingest\":\"rtmp\",\"latencyMode\":\"tutorial\"}";
            refusesWithoutTheRightPassword(lectern, create);
            HttpResponse<String> created = lectern.post("/api/v1/streams", create);
            assertEquals(201, created.statusCode(), created.body());
            String key = JSON.readTree(created.body()).path("key").asText();
            assertEquals(32, key.length(), created.body());
            HttpResponse<String> destination = lectern.post("/api/v1/streams/demo/destinations",
                    "{\"id\":\"backup\",\"platform\":\"custom\",\"enabled\":false,\"settings\":{\"url\":\"rtmp://127.0.0.1:1/live/x\"}}");
            assertEquals(201, destination.statusCode(), destination.body());

            startPatterns(lectern);
            Set<Instant> beforeStop = waitForRounds(lectern, 3);
            int exit = lectern.stop();
            assertTrue(exit == 0 || exit == 143, "SIGTERM stops it cleanly, exit " + exit);

            lectern.start();
            JsonNode demo = JSON.readTree(get(lectern, "/api/v1/streams/demo"));
            assertEquals("rtmp", demo.path("ingest").asText(), demo.toString());
            assertEquals("tutorial", demo.path("latencyMode").asText(), demo.toString());
            assertEquals(key.substring(key.length() - 4), demo.path("keyHint").asText(), "the key was kept, not replaced");
            String destinations = get(lectern, "/api/v1/streams/demo/destinations");
            assertTrue(destinations.contains("\"backup\"") && destinations.contains("\"custom\""), destinations);
            Set<Instant> afterStop = rounds(lectern, PATTERNS[0]);
            assertTrue(afterStop.containsAll(beforeStop), "every sample seen before the stop is kept: " + beforeStop + " vs " + afterStop);
            refusesWithoutTheRightPassword(lectern, create);

            // kill -9 in the middle of the rounds: no half-written round may remain.
            startPatterns(lectern);
            int before = afterStop.size();
            waitForRounds(lectern, before + 3);
            lectern.kill();
            Instant killed = Instant.now();
            lectern.start();
            Set<Instant> afterKill = rounds(lectern, PATTERNS[0]);
            assertTrue(afterKill.size() >= before + 3, "the rounds before the kill are kept: " + afterKill.size() + " of " + before + "+3");
            noHalfRounds(lectern, afterStop, killed);
            assertEquals(200, lectern.get("/api/v1/streams/demo", true).statusCode());
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    private static void refusesWithoutTheRightPassword(LecternProcess lectern, String create) throws Exception {
        assertEquals(401, lectern.get("/api/v1/streams", false).statusCode(), "anonymous GET");
        assertEquals(401, lectern.send(json(lectern.request("/api/v1/streams", false), create)).statusCode(), "anonymous POST");
        String wrong = "Basic " + Base64.getEncoder().encodeToString("admin:not-the-password".getBytes(StandardCharsets.UTF_8));
        assertEquals(401, lectern.send(lectern.request("/api/v1/streams", false).header("Authorization", wrong).GET().build())
                .statusCode(), "wrong password GET");
        assertEquals(401, lectern.send(json(lectern.request("/api/v1/streams", false).header("Authorization", wrong), create))
                .statusCode(), "wrong password POST");
    }

    private static HttpRequest json(HttpRequest.Builder b, String body) {
        return b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** Creates (first time) and starts the two test-pattern streams, 240p at 10 fps to stay light. */
    private static void startPatterns(LecternProcess lectern) throws Exception {
        for (String name : PATTERNS) {
            if (lectern.get("/api/v1/streams/" + name, true).statusCode() == 404) {
                HttpResponse<String> r = lectern.post("/api/v1/streams", "{\"name\":\"" + name + "\",\"ingest\":\"testpattern\","
                        + "\"ladder\":[\"240p\"],\"settings\":{\"width\":\"320\",\"height\":\"240\",\"fps\":\"10\"}}");
                assertEquals(201, r.statusCode(), r.body());
            }
            HttpResponse<String> started = lectern.post("/api/v1/streams/" + name + "/start", "");
            assertTrue(started.statusCode() / 100 == 2, started.statusCode() + " " + started.body());
        }
    }

    /** Waits until both streams have at least {@code count} rounds; answers the first stream's. */
    private static Set<Instant> waitForRounds(LecternProcess lectern, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            Set<Instant> a = rounds(lectern, PATTERNS[0]);
            if (a.size() >= count && rounds(lectern, PATTERNS[1]).size() >= count) {
                return a;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("fewer than " + count + " statistics rounds in 90 s; pipelines: "
                + get(lectern, "/api/v1/pipelines") + "\n" + Files.readString(lectern.log()));
    }

    /**
     * A round is one transaction with one row per live stream, all with the same time. In the run
     * that was killed (after {@code earlier}, before {@code killed}), once both streams were live,
     * every round must hold both rows: a round of one at the end would be a batch cut in half.
     */
    private static void noHalfRounds(LecternProcess lectern, Set<Instant> earlier, Instant killed) throws Exception {
        Set<Instant> a = rounds(lectern, PATTERNS[0]);
        Set<Instant> b = rounds(lectern, PATTERNS[1]);
        Set<Instant> all = new TreeSet<>(a);
        all.addAll(b);
        all.removeIf(t -> earlier.contains(t) || t.isAfter(killed));
        Instant bothLive = all.stream().filter(t -> a.contains(t) && b.contains(t)).findFirst()
                .orElseThrow(() -> new AssertionError("no round with both streams before the kill: " + a + " / " + b));
        List<Instant> half = all.stream().filter(t -> !t.isBefore(bothLive) && a.contains(t) != b.contains(t)).toList();
        assertTrue(half.isEmpty(), "rounds with one of the two rows: " + half);
    }

    /** The times of a stream's stored samples. */
    private static Set<Instant> rounds(LecternProcess lectern, String stream) throws Exception {
        Set<Instant> times = new HashSet<>();
        JSON.readTree(get(lectern, "/api/v1/streams/" + stream + ALL_STATS)).forEach(s -> times.add(Instant.parse(s.path("at").asText())));
        return times;
    }

    private static String get(LecternProcess lectern, String path) throws Exception {
        HttpResponse<String> r = lectern.get(path, true);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return r.body();
    }
}
