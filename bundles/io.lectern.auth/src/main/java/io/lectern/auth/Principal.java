package io.lectern.auth;

/**
 * A signed-in user.
 *
 * @param username the account name
 * @param role     the account's role, e.g. {@link Authenticator#ROLE_ADMIN}
 * @param tokenId  the API token used, or {@code null} when a password was used
 */
public record Principal(String username, String role, String tokenId) implements java.security.Principal {

    @Override
    public String getName() {
        return username;
    }
}
