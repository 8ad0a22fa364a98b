package io.lectern.itests.plugin;

import java.util.List;
import java.util.Map;

import io.lectern.api.media.Packet;
import io.lectern.api.media.Track;
import io.lectern.api.plugin.Destination;
import io.lectern.api.plugin.DestinationContext;
import io.lectern.api.plugin.DestinationSession;
import io.lectern.api.plugin.DestinationState;
import io.lectern.api.plugin.FieldError;
import io.lectern.api.plugin.FieldSpec;

import org.osgi.service.component.annotations.Component;

/** A destination that accepts everything; the pipeline's own counters show what reached it. */
@Component
public final class CountingDestination implements Destination {

    @Override
    public String id() {
        return "itest-sink";
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
    public DestinationSession open(DestinationContext context) {
        context.state(DestinationState.of(DestinationState.Phase.LIVE, "counting"));
        return new DestinationSession() {
            @Override
            public void tracks(List<Track> tracks) {
            }

            @Override
            public void packet(Packet packet) {
            }

            @Override
            public void close() {
            }
        };
    }
}
