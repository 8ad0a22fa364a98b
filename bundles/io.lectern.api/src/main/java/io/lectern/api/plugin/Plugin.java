package io.lectern.api.plugin;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * What every plugin tells the registry about itself. Register the plugin as a service of its kind's
 * interface; the optional service property {@link #RANK} orders plugins of the same kind and id
 * (hardware encoders rank above software ones).
 */
@ConsumerType
public interface Plugin {

    /** Service property: an integer; among plugins that can do the same job the highest wins. */
    String RANK = "lectern.rank";

    /** Short stable id, unique within the kind, e.g. {@code rtmp}, {@code x264}, {@code hls}, {@code youtube}. */
    String id();

    /** A name for people, e.g. "RTMP and RTMPS". */
    default String displayName() {
        return id();
    }

    /** Whether the plugin can work right now, and if not, why (no GPU, port taken, …). */
    default PluginHealth health() {
        return PluginHealth.up();
    }
}
