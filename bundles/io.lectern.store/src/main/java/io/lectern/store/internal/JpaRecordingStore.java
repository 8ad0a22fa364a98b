package io.lectern.store.internal;

import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.persistence.EntityManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.lectern.api.stream.StreamNames;
import io.lectern.store.Recording;
import io.lectern.store.RecordingStore;
import io.lectern.store.StoreException;
import io.lectern.store.StoreException.Reason;

/** {@link RecordingStore} on JPA. */
@Component(service = RecordingStore.class)
public final class JpaRecordingStore implements RecordingStore {

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;

    @Activate
    public JpaRecordingStore(@Reference Database db) {
        this.db = db;
    }

    @Override
    public Recording create(String stream, String title, OffsetDateTime started, int keepDays) {
        require(StreamNames.isValid(stream), "a recording needs a valid stream name");
        require(started != null, "a recording needs its start time");
        require(keepDays >= 0, "keep days cannot be negative");
        String t = title(title);
        return db.inTransaction(em -> {
            RecordingEntity e = new RecordingEntity();
            e.id = newId();
            e.stream = stream;
            e.title = t;
            e.started = Utc.of(started);
            e.state = Recording.State.RECORDING.id();
            e.keepDays = keepDays;
            em.persist(e);
            return recording(e);
        });
    }

    /** 16 characters of 36: about 82 bits, so ids cannot be guessed or collide. */
    private static String newId() {
        char[] c = new char[16];
        for (int i = 0; i < c.length; i++) {
            c[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(c);
    }

    @Override
    public Optional<Recording> find(String id) {
        if (!Recording.isValidId(id)) {
            return Optional.empty();
        }
        return db.inTransaction(em -> Optional.ofNullable(em.find(RecordingEntity.class, id)).map(JpaRecordingStore::recording));
    }

    @Override
    public List<Recording> list() {
        return db.inTransaction(em -> em.createQuery("SELECT r FROM RecordingEntity r ORDER BY r.started DESC, r.id", RecordingEntity.class)
                .getResultList().stream().map(JpaRecordingStore::recording).toList());
    }

    @Override
    public List<Recording> list(String stream) {
        if (!StreamNames.isValid(stream)) {
            return List.of();
        }
        return db.inTransaction(em -> em.createQuery("SELECT r FROM RecordingEntity r WHERE r.stream = :s ORDER BY r.started DESC, r.id",
                        RecordingEntity.class).setParameter("s", stream)
                .getResultList().stream().map(JpaRecordingStore::recording).toList());
    }

    @Override
    public Recording progress(String id, long durationMillis, long bytes, OffsetDateTime ended) {
        require(durationMillis >= 0 && bytes >= 0, "duration and size cannot be negative");
        return db.inTransaction(em -> {
            RecordingEntity e = existing(em, id);
            e.durationMillis = durationMillis;
            e.bytes = bytes;
            if (ended != null) {
                e.ended = Utc.of(ended);
                e.state = Recording.State.READY.id();
            }
            return recording(e);
        });
    }

    @Override
    public Recording rename(String id, String title) {
        String t = title(title);
        return db.inTransaction(em -> {
            RecordingEntity e = existing(em, id);
            e.title = t;
            return recording(e);
        });
    }

    @Override
    public boolean delete(String id) {
        if (!Recording.isValidId(id)) {
            return false;
        }
        return db.inTransaction(em -> {
            RecordingEntity e = em.find(RecordingEntity.class, id);
            if (e == null) {
                return false;
            }
            em.remove(e);
            return true;
        });
    }

    private static RecordingEntity existing(EntityManager em, String id) {
        RecordingEntity e = Recording.isValidId(id) ? em.find(RecordingEntity.class, id) : null;
        if (e == null) {
            throw new StoreException(Reason.NOT_FOUND, "there is no recording '" + id + "'");
        }
        return e;
    }

    private static String title(String title) {
        String t = title == null ? "" : title.strip();
        require(!t.isEmpty() && t.length() <= 200, "a title has 1 to 200 characters");
        return t;
    }

    private static Recording recording(RecordingEntity e) {
        return new Recording(e.id, e.stream, e.title, Utc.of(e.started), Utc.of(e.ended), e.durationMillis, e.bytes,
                Recording.State.valueOf(e.state.toUpperCase(Locale.ROOT)), e.keepDays);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new StoreException(Reason.INVALID, message);
        }
    }
}
