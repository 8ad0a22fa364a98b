package io.lectern.destination.tutorial.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.lectern.store.Recording;
import io.lectern.store.Recording.State;

class RetentionTest {

    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 6, 1, 12, 0, 0, 0, ZoneOffset.UTC);

    private static Recording rec(String id, int daysAgo, long bytes, State state, int keepDays) {
        return new Recording(id, "maths", id, NOW.minusDays(daysAgo), null, 1000, bytes, state, keepDays);
    }

    private static List<String> ids(List<Recording> list) {
        return list.stream().map(Recording::id).toList();
    }

    @Test
    void olderThanTheirKeepTimeGo() {
        Recording old = rec("old", 31, 10, State.READY, 0);
        Recording young = rec("young", 29, 10, State.READY, 0);
        Recording ownShort = rec("short", 8, 10, State.READY, 7);
        Recording ownLong = rec("long", 60, 10, State.READY, 90);
        Recording live = rec("live", 40, 10, State.RECORDING, 0);
        assertEquals(List.of("old", "short"), ids(Retention.expired(List.of(old, young, ownShort, ownLong, live), NOW, 30, 0)));
        assertEquals(List.of("short"), ids(Retention.expired(List.of(old, young, ownShort, live), NOW, 0, 0)), "0 days: kept unless set per destination");
    }

    @Test
    void overTheSpaceLimitTheOldestFinishedGo() {
        Recording a = rec("a", 3, 400, State.READY, 0);
        Recording b = rec("b", 2, 400, State.READY, 0);
        Recording c = rec("c", 1, 400, State.READY, 0);
        Recording live = rec("live", 5, 400, State.RECORDING, 0);
        assertEquals(List.of("a", "b"), ids(Retention.expired(List.of(c, live, a, b), NOW, 0, 900)));
        assertEquals(List.of(), ids(Retention.expired(List.of(c, live, a, b), NOW, 0, 1600)));
        assertEquals(List.of("a", "b", "c"), ids(Retention.expired(List.of(c, live, a, b), NOW, 0, 100)), "never the one still recording");
    }
}
