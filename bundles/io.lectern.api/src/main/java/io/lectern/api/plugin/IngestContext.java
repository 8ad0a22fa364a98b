package io.lectern.api.plugin;

import io.lectern.api.media.MediaSink;
import io.lectern.api.stream.StreamDefinition;

import org.osgi.annotation.versioning.ProviderType;

/** What the pipeline gives a SOURCE ingest: the stream and where to push its media. */
@ProviderType
public interface IngestContext {

    StreamDefinition stream();

    MediaSink sink();
}
