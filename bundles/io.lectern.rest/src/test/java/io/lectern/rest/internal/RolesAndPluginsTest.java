package io.lectern.rest.internal;

import static io.lectern.auth.internal.TestServer.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.lectern.auth.Authenticator;
import io.lectern.auth.internal.AuthFixture;
import io.lectern.auth.internal.MemoryAccountStore;
import io.lectern.auth.internal.TestServer;

/** Operators may read and start or stop streams, nothing more; users and plugin uploads are checked. */
class RolesAndPluginsTest {

    private static final String ADMIN = basic("admin", "first password");
    private static final String OPERATOR = basic("olga", "operator password");

    private final ApiServlet api = new ApiServlet();
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        Authenticator auth = AuthFixture.authenticator(new MemoryAccountStore(), Map.of("adminPassword", "first password"));
        auth.createUser("olga", "operator password", Authenticator.ROLE_OPERATOR);
        api.streamStore = new MemoryStreamStore();
        api.pipelineRegistry = new FakeRegistry();
        api.authenticator = auth;
        api.ingests = List.of(new FakePlugins.Rtmp());
        server = new TestServer().filter(AuthFixture.filter(auth), "/api/*").servlet(api, "/api/v1/*").start();
        assertEquals(201, server.call("POST", "/api/v1/streams", ADMIN, "{\"name\":\"math\",\"ingest\":\"rtmp\"}").statusCode());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void operatorsReadAndStartAndStopButChangeNothingElse() throws Exception {
        assertEquals(200, server.get("/api/v1/streams", OPERATOR).statusCode());
        assertEquals(200, server.call("POST", "/api/v1/streams/math/start", OPERATOR, null).statusCode());
        assertEquals(200, server.call("POST", "/api/v1/streams/math/stop", OPERATOR, null).statusCode());
        for (String[] call : new String[][] {
                {"DELETE", "/api/v1/streams/math"}, {"POST", "/api/v1/streams"}, {"PUT", "/api/v1/streams/math"},
                {"POST", "/api/v1/plugins"}, {"DELETE", "/api/v1/plugins/12"}, {"POST", "/api/v1/plugins/12/stop"},
                {"GET", "/api/v1/users"}, {"POST", "/api/v1/users"}, {"DELETE", "/api/v1/users/admin"},
                {"GET", "/api/v1/tokens"}, {"POST", "/api/v1/tokens"}}) {
            var r = server.call(call[0], call[1], OPERATOR, call[0].equals("GET") || call[0].equals("DELETE") ? null : "{}");
            assertEquals(403, r.statusCode(), call[0] + " " + call[1] + ": " + r.body());
            assertEquals("forbidden", json(r).get("error").asText());
            assertTrue(json(r).get("message").asText().contains("Only an admin"));
        }
        assertEquals(200, server.get("/api/v1/streams/math", OPERATOR).statusCode(), "the stream is still there");
    }

    @Test
    void adminsManageUsers() throws Exception {
        var bad = server.call("POST", "/api/v1/users", ADMIN, "{\"username\":\"Bad Name\",\"password\":\"short\",\"role\":\"boss\"}");
        assertEquals(400, bad.statusCode());
        assertTrue(json(bad).get("fields").has("role"), bad.body());
        var weak = server.call("POST", "/api/v1/users", ADMIN, "{\"username\":\"ted\",\"password\":\"short\",\"role\":\"operator\"}");
        assertEquals("password", json(weak).get("fields").fieldNames().next());
        var made = server.call("POST", "/api/v1/users", ADMIN, "{\"username\":\"ted\",\"password\":\"long enough\",\"role\":\"operator\"}");
        assertEquals(201, made.statusCode(), made.body());
        assertEquals(409, server.call("POST", "/api/v1/users", ADMIN, "{\"username\":\"ted\",\"password\":\"long enough\",\"role\":\"admin\"}").statusCode());
        assertEquals(3, json(server.get("/api/v1/users", ADMIN)).size());
        assertEquals(200, server.get("/api/v1/streams", basic("ted", "long enough")).statusCode());
        assertEquals(409, server.call("DELETE", "/api/v1/users/admin", ADMIN, null).statusCode(), "nobody deletes themselves");
        assertEquals(204, server.call("DELETE", "/api/v1/users/ted", ADMIN, null).statusCode());
        assertEquals(404, server.call("DELETE", "/api/v1/users/ted", ADMIN, null).statusCode());
        assertEquals(401, server.get("/api/v1/streams", basic("ted", "long enough")).statusCode());
    }

    @Test
    void uploadsThatAreNoBundleAreRefused() throws Exception {
        var text = server.send(server.request("/api/v1/plugins").header("Authorization", ADMIN).header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofString("not a jar")));
        assertEquals(400, text.statusCode(), text.body());
        assertEquals("not-a-bundle", json(text).get("error").asText());
        var plainJar = server.send(server.request("/api/v1/plugins").header("Authorization", ADMIN).header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofByteArray(jar("Manifest-Version: 1.0\n"))));
        assertEquals(400, plainJar.statusCode());
        assertTrue(json(plainJar).get("message").asText().contains("not an OSGi bundle"), plainJar.body());
        var bundle = server.send(server.request("/api/v1/plugins").header("Authorization", ADMIN).header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofByteArray(jar("Manifest-Version: 1.0\nBundle-ManifestVersion: 2\nBundle-SymbolicName: x.y\n"))));
        assertEquals(503, bundle.statusCode(), "a real bundle gets as far as the framework, which tests do not have");
        assertEquals(401, server.call("POST", "/api/v1/plugins", null, "{}").statusCode());
    }

    private static byte[] jar(String manifest) throws Exception {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.util.jar.JarOutputStream(bytes, new java.util.jar.Manifest(new java.io.ByteArrayInputStream(manifest.getBytes())))) {
            out.putNextEntry(new java.util.zip.ZipEntry("a.txt"));
            out.write('a');
        }
        return bytes.toByteArray();
    }
}
