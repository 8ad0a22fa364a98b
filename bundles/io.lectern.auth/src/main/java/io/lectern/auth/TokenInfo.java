package io.lectern.auth;

import java.time.OffsetDateTime;

/** An API token as listed; the secret is never kept. {@code lastUsed} is null until first use. */
public record TokenInfo(String id, String username, String name, OffsetDateTime created, OffsetDateTime lastUsed) {
}
