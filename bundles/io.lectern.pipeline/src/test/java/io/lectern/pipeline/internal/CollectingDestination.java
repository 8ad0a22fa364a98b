package io.lectern.pipeline.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.lectern.api.media.MediaKind;
import io.lectern.api.media.Packet;
import io.lectern.api.media.Track;
import io.lectern.api.plugin.Destination;
import io.lectern.api.plugin.DestinationConstraints;
import io.lectern.api.plugin.DestinationContext;
import io.lectern.api.plugin.DestinationSession;
import io.lectern.api.plugin.FieldError;
import io.lectern.api.plugin.FieldSpec;
import io.lectern.api.plugin.PluginException;

/**
 * A destination for tests that keeps what it is sent: the tracks, the packets, how often it was
 * opened and closed. A test that needs a destination to refuse or hold a send overrides
 * {@link #opening} or {@link #sending}.
 */
class CollectingDestination implements Destination {

    final AtomicInteger opens = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();
    final List<Track> tracks = new CopyOnWriteArrayList<>();
    final List<Packet> received = new CopyOnWriteArrayList<>();
    private final String id;
    private final DestinationConstraints constraints;

    CollectingDestination(String id) {
        this(id, DestinationConstraints.NONE);
    }

    CollectingDestination(String id, DestinationConstraints constraints) {
        this.id = id;
        this.constraints = constraints;
    }

    /** Called on each open, counted already; throws to refuse the connection. */
    void opening() throws PluginException {
    }

    /** Called with each packet before it is kept. */
    void sending(Packet packet) {
    }

    /** The packets received on the video tracks. */
    List<Packet> video() {
        return received.stream()
                .filter(p -> tracks.stream().anyMatch(t -> t.id() == p.trackId() && t.kind() == MediaKind.VIDEO))
                .toList();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public DestinationConstraints constraints() {
        return constraints;
    }

    @Override
    public List<FieldSpec> fields() {
        return List.of();
    }

    @Override
    public List<FieldError> validate(Map<String, String> settings) {
        return List.of();
    }

    @Override
    public DestinationSession open(DestinationContext context) throws PluginException {
        opens.incrementAndGet();
        opening();
        return new DestinationSession() {
            @Override
            public void tracks(List<Track> t) {
                tracks.addAll(t);
            }

            @Override
            public void packet(Packet packet) {
                sending(packet);
                received.add(packet);
            }

            @Override
            public void close() {
                closes.incrementAndGet();
            }
        };
    }
}
