package io.lectern.store;

import java.time.OffsetDateTime;

/**
 * A Bearer API token as stored: only the hash of the secret is kept.
 *
 * @param id        a short public id shown in lists
 * @param lastUsed  null until first use
 */
public record ApiToken(String id, String username, String name, String secretHash, OffsetDateTime created,
                       OffsetDateTime lastUsed) {
}
