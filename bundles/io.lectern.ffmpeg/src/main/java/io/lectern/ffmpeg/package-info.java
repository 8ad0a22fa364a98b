/**
 * Helpers shared by the bundles that drive libavcodec: loading the natives, error messages, format
 * mapping, H.264 bitstream forms and a generic encoder core that hardware encoder bundles can reuse
 * with their own codec name. The embedded {@code org.bytedeco} packages are exported beside it.
 */
@Version("1.0.0")
package io.lectern.ffmpeg;

import org.osgi.annotation.versioning.Version;
