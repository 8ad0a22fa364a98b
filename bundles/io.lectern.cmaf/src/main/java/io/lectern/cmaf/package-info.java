/**
 * Writes the CMAF files (fragmented MP4 init files, segments, low-latency parts) that HLS and DASH
 * share.
 */
@Version("1.1.0")
package io.lectern.cmaf;

import org.osgi.annotation.versioning.Version;
