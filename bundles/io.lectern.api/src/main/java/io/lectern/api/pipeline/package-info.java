/**
 * The pipeline registry: which plugins are present, and which streams run on them. The shell, the
 * REST API and the dashboard use it; plugins need not.
 */
@Version("1.1.0")
package io.lectern.api.pipeline;

import org.osgi.annotation.versioning.Version;
