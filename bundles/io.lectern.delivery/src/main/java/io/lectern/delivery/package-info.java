/**
 * Sending media files (playlists, init files, segments) from a folder over HTTP, shared by live
 * delivery and by bundles that serve other media folders (recordings).
 */
@Version("1.1.0")
package io.lectern.delivery;

import org.osgi.annotation.versioning.Version;
