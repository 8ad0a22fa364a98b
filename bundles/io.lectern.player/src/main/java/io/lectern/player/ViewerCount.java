package io.lectern.player;

import org.osgi.annotation.versioning.ProviderType;

/**
 * How many people watch a stream: the distinct players that reported in within the last window
 * (30 seconds by default). The watch and embed pages report every few seconds while they play.
 */
@ProviderType
public interface ViewerCount {

    /** Distinct players of {@code stream} seen in the window; 0 for an unknown stream. */
    int viewers(String stream);
}
