package io.lectern.auth.internal;

import static io.lectern.auth.internal.TestServer.basic;
import static io.lectern.auth.internal.TestServer.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.lectern.auth.Authenticator;
import io.lectern.auth.NewToken;
import io.lectern.auth.Principal;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

class AuthFilterTest {

    private final MemoryAccountStore store = new MemoryAccountStore();
    private TestServer server;

    /** Answers with the signed-in user's name, or "anonymous". */
    static final class WhoAmI extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            Principal p = (Principal) req.getAttribute(Authenticator.USER_ATTRIBUTE);
            resp.getWriter().write(p == null ? "anonymous" : p.username());
        }
    }

    private AuthService start(Map<String, Object> config) throws Exception {
        AuthService auth = new AuthService(store, TestConfig.of(AuthService.Config.class, config), null, java.time.Clock.systemUTC());
        server = new TestServer().filter(new AuthFilter(auth), "/api/*").servlet(new WhoAmI(), "/api/v1/*").start();
        return auth;
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void notSetUpAnswers503ExceptForPublicPaths() throws Exception {
        start(Map.of());
        var r = server.get("/api/v1/streams", null);
        assertEquals(503, r.statusCode());
        assertEquals("{\"error\":\"setup-required\",\"message\":\"Open /setup to choose the admin password\"}", r.body());
        assertEquals(200, server.get("/api/v1/health", null).statusCode());
        assertEquals(200, server.get("/api/v1/time", null).statusCode());
        assertEquals(200, server.get("/api/v1/openapi.json", null).statusCode());
        assertEquals(200, server.call("POST", "/api/v1/setup", null, "{}").statusCode());
        assertEquals(503, server.call("GET", "/api/v1/setup", null, null).statusCode());
    }

    @Test
    void basicAndBearerLetInOthersGet401() throws Exception {
        AuthService auth = start(Map.of("adminPassword", "first password"));
        var none = server.get("/api/v1/streams", null);
        assertEquals(401, none.statusCode());
        assertEquals("Basic realm=\"Lectern\"", none.headers().firstValue("WWW-Authenticate").orElse(""));
        assertTrue(none.body().startsWith("{\"error\":\"unauthorized\",\"message\":"), none.body());

        assertEquals(401, server.get("/api/v1/streams", basic("admin", "wrong password")).statusCode());
        var ok = server.get("/api/v1/streams", basic("admin", "first password"));
        assertEquals(200, ok.statusCode());
        assertEquals("admin", ok.body());
        assertEquals("anonymous", server.get("/api/v1/health", null).body(), "public paths carry no user");

        NewToken token = auth.createToken("admin", "script");
        assertEquals("admin", server.get("/api/v1/streams", bearer(token.token())).body());
        assertEquals(401, server.get("/api/v1/streams", bearer("lct_" + "x".repeat(32))).statusCode());
        assertEquals(401, server.get("/api/v1/streams", bearer("nonsense")).statusCode());
        auth.revokeToken("admin", token.id());
        assertEquals(401, server.get("/api/v1/streams", bearer(token.token())).statusCode());
    }

    @Test
    void tenFailuresFromOneAddressGive429() throws Exception {
        start(Map.of("adminPassword", "first password"));
        for (int i = 0; i < 9; i++) {
            assertEquals(401, server.get("/api/v1/streams", basic("admin", "guess " + i)).statusCode());
        }
        var tenth = server.get("/api/v1/streams", basic("admin", "guess 10"));
        assertEquals(429, tenth.statusCode());
        var blocked = server.get("/api/v1/streams", basic("admin", "first password"));
        assertEquals(429, blocked.statusCode());
        assertTrue(blocked.headers().firstValue("Retry-After").isPresent());
        assertTrue(blocked.body().contains("\"error\":\"too-many-attempts\""), blocked.body());
    }

    @Test
    void withoutAuthenticatorItFailsClosed() throws Exception {
        server = new TestServer().filter(new AuthFilter(null), "/api/*").servlet(new WhoAmI(), "/api/v1/*").start();
        assertEquals(503, server.get("/api/v1/streams", basic("admin", "first password")).statusCode());
        assertEquals(200, server.get("/api/v1/health", null).statusCode());
    }
}
