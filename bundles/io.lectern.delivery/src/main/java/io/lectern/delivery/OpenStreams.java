package io.lectern.delivery;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Which streams anyone may watch without a signed link, told by the bundle that guards private
 * streams. Live delivery answers a stream's playlists and segments on its fast path (a plain Jetty
 * handler in front of the servlets) only while this says the stream is open; every other request
 * goes through the servlet filters, which check links. Without this service every request does.
 */
@ConsumerType
public interface OpenStreams {

    /**
     * True only if anyone may fetch the stream's live media now; false when not sure. Called on the
     * web server's network threads for every request: answers at once from what is known, without
     * waiting for a database or the network.
     */
    boolean isOpen(String stream);
}
