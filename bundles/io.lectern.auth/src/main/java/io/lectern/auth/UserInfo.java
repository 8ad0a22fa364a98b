package io.lectern.auth;

import java.time.OffsetDateTime;

/** An account as listed; never its password hash. */
public record UserInfo(String username, String role, OffsetDateTime created) {
}
