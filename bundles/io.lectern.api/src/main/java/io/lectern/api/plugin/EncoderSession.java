package io.lectern.api.plugin;

import io.lectern.api.media.Frame;
import io.lectern.api.media.Track;

import org.osgi.annotation.versioning.ConsumerType;

/** One open encoder. Used from one thread at a time. */
@ConsumerType
public interface EncoderSession extends AutoCloseable {

    /** The output track, codec configuration included; known once the session is open. */
    Track track();

    /** Encodes one frame; packets it completes go to {@code out}. The frame is not retained. */
    void encode(Frame frame, PacketSink out) throws PluginException;

    /** Drains packets still inside the encoder. */
    void flush(PacketSink out) throws PluginException;

    @Override
    void close();
}
