/**
 * What the player bundle tells other bundles: the number of viewers per stream, for statistics
 * and metrics.
 */
@Version("1.0.0")
package io.lectern.player;

import org.osgi.annotation.versioning.Version;
