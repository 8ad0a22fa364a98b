package io.lectern.api.plugin;

import org.osgi.annotation.versioning.ConsumerType;

/** A running source; closing it stops its thread and frees what it holds. */
@ConsumerType
public interface IngestSession extends AutoCloseable {

    @Override
    void close();
}
