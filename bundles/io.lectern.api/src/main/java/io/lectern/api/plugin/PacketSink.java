package io.lectern.api.plugin;

import io.lectern.api.media.Packet;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives compressed packets. */
@ConsumerType
@FunctionalInterface
public interface PacketSink {
    void accept(Packet packet);
}
