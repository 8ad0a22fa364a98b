package io.lectern.api.plugin;

import io.lectern.api.media.MediaSink;
import io.lectern.api.profile.LatencyProfile;

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

    /**
     * The stream's latency settings. An ingest may gather input for a small share of a part (or of a
     * segment, where there are no parts) before handing it on: fewer thread wake-ups per stream, for a
     * delay nobody sees. See {@link LatencyProfile#inputBatchMillis()}.
     *
     * @since 1.2
     */
    LatencyProfile latency();

    /** Whether media pushed now still reaches the pipeline. */
    boolean isOpen();

    /** Reports the publisher's figures shown in the shell and the dashboard. */
    void reportStats(long bitsPerSecond, double framesPerSecond);

    @Override
    void close();
}
