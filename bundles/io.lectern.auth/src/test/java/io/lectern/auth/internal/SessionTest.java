package io.lectern.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Sign-in by form, the session cookie, CSRF refusal, sign-out, idle end and the failure block. */
class SessionTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final MemoryAccountStore store = new MemoryAccountStore();
    private final MutableClock clock = new MutableClock();
    private TestServer server;

    private void start(Map<String, Object> config) throws Exception {
        AuthService auth = new AuthService(store, TestConfig.of(AuthService.Config.class, config), "first password", clock);
        server = new TestServer().filter(new AuthFilter(auth), "/api/*")
                .servlet(new SessionServlet(auth), SessionServlet.PATH)
                .servlet(new AuthFilterTest.WhoAmI(), "/api/v1/*").start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private HttpResponse<String> login(String user, String password) throws Exception {
        return server.call("POST", "/api/v1/session", null, "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
    }

    private static String cookie(HttpResponse<String> r) {
        return r.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    }

    private HttpResponse<String> withCookie(String method, String path, String cookie, String csrf) throws Exception {
        HttpRequest.Builder b = server.request(path).header("Cookie", cookie).method(method, HttpRequest.BodyPublishers.noBody());
        if (csrf != null) {
            b.header("X-CSRF-Token", csrf);
        }
        return server.send(b);
    }

    @Test
    void theCookieSignsInAndChangesNeedTheCsrfToken() throws Exception {
        start(Map.of());
        var r = login("admin", "first password");
        assertEquals(200, r.statusCode(), r.body());
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.startsWith("lectern_session="), setCookie);
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Path=/"), setCookie);
        assertFalse(setCookie.contains("Secure"), "plain HTTP");
        String csrf = MAPPER.readTree(r.body()).get("csrfToken").asText();
        String cookie = cookie(r);

        JsonNode me = MAPPER.readTree(withCookie("GET", "/api/v1/session", cookie, null).body());
        assertEquals("admin", me.get("username").asText());
        assertEquals(csrf, me.get("csrfToken").asText());
        assertEquals("admin", withCookie("GET", "/api/v1/streams", cookie, null).body());

        var noToken = withCookie("POST", "/api/v1/streams", cookie, null);
        assertEquals(403, noToken.statusCode());
        assertTrue(noToken.body().contains("\"error\":\"csrf\""), noToken.body());
        assertEquals(403, withCookie("DELETE", "/api/v1/streams/x", cookie, "wrong").statusCode());
        assertEquals(200, withCookie("POST", "/api/v1/streams", cookie, csrf).statusCode());
        // Basic needs no token: browsers never add it by themselves.
        assertEquals(200, server.call("POST", "/api/v1/streams", TestServer.basic("admin", "first password"), "{}").statusCode());

        var out = withCookie("DELETE", "/api/v1/session", cookie, csrf);
        assertEquals(204, out.statusCode());
        assertTrue(out.headers().firstValue("Set-Cookie").orElseThrow().contains("Max-Age=0"));
        assertEquals(401, withCookie("GET", "/api/v1/streams", cookie, null).statusCode());
    }

    @Test
    void wrongPasswordsAreRefusedAndBlockTheAddress() throws Exception {
        start(Map.of("maxFailures", 3));
        assertEquals(401, login("admin", "wrong").statusCode());
        assertEquals(400, server.call("POST", "/api/v1/session", null, "{\"username\":\"admin\"}").statusCode());
        assertEquals(401, login("nobody", "wrong").statusCode());
        var blocked = login("admin", "wrong");
        assertEquals(429, blocked.statusCode());
        assertTrue(blocked.headers().firstValue("Retry-After").isPresent());
        assertEquals(429, login("admin", "first password").statusCode(), "blocked even with the right password");
    }

    @Test
    void sessionsEndWhenIdleAndHttpsCookiesAreSecure() throws Exception {
        start(Map.of("sessionIdleMinutes", 10));
        var r = server.send(server.request("/api/v1/session").header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-Proto", "https").POST(HttpRequest.BodyPublishers.ofString("username=admin&password=first+password")));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Set-Cookie").orElseThrow().contains("; Secure"));
        String cookie = cookie(r);
        clock.advance(Duration.ofMinutes(9));
        assertEquals(200, withCookie("GET", "/api/v1/streams", cookie, null).statusCode());
        clock.advance(Duration.ofMinutes(9));
        assertEquals(200, withCookie("GET", "/api/v1/streams", cookie, null).statusCode(), "use keeps it alive");
        clock.advance(Duration.ofMinutes(11));
        var expired = withCookie("GET", "/api/v1/streams", cookie, null);
        assertEquals(401, expired.statusCode());
        assertTrue(expired.headers().firstValue("WWW-Authenticate").isPresent());
        var scripted = server.send(server.request("/api/v1/streams").header("X-Requested-With", "lectern").GET());
        assertEquals(401, scripted.statusCode());
        assertTrue(scripted.headers().firstValue("WWW-Authenticate").isEmpty(), "no browser sign-in box for the dashboard's scripts");
    }

    private static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
