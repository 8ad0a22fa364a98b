package io.lectern.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.lectern.auth.NewToken;
import io.lectern.auth.PasswordException;
import io.lectern.store.ApiToken;
import jakarta.servlet.http.HttpServletRequest;

class AuthServiceTest {

    private final MemoryAccountStore store = new MemoryAccountStore();
    private final MovableClock clock = new MovableClock();

    private AuthService service(Map<String, Object> config, String env) {
        return new AuthService(store, TestConfig.of(AuthService.Config.class, config), env, clock);
    }

    @Test
    void withoutPasswordTheServerIsNotSetUpUntilSetUpOnce() {
        AuthService auth = service(Map.of(), null);
        assertFalse(auth.isSetUp());
        assertThrows(PasswordException.class, () -> auth.setUp("short"));
        auth.setUp("long enough");
        assertTrue(auth.isSetUp());
        assertEquals("admin", store.accounts.get("admin").role());
        assertTrue(store.accounts.get("admin").passwordHash().startsWith("pbkdf2-sha256$210000$"));
        assertThrows(IllegalStateException.class, () -> auth.setUp("another password"));
        assertTrue(auth.login("admin", "long enough", "10.0.0.1").isPresent());
    }

    @Test
    void environmentPasswordWinsOverConfiguration() {
        AuthService auth = service(Map.of("adminPassword", "from config"), "from environment");
        assertTrue(auth.isSetUp());
        assertTrue(auth.login("admin", "from environment", "a").isPresent());
        assertFalse(auth.login("admin", "from config", "a").isPresent());
    }

    @Test
    void configuredPasswordCreatesAdminButTooShortOneDoesNot() {
        assertTrue(service(Map.of("adminPassword", "from config"), "").isSetUp());
        store.accounts.clear();
        assertFalse(service(Map.of("adminPassword", "short"), null).isSetUp());
    }

    @Test
    void changePasswordChecksTheCurrentOne() {
        AuthService auth = service(Map.of("adminPassword", "first password"), null);
        assertTrue(auth.login("admin", "first password", "a").isPresent());
        PasswordException wrong = assertThrows(PasswordException.class, () -> auth.changePassword("admin", "nope", "second password"));
        assertEquals("currentPassword", wrong.field());
        PasswordException weak = assertThrows(PasswordException.class, () -> auth.changePassword("admin", "first password", "2short"));
        assertEquals("newPassword", weak.field());
        auth.changePassword("admin", "first password", "second password");
        assertFalse(auth.login("admin", "first password", "a").isPresent());
        assertTrue(auth.login("admin", "second password", "a").isPresent());
    }

    @Test
    void tokensAreStoredAsHashAndLastUsedMovesAtMostOnceAMinute() {
        AuthService auth = service(Map.of("adminPassword", "first password"), null);
        NewToken token = auth.createToken("admin", "ci");
        assertTrue(token.token().matches("lct_[A-Za-z0-9_-]{32}"), token.token());
        ApiToken stored = store.tokens.get(token.id());
        assertEquals(PasswordHasher.sha256Hex(token.token()), stored.secretHash());
        assertFalse(store.tokens.toString().contains(token.token()));
        assertNull(stored.lastUsed());

        assertTrue(auth.authenticate(request("Bearer " + token.token())).isPresent());
        var firstUse = store.tokens.get(token.id()).lastUsed();
        assertNotNull(firstUse);
        clock.advance(Duration.ofSeconds(30));
        auth.authenticate(request("Bearer " + token.token()));
        assertEquals(firstUse, store.tokens.get(token.id()).lastUsed());
        clock.advance(Duration.ofSeconds(31));
        auth.authenticate(request("Bearer " + token.token()));
        assertNotEquals(firstUse, store.tokens.get(token.id()).lastUsed());

        assertFalse(auth.revokeToken("someone-else", token.id()));
        assertTrue(auth.revokeToken("admin", token.id()));
        assertTrue(auth.authenticate(request("Bearer " + token.token())).isEmpty());
    }

    @Test
    void blocksAnAddressAfterTenFailuresForAWhile() {
        AuthService auth = service(Map.of("adminPassword", "first password"), null);
        for (int i = 0; i < 9; i++) {
            assertTrue(auth.login("admin", "wrong " + i, "10.0.0.9").isEmpty());
        }
        assertTrue(auth.blockedFor("10.0.0.9").isEmpty());
        auth.login("admin", "wrong again", "10.0.0.9");
        assertTrue(auth.blockedFor("10.0.0.9").isPresent());
        assertTrue(auth.login("admin", "first password", "10.0.0.9").isEmpty(), "blocked even with the right password");
        assertTrue(auth.login("admin", "first password", "10.0.0.10").isPresent(), "other addresses are not blocked");
        clock.advance(Duration.ofMinutes(6));
        assertTrue(auth.login("admin", "first password", "10.0.0.9").isPresent());
    }

    @Test
    void failuresOutsideTheWindowDoNotCount() {
        AuthService auth = service(Map.of("adminPassword", "first password"), null);
        for (int i = 0; i < 9; i++) {
            auth.login("admin", "wrong", "10.0.0.7");
        }
        clock.advance(Duration.ofMinutes(6));
        auth.login("admin", "wrong", "10.0.0.7");
        assertTrue(auth.blockedFor("10.0.0.7").isEmpty());
    }

    /** A request with only an Authorization header, from 127.0.0.1. */
    private static HttpServletRequest request(String authorization) {
        return (HttpServletRequest) Proxy.newProxyInstance(AuthServiceTest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (p, method, args) -> switch (method.getName()) {
                    case "getHeader" -> "Authorization".equalsIgnoreCase((String) args[0]) ? authorization : null;
                    case "getRemoteAddr" -> "127.0.0.1";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A clock the test moves by hand. */
    static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-11-25T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
