package io.lectern.store;

import java.time.OffsetDateTime;

/**
 * The last known state of one output of a stream: a rendition ({@code kind = "rendition"}, id
 * {@code 720p}) or a destination ({@code kind = "destination"}, id {@code youtube-main}).
 */
public record OutputState(String stream, String kind, String id, String state, OffsetDateTime updated) {
}
