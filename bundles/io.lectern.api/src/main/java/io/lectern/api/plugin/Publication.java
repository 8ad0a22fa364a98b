package io.lectern.api.plugin;

import io.lectern.api.media.MediaSink;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One publisher's session on a stream. Push media into {@link #sink()}; {@link #close()} when the
 * connection ends. A publisher that comes back continues the same live stream (the pipeline marks a
 * discontinuity), so viewers keep watching.
 */
@ProviderType
public interface Publication extends AutoCloseable {

    /** The stream this publisher feeds. */
    String streamName();

    MediaSink sink();

    /** Whether media pushed now still reaches the pipeline. */
    boolean isOpen();

    /** Reports the publisher's figures shown in the shell and the dashboard. */
    void reportStats(long bitsPerSecond, double framesPerSecond);

    @Override
    void close();
}
