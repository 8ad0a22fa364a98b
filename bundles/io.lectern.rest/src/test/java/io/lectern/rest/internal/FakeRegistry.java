package io.lectern.rest.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.lectern.api.pipeline.OutputInfo;
import io.lectern.api.pipeline.PipelineInfo;
import io.lectern.api.pipeline.PipelineRegistry;
import io.lectern.api.pipeline.PipelineState;
import io.lectern.api.pipeline.PluginInfo;
import io.lectern.api.plugin.PackagerSession;
import io.lectern.api.plugin.PluginHealth;
import io.lectern.api.plugin.PluginKind;
import io.lectern.api.stream.StreamDefinition;

/** Remembers what it was asked; a started stream is live at once with one rendition. */
class FakeRegistry implements PipelineRegistry {

    final List<String> calls = new CopyOnWriteArrayList<>();
    final Map<String, PipelineInfo> running = new ConcurrentHashMap<>();
    final List<PluginInfo> plugins = List.of(
            new PluginInfo(PluginKind.INGEST, "rtmp", "RTMP and RTMPS", "io.lectern.ingest.rtmp", "0.1.0", 7, 70, 0, PluginHealth.up(), 1),
            new PluginInfo(PluginKind.ENCODER, "x264", "x264", "io.lectern.encoder.x264", "0.1.0", 8, 80, 0, PluginHealth.up(), 1),
            new PluginInfo(PluginKind.DESTINATION, "youtube", "YouTube", "io.lectern.destination.youtube", "0.1.0", 9, 90, 0,
                    PluginHealth.degraded("no network"), 0));

    @Override
    public List<PluginInfo> plugins() {
        return plugins;
    }

    @Override
    public List<PluginInfo> plugins(PluginKind kind) {
        return plugins.stream().filter(p -> p.kind() == kind).toList();
    }

    @Override
    public Optional<PluginInfo> plugin(PluginKind kind, String id) {
        return plugins.stream().filter(p -> p.kind() == kind && p.id().equals(id)).findFirst();
    }

    @Override
    public PipelineInfo start(StreamDefinition stream) {
        calls.add("start " + stream.name());
        PipelineInfo info = new PipelineInfo(stream.name(), stream.ingest(), PipelineState.LIVE, "", "10.1.2.3", System.currentTimeMillis(),
                100, 2_500_000, 30, List.of(new OutputInfo("rendition", "720p", "x264", "live", 90, 3, 1.2),
                        new OutputInfo("destination", "youtube-main", "youtube", "live", 80, 0, 0)));
        running.put(stream.name(), info);
        return info;
    }

    @Override
    public void stop(String stream) {
        calls.add("stop " + stream);
        running.remove(stream);
    }

    @Override
    public List<PipelineInfo> pipelines() {
        return List.copyOf(running.values());
    }

    @Override
    public Optional<PipelineInfo> pipeline(String stream) {
        return Optional.ofNullable(running.get(stream));
    }

    @Override
    public Map<String, PackagerSession> packagers(String stream) {
        return Map.of();
    }

    @Override
    public Path streamDirectory(String stream) {
        return Path.of("target", "streams", stream);
    }

    @Override
    public boolean kick(String stream) {
        return false;
    }

    @Override
    public boolean reconnect(String stream, String destination) {
        calls.add("reconnect " + stream + " " + destination);
        return running.containsKey(stream);
    }

    @Override
    public Optional<byte[]> thumbnail(String stream) {
        return Optional.empty();
    }
}
