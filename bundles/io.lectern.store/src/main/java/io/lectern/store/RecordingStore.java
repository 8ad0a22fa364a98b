package io.lectern.store;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The recordings' metadata; the tutorial destination writes it, the REST API and the player read
 * it. Every call is one transaction; failures throw {@link StoreException}.
 */
@ProviderType
public interface RecordingStore {

    /** A new recording in state {@link Recording.State#RECORDING}, with a fresh random id. */
    Recording create(String stream, String title, OffsetDateTime started, int keepDays);

    Optional<Recording> find(String id);

    /** All recordings, newest first. */
    List<Recording> list();

    /** One stream's recordings, newest first. */
    List<Recording> list(String stream);

    /** Records how far it got; {@code ended} non-null makes it {@link Recording.State#READY}. */
    Recording progress(String id, long durationMillis, long bytes, OffsetDateTime ended);

    /** Gives it another title (1 to 200 characters). */
    Recording rename(String id, String title);

    /** Deletes the row (not the files); false when there was none. */
    boolean delete(String id);
}
