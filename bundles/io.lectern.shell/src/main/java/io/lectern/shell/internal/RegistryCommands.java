package io.lectern.shell.internal;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.lectern.api.pipeline.OutputInfo;
import io.lectern.api.pipeline.PipelineInfo;
import io.lectern.api.pipeline.PipelineRegistry;
import io.lectern.api.pipeline.PluginInfo;
import io.lectern.api.plugin.PluginKind;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code lectern:plugins}, {@code lectern:plugin}, {@code lectern:pipelines}, {@code lectern:pipeline}, {@code lectern:kick}. */
@Component(service = RegistryCommands.class, property = {
        "osgi.command.scope=lectern",
        "osgi.command.function=plugins",
        "osgi.command.function=plugin",
        "osgi.command.function=pipelines",
        "osgi.command.function=pipeline",
        "osgi.command.function=kick"})
public final class RegistryCommands {

    @Reference
    private PipelineRegistry registry;

    @Descriptor("lists the installed plugins by kind, with id, version, state and bundle")
    public String plugins() {
        return table(registry.plugins());
    }

    @Descriptor("lists the installed plugins of one kind")
    public String plugins(@Descriptor("ingest, decoder, encoder, packager or destination") String kind) {
        return table(registry.plugins(PluginKind.fromId(kind)));
    }

    @Descriptor("shows one plugin")
    public String plugin(@Descriptor("ingest, decoder, encoder, packager or destination") String kind,
                         @Descriptor("the plugin id, e.g. rtmp or x264") String id) {
        return registry.plugin(PluginKind.fromId(kind), id).map(p -> String.join("\n",
                "kind:     " + p.kind().id(),
                "id:       " + p.id(),
                "name:     " + p.displayName(),
                "state:    " + state(p),
                "bundle:   " + p.bundleSymbolicName() + " " + p.bundleVersion() + " (id " + p.bundleId() + ")",
                "rank:     " + p.rank(),
                "in use:   " + p.inUse() + " pipeline(s)")).orElse("No " + kind + " plugin called '" + id + "' is installed.");
    }

    @Descriptor("lists running pipelines with their state and ingest figures")
    public String pipelines() {
        List<PipelineInfo> list = registry.pipelines();
        if (list.isEmpty()) {
            return "No stream is running.";
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-20s %-12s %-9s %10s %6s %9s  %s%n",
                "STREAM", "INGEST", "STATE", "KBIT/S", "FPS", "UPTIME", "REASON"));
        for (PipelineInfo p : list) {
            sb.append(String.format(Locale.ROOT, "%-20s %-12s %-9s %10d %6.1f %9s  %s%n", p.stream(), p.ingest(), p.state().id(),
                    p.bitrateIn() / 1000, p.fpsIn(), uptime(p.startedMillis()), p.reason()));
        }
        return sb.toString();
    }

    @Descriptor("shows one pipeline: publisher, renditions with encoder speed, packagers and destinations")
    public String pipeline(@Descriptor("the stream name") String stream) {
        return registry.pipeline(stream).map(p -> {
            StringBuilder sb = new StringBuilder();
            sb.append("stream:    ").append(p.stream()).append('\n')
                    .append("state:     ").append(p.state().id()).append(p.reason().isEmpty() ? "" : " (" + p.reason() + ")").append('\n')
                    .append("ingest:    ").append(p.ingest()).append(p.publisher().isEmpty() ? "" : " from " + p.publisher()).append('\n')
                    .append("received:  ").append(p.packetsIn()).append(" packets, ").append(p.bitrateIn() / 1000).append(" kbit/s, ")
                    .append(String.format(Locale.ROOT, "%.1f", p.fpsIn())).append(" fps\n")
                    .append(String.format(Locale.ROOT, "%-12s %-10s %-12s %-24s %10s %8s %7s%n", "OUTPUT", "ID", "PLUGIN", "STATE", "PACKETS", "DROPPED", "SPEED"));
            for (OutputInfo o : p.outputs()) {
                sb.append(String.format(Locale.ROOT, "%-12s %-10s %-12s %-24s %10d %8d %7s%n", o.kind(), o.id(), o.plugin(), o.state(),
                        o.packets(), o.dropped(), o.speed() > 0 ? String.format(Locale.ROOT, "%.2fx", o.speed()) : "-"));
            }
            return sb.toString();
        }).orElse("Stream '" + stream + "' is not running.");
    }

    @Descriptor("disconnects a stream's publisher (it may connect again)")
    public String kick(@Descriptor("the stream name") String stream) {
        return registry.kick(stream) ? "Disconnected the publisher of " + stream + "." : "Stream '" + stream + "' has no publisher.";
    }

    private static String table(List<PluginInfo> list) {
        if (list.isEmpty()) {
            return "No plugin is installed.";
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-12s %-14s %-10s %-48s %s%n", "KIND", "ID", "STATE", "BUNDLE", "NAME"));
        for (PluginInfo p : list) {
            sb.append(String.format(Locale.ROOT, "%-12s %-14s %-10s %-48s %s%n", p.kind().id(), p.id(), state(p),
                    p.bundleSymbolicName() + " " + p.bundleVersion(), p.displayName()));
        }
        return sb.toString();
    }

    private static String state(PluginInfo p) {
        String s = p.health().state().name().toLowerCase(Locale.ROOT);
        return p.health().reason().isEmpty() ? s : s + ": " + p.health().reason();
    }

    static String uptime(long startedMillis) {
        Duration d = Duration.ofMillis(Math.max(0, System.currentTimeMillis() - startedMillis));
        return String.format(Locale.ROOT, "%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }
}
