package io.lectern.shell.internal;

import java.util.List;
import java.util.Locale;

import io.lectern.api.pipeline.PipelineInfo;
import io.lectern.api.pipeline.PipelineRegistry;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code lectern:publishers}: who is sending which stream right now ({@code lectern:kick} disconnects one). */
@Component(service = PublisherCommands.class, property = {
        "osgi.command.scope=lectern",
        "osgi.command.function=publishers"})
public final class PublisherCommands {

    private final PipelineRegistry registry;

    @Activate
    public PublisherCommands(@Reference PipelineRegistry registry) {
        this.registry = registry;
    }

    @Descriptor("lists connected publishers: stream, address, incoming bitrate and frame rate, and how long the stream has run")
    public String publishers() {
        List<PipelineInfo> connected = registry.pipelines().stream().filter(p -> !p.publisher().isEmpty()).toList();
        if (connected.isEmpty()) {
            return "No publisher is connected.";
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-20s %-10s %-40s %10s %6s %9s%n",
                "STREAM", "INGEST", "FROM", "KBIT/S", "FPS", "UPTIME"));
        for (PipelineInfo p : connected) {
            sb.append(String.format(Locale.ROOT, "%-20s %-10s %-40s %10d %6.1f %9s%n", p.stream(), p.ingest(), p.publisher(),
                    p.bitrateIn() / 1000, p.fpsIn(), RegistryCommands.uptime(p.startedMillis())));
        }
        return sb.toString();
    }
}
