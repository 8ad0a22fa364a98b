package io.lectern.api.pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.lectern.api.plugin.PackagerSession;
import io.lectern.api.plugin.PluginKind;
import io.lectern.api.stream.StreamDefinition;

import org.osgi.annotation.versioning.ProviderType;

/** Knows every plugin and runs one pipeline per started stream. */
@ProviderType
public interface PipelineRegistry {

    /** All plugins, by kind then id. */
    List<PluginInfo> plugins();

    List<PluginInfo> plugins(PluginKind kind);

    /** The plugin of that kind and id that would be used (the highest ranked). */
    Optional<PluginInfo> plugin(PluginKind kind, String id);

    /**
     * Starts (or restarts with new settings) the stream's pipeline. Never throws for a missing
     * plugin: the pipeline is then {@link PipelineState#BLOCKED} with the reason, and starts by
     * itself when the plugin comes.
     */
    PipelineInfo start(StreamDefinition stream);

    /** Stops the stream's pipeline; nothing if it is not running. */
    void stop(String stream);

    List<PipelineInfo> pipelines();

    Optional<PipelineInfo> pipeline(String stream);

    /** The running packager sessions of a stream, by packager id, for HTTP delivery. */
    Map<String, PackagerSession> packagers(String stream);

    /** The folder where a stream's segments and manifests live. */
    Path streamDirectory(String stream);

    /** Disconnects a stream's publisher (it may come back); false if none was connected. */
    boolean kick(String stream);

    /**
     * Drops a running destination's connection and connects it again at once, also one that
     * failed or waits to retry; false when the stream is not running or sends to no such destination.
     */
    boolean reconnect(String stream, String destination);

    /**
     * A small JPEG (at most 320 pixels wide) of the stream's latest keyframe, made when asked and
     * reused for a few seconds; for a stream that is not running, the last one kept. Empty when the
     * stream never had a picture.
     */
    Optional<byte[]> thumbnail(String stream);
}
