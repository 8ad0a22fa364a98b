package io.lectern.store;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.lectern.api.stream.StreamDefinition;

/**
 * Streams, their outputs and their statistics. Every call is one transaction; failures throw
 * {@link StoreException}.
 */
@ProviderType
public interface StreamStore {

    /** Stores a new stream with a fresh random key. */
    CreatedStream create(StreamDefinition definition, String description);

    Optional<StoredStream> find(String name);

    /** The stream this key publishes to (compared by hash, in constant time). */
    Optional<StoredStream> findByKey(String key);

    /** All streams, by name. */
    List<StoredStream> list();

    /** Replaces a stream's settings; the name (in {@code definition}) cannot change. */
    StoredStream update(StreamDefinition definition, String description, boolean enabled);

    /** Gives the stream a new key; the old one stops working at once. */
    CreatedStream rotateKey(String name);

    /** Deletes the stream with its outputs and statistics; false when there was none. */
    boolean delete(String name);

    /** Records the state of a rendition or destination. */
    void outputState(OutputState state);

    List<OutputState> outputs(String stream);

    void record(StatsSample sample);

    /**
     * Records several samples at once, e.g. one per live stream, all or none: the JPA store writes
     * them in one transaction. This default, for simple stores, records them one by one.
     */
    default void record(List<StatsSample> batch) {
        batch.forEach(this::record);
    }

    /** Samples at or after {@code since}, oldest first, at most {@code limit}. */
    List<StatsSample> stats(String stream, OffsetDateTime since, int limit);

    /** Deletes samples older than {@code before}; answers how many. */
    int pruneStats(OffsetDateTime before);
}
