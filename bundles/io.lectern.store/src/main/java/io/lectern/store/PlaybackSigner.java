package io.lectern.store;

import java.time.Duration;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Makes and checks {@link PlaybackToken}s for private streams with a server secret kept in the data
 * folder (derived from the store's master key: rotating that key ends every link made before).
 */
@ProviderType
public interface PlaybackSigner {

    /** What a request's token is worth. */
    enum Check {
        VALID, MISSING, EXPIRED, INVALID;

        public boolean allowed() {
            return this == VALID;
        }

        /** Plain words for the viewer of a refused request. */
        public String message() {
            return switch (this) {
                case VALID -> "";
                case MISSING -> "This stream is private: open it with the link you were given.";
                case EXPIRED -> "This link has expired: ask for a new one.";
                case INVALID -> "This link is not valid for this stream: ask for a new one.";
            };
        }
    }

    /** Longest a token may last. */
    Duration MAX_VALIDITY = Duration.ofDays(366);

    /**
     * A token for {@code stream} that works for {@code validFor} from now.
     *
     * @throws IllegalArgumentException when {@code validFor} is not positive or longer than {@link #MAX_VALIDITY}
     */
    PlaybackToken sign(String stream, Duration validFor);

    /** {@link Check#VALID} only for an unexpired token signed here for exactly its stream. */
    Check check(PlaybackToken token);
}
