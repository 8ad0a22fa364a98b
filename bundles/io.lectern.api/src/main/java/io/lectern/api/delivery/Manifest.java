package io.lectern.api.delivery;

import java.nio.charset.StandardCharsets;

/**
 * A playlist or MPD as served over HTTP.
 *
 * @param contentType   e.g. {@code application/vnd.apple.mpegurl}
 * @param body          the bytes to send
 * @param maxAgeSeconds how long caches may keep it (short for live playlists)
 */
public record Manifest(String contentType, byte[] body, int maxAgeSeconds) {

    public static Manifest of(String contentType, String text, int maxAgeSeconds) {
        return new Manifest(contentType, text.getBytes(StandardCharsets.UTF_8), maxAgeSeconds);
    }
}
