package io.lectern.api.media;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where media goes: the pipeline implements it for ingest plugins, and plugins implement it to
 * receive. Calls come from one thread at a time, in this order: {@link #tracks}, then any number of
 * {@link #packet}/{@link #frame}, then {@link #end}. {@link #tracks} may come again after a
 * reconnect when the publisher's settings changed.
 */
@ConsumerType
public interface MediaSink {

    /** The tracks that follow; packets name them by {@link Track#id()}. */
    void tracks(List<Track> tracks);

    /** A compressed packet of one of the tracks. */
    void packet(Packet packet);

    /**
     * A decoded frame of a raw track. The frame is valid during this call only: call
     * {@link Frame#retain()} to keep it longer. The default refuses raw input.
     */
    default void frame(int trackId, Frame frame) {
        throw new UnsupportedOperationException("this sink takes compressed packets only");
    }

    /** No more media: the publisher left or the source ended. */
    void end();
}
