package io.lectern.api.plugin;

import io.lectern.api.media.Packet;

import org.osgi.annotation.versioning.ConsumerType;

/** One open decoder. Used from one thread at a time. */
@ConsumerType
public interface DecoderSession extends AutoCloseable {

    /** Decodes one packet; any frames it completes go to {@code out} before this returns. */
    void decode(Packet packet, FrameSink out) throws PluginException;

    /** Drains frames held back for reordering. */
    void flush(FrameSink out) throws PluginException;

    @Override
    void close();
}
