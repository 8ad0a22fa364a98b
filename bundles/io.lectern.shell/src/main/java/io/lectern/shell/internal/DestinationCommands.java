package io.lectern.shell.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.lectern.api.pipeline.OutputInfo;
import io.lectern.api.pipeline.PipelineInfo;
import io.lectern.api.pipeline.PipelineRegistry;
import io.lectern.api.stream.DestinationDefinition;
import io.lectern.store.StoreException;
import io.lectern.store.StoredStream;
import io.lectern.store.StreamStore;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code lectern:destinations}: where a stream is sent and how each destination is doing. */
@Component(service = DestinationCommands.class, property = {
        "osgi.command.scope=lectern",
        "osgi.command.function=destinations"})
public final class DestinationCommands {

    @Reference
    private PipelineRegistry registry;

    @Reference
    private StreamStore store;

    @Descriptor("lists a stream's destinations: id, platform, rendition, state, packets sent and dropped")
    public String destinations(@Descriptor("the stream name") String stream) {
        StoredStream s;
        try {
            s = store.find(stream).orElse(null);
        } catch (StoreException e) {
            return "Failed (" + e.reason().name().toLowerCase(Locale.ROOT) + "): " + e.getMessage();
        }
        if (s == null) {
            return "No stream is called '" + stream + "'.";
        }
        List<DestinationDefinition> list = s.definition().destinations();
        if (list.isEmpty()) {
            return "Stream '" + stream + "' has no destinations.";
        }
        Optional<PipelineInfo> pipeline = registry.pipeline(stream);
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-16s %-10s %-9s %10s %8s  %s%n",
                "ID", "PLATFORM", "RENDITION", "PACKETS", "DROPPED", "STATE"));
        for (DestinationDefinition d : list) {
            // Settings are never printed: they hold stream keys.
            Optional<OutputInfo> out = pipeline.flatMap(p -> p.outputs().stream()
                    .filter(o -> o.kind().equals("destination") && o.id().equals(d.id())).findFirst());
            String state = !d.enabled() ? "disabled" : out.map(OutputInfo::state).orElse(pipeline.isEmpty() ? "stream not running" : "not started");
            sb.append(String.format(Locale.ROOT, "%-16s %-10s %-9s %10s %8s  %s%n", d.id(), d.platform(), d.rendition(),
                    out.map(o -> Long.toString(o.packets())).orElse("-"), out.map(o -> Long.toString(o.dropped())).orElse("-"), state));
        }
        return sb.toString();
    }
}
