package io.lectern.store;

import java.time.OffsetDateTime;

/**
 * A dashboard/API user. {@code passwordHash} is whatever the auth bundle wrote (it owns the format).
 */
public record Account(String username, String passwordHash, String role, OffsetDateTime created) {
}
