package io.lectern.api.plugin;

import io.lectern.api.media.Frame;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives decoded frames; a frame is valid during the call only unless retained. */
@ConsumerType
@FunctionalInterface
public interface FrameSink {
    void accept(Frame frame);
}
