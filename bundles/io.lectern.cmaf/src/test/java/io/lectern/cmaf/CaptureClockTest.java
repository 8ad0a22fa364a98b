package io.lectern.cmaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CaptureClockTest {

    @Test
    void mediaTimeMapsToTheEarliestArrival() {
        CaptureClock c = new CaptureClock();
        c.arrived(10.0, 1_000_300);
        assertEquals(1_000_300, c.wallMillis(10.0));
        // A later frame that was held up on its way does not move the clock; one that was not does.
        c.arrived(11.0, 1_001_500);
        assertEquals(1_002_300, c.wallMillis(12.0));
        c.arrived(12.0, 1_002_100);
        assertEquals(1_002_100, c.wallMillis(12.0));
        assertEquals(1_000_100, c.wallMillis(10.0));
    }

    @Test
    void aResetStartsANewMapping() {
        CaptureClock c = new CaptureClock();
        c.arrived(500.0, 2_000_000);
        c.reset();
        long before = System.currentTimeMillis();
        assertTrue(c.wallMillis(0) >= before, "nothing arrived since the reset: now");
        c.arrived(0.0, 2_010_000);
        assertEquals(2_010_040, c.wallMillis(0.04));
    }
}
