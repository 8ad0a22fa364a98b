/**
 * The plugin kinds. A plugin is an OSGi service that implements one of {@link IngestProtocol},
 * {@link Decoder}, {@link Encoder}, {@link Packager} or {@link Destination}; the pipeline registry
 * picks it up the moment its bundle starts and lets go of it when the bundle stops. A plugin needs
 * this API and OSGi, nothing else. See docs/plugin-guide.md.
 */
@Version("1.2.0")
package io.lectern.api.plugin;

import org.osgi.annotation.versioning.Version;
