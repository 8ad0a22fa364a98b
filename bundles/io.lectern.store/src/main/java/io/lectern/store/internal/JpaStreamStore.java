package io.lectern.store.internal;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.persistence.EntityManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lectern.api.profile.LatencyMode;
import io.lectern.api.profile.Rung;
import io.lectern.api.stream.DestinationDefinition;
import io.lectern.api.stream.StreamDefinition;
import io.lectern.api.stream.StreamNames;
import io.lectern.store.CreatedStream;
import io.lectern.store.OutputState;
import io.lectern.store.StatsSample;
import io.lectern.store.StoreException;
import io.lectern.store.StoreException.Reason;
import io.lectern.store.StoredStream;
import io.lectern.store.StreamStore;

/** {@link StreamStore} on JPA. */
@Component(service = StreamStore.class)
public final class JpaStreamStore implements StreamStore {

    /** A destination's state until the pipeline reports one. */
    static final String IDLE = "idle";

    private static final Logger LOG = LoggerFactory.getLogger(JpaStreamStore.class);

    private final Database db;
    private final SecretBox secrets;

    /**
     * Also seals destination settings still in clear (rows from before encryption) or sealed with
     * an older master key, and checks that every sealed row opens: with a missing or wrong master
     * key the store does not start, and nothing is changed.
     */
    @Activate
    public JpaStreamStore(@Reference Database db, @Reference SecretBox secrets) {
        this.db = db;
        this.secrets = secrets;
        int sealed;
        try {
            sealed = db.inTransaction(this::sealAll);
        } catch (StoreException e) {
            LOG.error("Lectern stream store not started: {}", e.getMessage());
            throw e;
        }
        if (sealed > 0) {
            LOG.info("Encrypted the settings of {} destination(s) with master key {}", sealed, secrets.currentKey());
        }
    }

    private int sealAll(EntityManager em) {
        int count = 0;
        for (StreamOutputEntity o : em.createQuery("SELECT o FROM StreamOutputEntity o WHERE o.kind = :k AND o.settings IS NOT NULL",
                StreamOutputEntity.class).setParameter("k", StreamOutputEntity.DESTINATION).getResultList()) {
            String context = context(o.stream.name, o.outputId);
            DestinationDefinition d = Json.destination(o.outputId, o.settings, secrets, context);
            if (Json.needsSealing(o.settings, secrets)) {
                o.settings = Json.destination(d, secrets, context);
                count++;
            }
        }
        return count;
    }

    /** What a destination's sealed settings are bound to: copied to another row, they do not open. */
    private static String context(String stream, String destination) {
        return stream + "/" + destination;
    }

    @Override
    public CreatedStream create(StreamDefinition definition, String description) {
        require(definition != null, "a stream definition is required");
        String key = StreamKeys.generate();
        return db.inTransaction(em -> {
            if (entity(em, definition.name()).isPresent()) {
                throw new StoreException(Reason.CONFLICT, "a stream called '" + definition.name() + "' exists already");
            }
            StreamEntity e = new StreamEntity();
            e.name = definition.name();
            e.created = Utc.now();
            e.enabled = true;
            setKey(e, key);
            apply(e, definition, description);
            em.persist(e);
            em.flush();
            return new CreatedStream(stored(e), key);
        });
    }

    @Override
    public Optional<StoredStream> find(String name) {
        if (!StreamNames.isValid(name)) {
            return Optional.empty();
        }
        return db.inTransaction(em -> entity(em, name).map(this::stored));
    }

    @Override
    public Optional<StoredStream> findByKey(String key) {
        if (key == null || key.length() != StreamKeys.LENGTH) {
            return Optional.empty();
        }
        // The lookup uses the hash's index; an attacker cannot steer a SHA-256, so its timing tells
        // nothing about the key. The final comparison is constant-time all the same.
        String hash = StreamKeys.hash(key);
        return db.inTransaction(em -> em.createQuery("SELECT s FROM StreamEntity s WHERE s.keyHash = :h", StreamEntity.class)
                .setParameter("h", hash).getResultStream().findFirst()
                .filter(e -> StreamKeys.matches(key, e.keyHash)).map(this::stored));
    }

    @Override
    public List<StoredStream> list() {
        return db.inTransaction(em -> em.createQuery("SELECT s FROM StreamEntity s ORDER BY s.name", StreamEntity.class)
                .getResultList().stream().map(this::stored).toList());
    }

