/**
 * Sending media files (playlists, init files, segments) from a folder over HTTP, shared by live
 * delivery and by bundles that serve other media folders (recordings); and {@link io.lectern.delivery.OpenStreams},
 * through which the guard of private streams lets live delivery take its fast path.
 */
@Version("1.2.0")
package io.lectern.delivery;

import org.osgi.annotation.versioning.Version;
