package io.lectern.api.plugin;

import io.lectern.api.stream.DestinationDefinition;
import io.lectern.api.stream.StreamDefinition;

import org.osgi.annotation.versioning.ProviderType;

/** What the pipeline gives a destination session. */
@ProviderType
public interface DestinationContext {

    StreamDefinition stream();

    /** This destination's definition, settings (secrets too) included. */
    DestinationDefinition destination();

    /** Reports progress (e.g. LIVE once the platform accepted the stream). */
    void state(DestinationState state);
}
