package io.lectern.api.delivery;

import java.util.Objects;

import io.lectern.api.media.MediaKind;
import io.lectern.api.media.Track;

/**
 * One single-track CMAF rendition of a stream: a video rung or the shared audio.
 *
 * @param id        folder and playlist name: a rung name ({@code 720p}, {@code source}) or {@code audio}
 * @param track     the encoded (or passed-through) track, with its codec configuration
 * @param bandwidth peak bits per second, as players need it to pick a quality
 * @param codecs    RFC 6381 codecs string, e.g. {@code avc1.64001f} or {@code mp4a.40.2}
 */
public record Rendition(String id, Track track, long bandwidth, String codecs) {

    public Rendition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(track, "track");
        Objects.requireNonNull(codecs, "codecs");
    }

    public MediaKind kind() {
        return track.kind();
    }
}
