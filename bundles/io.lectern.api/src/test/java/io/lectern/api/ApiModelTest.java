package io.lectern.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.lectern.api.media.PixelFormat;
import io.lectern.api.media.TimeBase;
import io.lectern.api.media.VideoFormat;
import io.lectern.api.media.VideoFrame;
import io.lectern.api.profile.Ladder;
import io.lectern.api.profile.LatencyMode;
import io.lectern.api.profile.LatencyProfile;
import io.lectern.api.profile.Preset;
import io.lectern.api.profile.Rung;
import io.lectern.api.profile.Tune;
import io.lectern.api.stream.DestinationDefinition;
import io.lectern.api.stream.StreamDefinition;
import io.lectern.api.stream.StreamNames;

import org.junit.jupiter.api.Test;

class ApiModelTest {

    @Test
    void rescalesBetweenTimeBases() {
        assertEquals(90_000, TimeBase.MILLIS.rescale(1000, TimeBase.MPEG));
        assertEquals(33, TimeBase.MPEG.rescale(3003, TimeBase.MILLIS));
        assertEquals(-33, TimeBase.MPEG.rescale(-3003, TimeBase.MILLIS));
        assertEquals(48_000, TimeBase.of(1, 44_100).rescale(44_100, TimeBase.of(1, 48_000)));
        // Large values fall back to exact arithmetic instead of overflowing.
        long big = Long.MAX_VALUE / 1000;
        assertEquals(big / 90 * 90, TimeBase.MPEG.rescale(TimeBase.MILLIS.rescale(big / 90 * 90, TimeBase.MPEG), TimeBase.MILLIS));
    }

    @Test
    void ladderNeverUpscales() {
        Ladder ladder = Ladder.standard();
        assertEquals(List.of(Rung.P240, Rung.P360, Rung.P480, Rung.P720), ladder.forSource(720));
        assertEquals(List.of(Rung.P240), ladder.forSource(100));
        Ladder mixed = Ladder.of("1080p", "source", "360p");
        assertEquals(List.of(Rung.SOURCE, Rung.P360), mixed.forSource(480));
        assertTrue(mixed.hasSource());
        assertFalse(Ladder.passthrough().needsTranscode());
        assertThrows(IllegalArgumentException.class, () -> Ladder.of("720p", "720p"));
        assertEquals(1280, Rung.P720.widthFor(1920, 1080));
        assertEquals(426, Rung.P240.widthFor(1280, 720));
        assertEquals(854, Rung.P480.widthFor(1920, 1080));
    }

    @Test
    void latencyModesAreConsistent() {
        for (LatencyMode m : LatencyMode.values()) {
            LatencyProfile p = m.defaults();
            assertTrue(p.segmentSeconds() >= p.gopSeconds(), m + " segment holds a GOP");
            assertEquals(m, LatencyMode.fromId(m.id()));
        }
        assertTrue(LatencyMode.LOW_LATENCY.defaults().lowLatency());
        assertEquals(7200, LatencyMode.TUTORIAL.defaults().dvrWindowSeconds());
        assertTrue(LatencyMode.TUTORIAL.defaults().record());
        // Input gathered for a twentieth of a part, or of a segment without parts.
        assertEquals(17, LatencyMode.LOW_LATENCY.defaults().inputBatchMillis());
        assertEquals(100, LatencyMode.TUTORIAL.defaults().inputBatchMillis());
        assertEquals(300, LatencyMode.HIGH_QUALITY.defaults().inputBatchMillis());
        assertThrows(IllegalArgumentException.class,
                () -> new LatencyProfile(4, 2, 0, 30, 60, Preset.FAST, Tune.NONE, 1, false));
        assertThrows(IllegalArgumentException.class, () -> LatencyMode.fromId("fast"));
    }

    @Test
    void streamNamesCannotEscapeFolders() {
        assertTrue(StreamNames.isValid("math-101"));
        for (String bad : new String[] {"", "..", "a/b", "a%2fb", "A", "-a", "a-", "a.b", "x".repeat(65), null}) {
            assertFalse(StreamNames.isValid(bad), String.valueOf(bad));
        }
        assertTrue(StreamNames.isValid("x".repeat(64)));
        assertTrue(StreamNames.isValid("7"));
    }

    /** The hand-written check says what the rule's regular expression says, on many random names. */
    @Test
    void streamNamesFollowTheirRule() {
        java.util.regex.Pattern rule = java.util.regex.Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");
        java.util.Random random = new java.util.Random(42);
        String alphabet = "ab9z0-A./%_ ";
        for (int n = 0; n < 200_000; n++) {
            int length = random.nextInt(n % 10 == 0 ? 70 : 6);
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < length; i++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String name = b.toString();
            assertEquals(rule.matcher(name).matches(), StreamNames.isValid(name), name);
        }
    }

    @Test
    void frameMemoryIsFreedByTheLastHolder() {
        AtomicInteger freed = new AtomicInteger();
        VideoFrame f = new VideoFrame(new VideoFormat(16, 16, null, PixelFormat.YUV420P), 0, TimeBase.MILLIS,
                new ByteBuffer[] {ByteBuffer.allocateDirect(256), ByteBuffer.allocateDirect(64), ByteBuffer.allocateDirect(64)},
                new int[] {16, 8, 8}, false, freed::incrementAndGet);
        f.retain();
        f.release();
        assertEquals(0, freed.get());
        f.release();
        assertEquals(1, freed.get());
        assertThrows(IllegalStateException.class, f::retain);
        assertThrows(IllegalStateException.class, () -> f.plane(0));
    }

    @Test
    void recordingProfilesGetATutorialDestinationUnlessOneIsListed() {
        StreamDefinition tutorial = StreamDefinition.simple("maths", "rtmp", LatencyMode.TUTORIAL, null);
        assertEquals(List.of(new DestinationDefinition("recording", "tutorial", "source", null, true)), tutorial.effectiveDestinations());
        assertEquals(List.of(), StreamDefinition.simple("maths", "rtmp", LatencyMode.LOW_LATENCY, null).effectiveDestinations());

        DestinationDefinition off = new DestinationDefinition("keep", "tutorial", "720p", null, false);
        StreamDefinition turnedOff = new StreamDefinition("maths", null, "rtmp", LatencyMode.TUTORIAL, null, null, null, null, List.of(off), null);
        assertEquals(List.of(off), turnedOff.effectiveDestinations());
    }
}
