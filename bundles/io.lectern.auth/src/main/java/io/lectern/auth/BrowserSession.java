package io.lectern.auth;

/**
 * A dashboard sign-in kept in memory and named by the {@link Authenticator#SESSION_COOKIE} cookie.
 * Requests that change something must repeat {@code csrfToken} in the {@link Authenticator#CSRF_HEADER}
 * header: another site can make a browser send the cookie, but cannot read the token.
 */
public record BrowserSession(String id, Principal principal, String csrfToken) {

    @Override
    public String toString() {
        // Never print the secrets.
        return "BrowserSession[" + principal.username() + "]";
    }
}
