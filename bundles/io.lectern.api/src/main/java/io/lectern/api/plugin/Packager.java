package io.lectern.api.plugin;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Describes a stream's segments to players: HLS playlists, a DASH MPD. The pipeline writes each
 * CMAF segment once; every packager lists the same files.
 */
@ConsumerType
public interface Packager extends Plugin {

    PackagerSession open(PackagerContext context) throws PluginException;
}
