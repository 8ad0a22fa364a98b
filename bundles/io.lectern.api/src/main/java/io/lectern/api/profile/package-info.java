/**
 * Latency modes, their presets, and the quality ladder: what a stream asks the pipeline for.
 */
@Version("1.1.0")
package io.lectern.api.profile;

import org.osgi.annotation.versioning.Version;
