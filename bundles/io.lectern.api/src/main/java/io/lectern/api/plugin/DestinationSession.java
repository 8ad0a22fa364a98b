package io.lectern.api.plugin;

import java.util.List;

import io.lectern.api.media.Packet;
import io.lectern.api.media.Track;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One connection to a destination, fed from the destination's own worker thread. Throwing from
 * {@link #tracks} or {@link #packet} ends the session; the pipeline decides whether to retry.
 */
@ConsumerType
public interface DestinationSession extends AutoCloseable {

    void tracks(List<Track> tracks) throws PluginException;

    void packet(Packet packet) throws PluginException;

    @Override
    void close();
}