    @Override
    public StoredStream update(StreamDefinition definition, String description, boolean enabled) {
        require(definition != null, "a stream definition is required");
        return db.inTransaction(em -> {
            StreamEntity e = existing(em, definition.name());
            apply(e, definition, description);
            e.enabled = enabled;
            em.flush();
            return stored(e);
        });
    }

    @Override
    public CreatedStream rotateKey(String name) {
        String key = StreamKeys.generate();
        return db.inTransaction(em -> {
            StreamEntity e = existing(em, name);
            setKey(e, key);
            e.updated = Utc.now();
            em.flush();
            return new CreatedStream(stored(e), key);
        });
    }

    @Override
    public boolean delete(String name) {
        if (!StreamNames.isValid(name)) {
            return false;
        }
        return db.inTransaction(em -> {
            Optional<StreamEntity> e = entity(em, name);
            if (e.isEmpty()) {
                return false;
            }
            em.createQuery("DELETE FROM StreamStatsEntity s WHERE s.stream = :n").setParameter("n", name).executeUpdate();
            em.remove(e.get());
            return true;
        });
    }

    @Override
    public void outputState(OutputState state) {
        require(state != null, "an output state is required");
        require(StreamOutputEntity.RENDITION.equals(state.kind()) || StreamOutputEntity.DESTINATION.equals(state.kind()),
                "an output's kind is rendition or destination");
        require(state.id() != null && !state.id().isBlank() && state.id().length() <= 64, "an output id has 1-64 characters");
        LocalDateTime at = state.updated() == null ? Utc.now() : Utc.of(state.updated());
        db.inTransaction(em -> {
            StreamEntity stream = existing(em, state.stream());
            StreamOutputEntity o = stream.outputs.stream()
                    .filter(x -> x.kind.equals(state.kind()) && x.outputId.equals(state.id())).findFirst()
                    .orElseGet(() -> {
                        StreamOutputEntity created = new StreamOutputEntity();
                        created.stream = stream;
                        created.kind = state.kind();
                        created.outputId = state.id();
                        stream.outputs.add(created);
                        em.persist(created);
                        return created;
                    });
            o.state = state.state() == null ? "" : state.state();
            o.updated = at;
            return null;
        });
    }

    @Override
    public List<OutputState> outputs(String stream) {
        return db.inTransaction(em -> existing(em, stream).outputs.stream()
                .sorted(Comparator.comparing((StreamOutputEntity o) -> o.kind).thenComparing(o -> o.outputId))
                .map(o -> new OutputState(stream, o.kind, o.outputId, o.state, Utc.of(o.updated))).toList());
    }

    @Override
    public void record(StatsSample sample) {
        record(List.of(sample));
    }

    @Override
    public void record(List<StatsSample> batch) {
        require(batch != null, "a batch of samples is required");
        List<StreamStatsEntity> rows = batch.stream().map(JpaStreamStore::row).toList();
        if (rows.isEmpty()) {
            return;
        }
        db.inTransaction(em -> {
            rows.forEach(em::persist);
            return null;
        });
    }

    private static StreamStatsEntity row(StatsSample sample) {
        require(sample != null && sample.at() != null, "a sample needs a time");
        require(StreamNames.isValid(sample.stream()), "a sample needs a valid stream name");
        StreamStatsEntity e = new StreamStatsEntity();
        e.stream = sample.stream();
        e.at = Utc.of(sample.at());
        e.viewers = sample.viewers();
        e.ingestBitrate = sample.ingestBitrate();
        e.fps = sample.fps();
        e.droppedFrames = sample.droppedFrames();
        e.encoderSpeed = sample.encoderSpeed();
        e.destinations = Json.map(sample.destinations());
        return e;
    }

    @Override
    public List<StatsSample> stats(String stream, OffsetDateTime since, int limit) {
        require(limit > 0, "the limit must be positive");
        LocalDateTime from = since == null ? LocalDateTime.of(1970, 1, 1, 0, 0) : Utc.of(since);
        return db.inTransaction(em -> em.createQuery(
                        "SELECT s FROM StreamStatsEntity s WHERE s.stream = :n AND s.at >= :since ORDER BY s.at, s.id", StreamStatsEntity.class)
                .setParameter("n", stream).setParameter("since", from).setMaxResults(limit).getResultList().stream()
                .map(s -> new StatsSample(s.stream, Utc.of(s.at), s.viewers, s.ingestBitrate, s.fps, s.droppedFrames,
                        s.encoderSpeed, Json.map(s.destinations)))
                .toList());
    }

