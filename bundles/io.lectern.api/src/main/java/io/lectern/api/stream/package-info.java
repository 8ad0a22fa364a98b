/**
 * What a stream is, as the pipeline sees it: its name, ingest, latency profile, ladder, encoder
 * preference and destinations. The stream store turns its records into these.
 */
@Version("1.2.0")
package io.lectern.api.stream;

import org.osgi.annotation.versioning.Version;
