package io.lectern.auth.internal;

import java.time.Clock;
import java.util.Map;

import io.lectern.auth.Authenticator;
import io.lectern.store.AccountStore;
import jakarta.servlet.Filter;

/** The auth bundle's components without OSGi, for the REST tests. */
public final class AuthFixture {

    private AuthFixture() {
    }

    public static Authenticator authenticator(AccountStore store, Map<String, Object> config) {
        return new AuthService(store, TestConfig.of(AuthService.Config.class, config), null, Clock.systemUTC());
    }

    public static Filter filter(Authenticator authenticator) {
        return new AuthFilter(authenticator);
    }

    /** Whether the filter lets {@code method path} through without credentials. */
    public static boolean isPublic(String method, String path) {
        return AuthFilter.isPublic(method, path);
    }
}
