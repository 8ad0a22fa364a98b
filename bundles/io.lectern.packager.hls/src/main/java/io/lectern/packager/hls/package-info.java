/**
 * The text of HLS playlists over CMAF renditions, shared by the live packager and by whatever writes
 * playlists to files (the tutorial destination's recordings).
 */
@Version("1.0.0")
package io.lectern.packager.hls;

import org.osgi.annotation.versioning.Version;
