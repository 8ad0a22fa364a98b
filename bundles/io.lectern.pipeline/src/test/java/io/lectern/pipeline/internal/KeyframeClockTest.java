package io.lectern.pipeline.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class KeyframeClockTest {

    /** The times of the keyframes among pictures at {@code fps} from {@code start} for {@code seconds}. */
    private static List<Double> keys(KeyframeClock clock, double start, int fps, double seconds) {
        List<Double> keys = new ArrayList<>();
        for (int i = 0; i < seconds * fps; i++) {
            double t = start + (double) i / fps;
            if (clock.isKey(t)) {
                keys.add(Math.round((t - start) * 1000) / 1000.0);
            }
        }
        return keys;
    }

    @Test
    void aGopThatDividesTheSegmentGivesOneKeyPerGop() {
        assertEquals(List.of(0.0, 1.0, 2.0, 3.0, 4.0, 5.0), keys(new KeyframeClock(1, 2), 10, 25, 6));
    }

    @Test
    void everySegmentStartsWithAKeyframeWhenTheGopDoesNotDivideIt() {
        // High-quality mode: 4 s GOPs, 6 s segments.
        assertEquals(List.of(0.0, 4.0, 6.0, 10.0, 12.0, 16.0, 18.0), keys(new KeyframeClock(4, 6), 3.3, 30, 20));
    }

    @Test
    void aJumpInTimeStartsTheGridOver() {
        KeyframeClock clock = new KeyframeClock(2, 2);
        assertEquals(List.of(0.0, 2.0), keys(clock, 100, 25, 3));
        // A new publisher starts again at 0 s.
        assertEquals(List.of(0.0, 2.0), keys(clock, 0, 25, 3));
    }
}
