/**
 * Where Lectern keeps what must survive a restart: streams, their outputs, statistics, recordings and the
 * admin accounts, and the signing of private streams' links. The {@code io.lectern.store} bundle provides these services on JPA (embedded H2
 * by default, PostgreSQL in production); the pipeline, shell, auth and REST bundles use them.
 */
@Version("1.3.0")
package io.lectern.store;

import org.osgi.annotation.versioning.Version;
