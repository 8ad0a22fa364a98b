package io.lectern.api.plugin;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A way media gets in.
 * <ul>
 * <li>{@link Mode#LISTENER} protocols (RTMP, SRT, WHIP) run a server of their own; when a publisher
 * arrives they call {@link IngestGateway#publish} with the presented stream key and push into the
 * {@link Publication}'s sink.</li>
 * <li>{@link Mode#SOURCE} protocols (the test pattern, a camera pulled over RTSP) produce media when
 * a stream that uses them starts: the pipeline calls {@link #open}.</li>
 * </ul>
 */
@ConsumerType
public interface IngestProtocol extends Plugin {

    enum Mode { LISTENER, SOURCE }

    Mode mode();

    /**
     * Starts producing media for a stream (SOURCE protocols). The plugin pushes into
     * {@link IngestContext#sink()} from its own thread until the returned session is closed.
     */
    default IngestSession open(IngestContext context) throws PluginException {
        throw new PluginException(displayName() + " waits for publishers; it cannot be opened as a source");
    }

    /**
     * The addresses a publisher points its software at, for a stream with {@code key}, as shown on
     * the stream's page (e.g. {@code rtmp://host:1935/live/KEY}). {@code host} is how the admin
     * reached Lectern.
     */
    default List<String> publishUrls(String host, String key) {
        return List.of();
    }
}