    @Override
    public int pruneStats(OffsetDateTime before) {
        require(before != null, "a time is required");
        return db.inTransaction(em -> em.createQuery("DELETE FROM StreamStatsEntity s WHERE s.at < :before")
                .setParameter("before", Utc.of(before)).executeUpdate());
    }

    private static Optional<StreamEntity> entity(EntityManager em, String name) {
        return em.createQuery("SELECT s FROM StreamEntity s WHERE s.name = :n", StreamEntity.class)
                .setParameter("n", name).getResultStream().findFirst();
    }

    private static StreamEntity existing(EntityManager em, String name) {
        return (StreamNames.isValid(name) ? entity(em, name) : Optional.<StreamEntity>empty())
                .orElseThrow(() -> new StoreException(Reason.NOT_FOUND, "no stream is called '" + name + "'"));
    }

    private static void setKey(StreamEntity e, String key) {
        e.keyHash = StreamKeys.hash(key);
        e.keyHint = StreamKeys.hint(key);
    }

    /** Copies a definition onto the entity and brings its destination and rendition rows in line. */
    private void apply(StreamEntity e, StreamDefinition d, String description) {
        e.title = d.title();
        e.description = description == null ? "" : description;
        e.ingest = d.ingest();
        e.latencyMode = d.latencyMode().id();
        e.profile = Json.profile(d.profile());
        e.ladder = Json.ladder(d.ladder());
        e.encoders = Json.list(d.encoders());
        e.packagers = Json.list(d.packagers());
        e.settings = Json.map(d.settings());
        e.updated = Utc.now();

        Map<String, DestinationDefinition> wanted = new HashMap<>();
        for (DestinationDefinition dest : d.destinations()) {
            require(dest.id().length() <= 64 && !dest.id().isBlank(), "a destination id has 1-64 characters");
            require(wanted.put(dest.id(), dest) == null, "destination '" + dest.id() + "' appears twice");
        }
        Set<String> rungs = new HashSet<>();
        d.ladder().rungs().stream().map(Rung::name).forEach(rungs::add);
        // Outputs that left the definition go, with their state; the rest keep theirs.
        e.outputs.removeIf(o -> StreamOutputEntity.DESTINATION.equals(o.kind) ? !wanted.containsKey(o.outputId)
                : !rungs.contains(o.outputId));
        List<DestinationDefinition> list = d.destinations();
        for (int i = 0; i < list.size(); i++) {
            DestinationDefinition dest = list.get(i);
            StreamOutputEntity o = e.outputs.stream()
                    .filter(x -> StreamOutputEntity.DESTINATION.equals(x.kind) && x.outputId.equals(dest.id())).findFirst()
                    .orElse(null);
            if (o == null) {
                o = new StreamOutputEntity();
                o.stream = e;
                o.kind = StreamOutputEntity.DESTINATION;
                o.outputId = dest.id();
                o.state = IDLE;
                o.updated = e.updated;
                e.outputs.add(o);
            }
            o.position = i;
            o.settings = Json.destination(dest, secrets, context(e.name, dest.id()));
        }
    }

    private StoredStream stored(StreamEntity e) {
        List<DestinationDefinition> destinations = new ArrayList<>();
        e.outputs.stream()
                .filter(o -> StreamOutputEntity.DESTINATION.equals(o.kind) && o.settings != null)
                .sorted(Comparator.comparing((StreamOutputEntity o) -> o.position))
                .forEach(o -> destinations.add(Json.destination(o.outputId, o.settings, secrets, context(e.name, o.outputId))));
        StreamDefinition d = new StreamDefinition(e.name, e.title, e.ingest, LatencyMode.fromId(e.latencyMode),
                Json.profile(e.profile), Json.ladder(e.ladder), Json.list(e.encoders), Json.list(e.packagers), destinations,
                Json.map(e.settings));
        return new StoredStream(d, e.description, e.enabled, e.keyHint, Utc.of(e.created), Utc.of(e.updated));
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new StoreException(Reason.INVALID, message);
        }
    }
}
