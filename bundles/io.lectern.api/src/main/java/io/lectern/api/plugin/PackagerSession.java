package io.lectern.api.plugin;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import io.lectern.api.delivery.Manifest;
import io.lectern.api.delivery.Part;
import io.lectern.api.delivery.Segment;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One stream's packager. Segment events come from one thread; {@link #manifest} is called from HTTP
 * threads at any time.
 */
@ConsumerType
public interface PackagerSession extends AutoCloseable {

    /** A part of a segment in progress is available (low-latency mode). */
    default void part(Part part) {
    }

    /** A segment is complete. */
    void segment(Segment segment);

    /** A segment left the DVR window; its file is about to be deleted. */
    void expired(Segment segment);

    /** The stream ended: playlists get their end marker. */
    void end();

    /**
     * Answers a request for one of this packager's manifests, e.g. {@code master.m3u8},
     * {@code 720p.m3u8} or {@code manifest.mpd}, with the request's query parameters
     * (LL-HLS blocking reload sends {@code _HLS_msn} and {@code _HLS_part}: complete the stage when
     * that part exists). Empty if the name is not this packager's.
     */
    Optional<CompletionStage<Manifest>> manifest(String name, Map<String, String> query);

    @Override
    void close();
}
