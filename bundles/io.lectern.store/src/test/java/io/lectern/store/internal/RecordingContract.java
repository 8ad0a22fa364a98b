package io.lectern.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.lectern.store.Recording;
import io.lectern.store.StoreException;
import io.lectern.store.StoreException.Reason;

/** What the recording store must do on every database; subclasses open the database. */
abstract class RecordingContract {

    private static final OffsetDateTime T0 = OffsetDateTime.of(2026, 3, 1, 10, 0, 0, 123_456_000, ZoneOffset.UTC);

    abstract Database db();

    JpaRecordingStore recordings;

    @BeforeEach
    void clean() throws SQLException {
        try (Connection c = db().dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM lectern_recording");
        }
        recordings = new JpaRecordingStore(db());
    }

    @Test
    void createProgressFinishAndList() {
        Recording r = recordings.create("maths", "Algebra I", T0, 0);
        assertTrue(Recording.isValidId(r.id()), r.id());
        assertEquals(Recording.State.RECORDING, r.state());
        assertNull(r.ended());

        recordings.progress(r.id(), 4000, 1000, null);
        Recording mid = recordings.find(r.id()).orElseThrow();
        assertEquals(4000, mid.durationMillis());
        assertEquals(Recording.State.RECORDING, mid.state());

        recordings.progress(r.id(), 8000, 2000, T0.plusSeconds(8));
        Recording done = recordings.find(r.id()).orElseThrow();
        assertEquals(new Recording(r.id(), "maths", "Algebra I", T0, T0.plusSeconds(8), 8000, 2000, Recording.State.READY, 0), done);

        Recording later = recordings.create("maths", "Algebra II", T0.plusDays(1), 5);
        Recording other = recordings.create("physics", "Waves", T0.plusHours(1), 0);
        assertEquals(List.of(later.id(), other.id(), r.id()), recordings.list().stream().map(Recording::id).toList());
        assertEquals(List.of(later.id(), r.id()), recordings.list("maths").stream().map(Recording::id).toList());
        assertEquals(5, recordings.find(later.id()).orElseThrow().keepDays());
        assertEquals(List.of(), recordings.list("../etc"));
    }

    @Test
    void renameAndDelete() {
        Recording r = recordings.create("maths", "Algebra I", T0, 0);
        assertEquals("Week 1: fractions", recordings.rename(r.id(), "  Week 1: fractions ").title());
        assertEquals("Week 1: fractions", recordings.find(r.id()).orElseThrow().title());
        StoreException empty = assertThrows(StoreException.class, () -> recordings.rename(r.id(), " "));
        assertEquals(Reason.INVALID, empty.reason());
        assertThrows(StoreException.class, () -> recordings.rename(r.id(), "x".repeat(201)));
        assertEquals(Reason.NOT_FOUND, assertThrows(StoreException.class, () -> recordings.rename("aaaaaaaaaaaaaaaa", "t")).reason());

        assertTrue(recordings.delete(r.id()));
        assertFalse(recordings.delete(r.id()));
        assertFalse(recordings.delete("../../x"));
        assertTrue(recordings.find(r.id()).isEmpty());
    }

    @Test
    void refusesBadInput() {
        assertEquals(Reason.INVALID, assertThrows(StoreException.class, () -> recordings.create("Bad Name", "t", T0, 0)).reason());
        assertEquals(Reason.INVALID, assertThrows(StoreException.class, () -> recordings.create("maths", "t", T0, -1)).reason());
        Recording r = recordings.create("maths", "t", T0, 0);
        assertEquals(Reason.INVALID, assertThrows(StoreException.class, () -> recordings.progress(r.id(), -1, 0, null)).reason());
    }
}
