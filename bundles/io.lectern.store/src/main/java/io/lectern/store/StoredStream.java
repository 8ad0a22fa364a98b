package io.lectern.store;

import java.time.OffsetDateTime;

import io.lectern.api.stream.StreamDefinition;

/**
 * A stream as stored. The stream key itself is never stored, only its hash; {@code keyHint} is its
 * last four characters so an admin can tell keys apart.
 */
public record StoredStream(StreamDefinition definition, String description, boolean enabled, String keyHint,
                           OffsetDateTime created, OffsetDateTime updated) {

    public String name() {
        return definition.name();
    }
}
