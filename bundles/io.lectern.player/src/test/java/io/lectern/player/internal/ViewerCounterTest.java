package io.lectern.player.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ViewerCounterTest {

    private final AtomicLong now = new AtomicLong();
    private final ViewerCounter counter = new ViewerCounter(30, 3, now::get);

    private void advance(int seconds) {
        now.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    @Test
    void countsDistinctPlayersInTheWindow() {
        assertTrue(counter.report("maths", "player-aaaaaaaa"));
        assertTrue(counter.report("maths", "player-aaaaaaaa"));
        assertTrue(counter.report("maths", "player-bbbbbbbb"));
        assertTrue(counter.report("art", "player-cccccccc"));
        assertEquals(2, counter.viewers("maths"));
        assertEquals(1, counter.viewers("art"));
        assertEquals(0, counter.viewers("music"));

        advance(20);
        counter.report("maths", "player-aaaaaaaa");
        advance(15);
        assertEquals(1, counter.viewers("maths"), "b went quiet 35 s ago, a 15 s ago");
        assertEquals(0, counter.viewers("art"));
    }

    @Test
    void ignoresIdsThatDoNotLookRandomAndCapsEachStream() {
        assertFalse(counter.report("maths", null));
        assertFalse(counter.report("maths", "short"));
        assertFalse(counter.report("maths", "has spaces in it"));
        assertFalse(counter.report("maths", "x".repeat(65)));
        for (String id : new String[] { "id-11111111", "id-22222222", "id-33333333" }) {
            assertTrue(counter.report("maths", id));
        }
        assertFalse(counter.report("maths", "id-44444444"), "the stream is full");
        assertTrue(counter.report("maths", "id-11111111"), "known players still report");
        advance(31);
        assertTrue(counter.report("maths", "id-44444444"), "room again once the others went quiet");
        assertEquals(1, counter.viewers("maths"));
    }
}
