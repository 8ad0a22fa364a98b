/**
 * What packagers work on: renditions and the CMAF segments and parts the pipeline writes once for
 * HLS and DASH alike, and the manifests packagers answer with.
 */
@Version("1.0.0")
package io.lectern.api.delivery;

import org.osgi.annotation.versioning.Version;
