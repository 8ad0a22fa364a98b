package io.lectern.auth;

import java.time.OffsetDateTime;

/**
 * A token just made. {@code token} is the secret in clear: it is shown once and never again.
 */
public record NewToken(String id, String name, String token, OffsetDateTime created) {

    @Override
    public String toString() {
        // Never print the secret.
        return "NewToken[" + id + ", " + name + "]";
    }
}
