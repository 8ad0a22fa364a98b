package io.lectern.pipeline.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

import io.lectern.api.media.Codec;
import io.lectern.api.media.Packet;
import io.lectern.api.media.PixelFormat;
import io.lectern.api.media.TimeBase;
import io.lectern.api.media.Track;
import io.lectern.api.media.VideoFormat;
import io.lectern.api.plugin.DestinationState;
import io.lectern.api.plugin.DestinationState.Phase;
import io.lectern.api.plugin.PluginException;
import io.lectern.api.profile.Ladder;
import io.lectern.api.profile.LatencyMode;
import io.lectern.api.stream.DestinationDefinition;
import io.lectern.api.stream.StreamDefinition;

import org.junit.jupiter.api.Test;

/** Destinations are isolated, self-healing and honest about their state. */
class DestinationOutputTest {

    private static final StreamDefinition STREAM = StreamDefinition.simple("dest-test", "rtmp", LatencyMode.TUTORIAL, Ladder.passthrough());
    private static final DestinationDefinition DEST = new DestinationDefinition("out", "test", "source", Map.of("key", "secret"), true);
    private static final Track VIDEO = Track.video(0, Codec.H264, TimeBase.MILLIS, new VideoFormat(64, 64, null, PixelFormat.UNKNOWN), null, 0);

    /** A destination whose open() fails as asked and whose sends can be held. */
    private static final class TestDestination extends CollectingDestination {
        volatile int failuresLeft;
        volatile boolean permanent;
        volatile CountDownLatch block;
        /** Counted down when a send is stuck on {@link #block}. */
        final CountDownLatch stuck = new CountDownLatch(1);

        TestDestination() {
            super("test");
        }

        @Override
        void opening() throws PluginException {
            if (permanent) {
                throw new PluginException("stream key refused", null, true);
            }
            if (failuresLeft > 0) {
                failuresLeft--;
                throw new PluginException("connection refused");
            }
        }

        @Override
        void sending(Packet packet) {
            CountDownLatch b = block;
            if (b != null) {
                stuck.countDown();
                try {
                    b.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static Packet packet(long i, boolean key) {
        return new Packet(0, i * 40, i * 40, 40, TimeBase.MILLIS, key ? Packet.KEYFRAME : 0, ByteBuffer.allocate(8));
    }

    @Test
    void retriesWithBackoffAndGoesLive() throws Exception {
        TestDestination d = new TestDestination();
        d.failuresLeft = 1;
        List<DestinationState> seen = new CopyOnWriteArrayList<>();
        DestinationOutput out = new DestinationOutput(STREAM, DEST, d, List.of(VIDEO), 64, () -> { });
        try {
            await(() -> {
                seen.add(out.state());
                return out.state().phase() == Phase.LIVE;
            });
            assertTrue(seen.stream().anyMatch(s -> s.phase() == Phase.RETRYING), "it showed 'retrying' first: " + seen);
            assertEquals(2, d.opens.get());
            out.offer(packet(0, true));
            out.offer(packet(1, false));
            await(() -> d.received.size() == 2);
        } finally {
            out.close();
        }
        assertEquals(Phase.STOPPED, out.state().phase());
        assertFalse(PipelineThreads.alive("lectern-destination-dest-test"));
    }

    @Test
    void aPermanentErrorFailsOnceWithoutRetrying() throws Exception {
        TestDestination d = new TestDestination();
        d.permanent = true;
        DestinationOutput out = new DestinationOutput(STREAM, DEST, d, List.of(VIDEO), 64, () -> { });
        try {
            await(() -> out.state().phase() == Phase.FAILED);
            Thread.sleep(1500);
            assertEquals(1, d.opens.get(), "no retry storm");
            assertEquals("failed: stream key refused", out.state().toString());
            assertFalse(out.info().toString().contains("secret"), "the key never shows");
        } finally {
            out.close();
        }
    }

    @Test
    void reconnectOpensANewSessionAlsoAfterAFailure() throws Exception {
        TestDestination d = new TestDestination();
        List<DestinationState> seen = new CopyOnWriteArrayList<>();
        DestinationOutput out = new DestinationOutput(STREAM, DEST, d, List.of(VIDEO), 64, () -> { });
        try {
            await(() -> out.state().phase() == Phase.LIVE);
            assertEquals(1, d.opens.get());
            out.reconnect();
            await(() -> {
                seen.add(out.state());
                return d.opens.get() == 2 && out.state().phase() == Phase.LIVE;
            });
            out.offer(packet(0, true));
            await(() -> d.received.size() == 1);

            // A failed destination has no worker left; reconnect starts one, as after fixing the far end.
            d.permanent = true;
            out.reconnect();
            await(() -> out.state().phase() == Phase.FAILED);
            d.permanent = false;
            out.reconnect();
            await(() -> out.state().phase() == Phase.LIVE);
            assertEquals(4, d.opens.get());
        } finally {
            out.close();
        }
        assertFalse(PipelineThreads.alive("lectern-destination-dest-test"));
    }

    @Test
    void aStuckDestinationNeverBlocksThePipeline() throws Exception {
        TestDestination d = new TestDestination();
        d.block = new CountDownLatch(1);
        DestinationOutput out = new DestinationOutput(STREAM, DEST, d, List.of(VIDEO), 8, () -> { });
        try {
            await(() -> out.state().phase() == Phase.LIVE);
            // The destination takes one packet and hangs in its send, as a stalled server does.
            out.offer(packet(0, true));
            assertTrue(d.stuck.await(10, java.util.concurrent.TimeUnit.SECONDS), "the send is stuck");
            long t0 = System.nanoTime();
            for (int i = 1; i < 1000; i++) {
                out.offer(packet(i, i % 25 == 0));
            }
            assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "offering never waits");
            assertTrue(out.info().dropped() > 900, "a full buffer drops: " + out.info().dropped());
            d.block.countDown();
            await(() -> !d.received.isEmpty());
            assertTrue(d.received.get(0).isKeyframe(), "it resumes on a keyframe");
        } finally {
            d.block.countDown();
            out.close();
        }
    }

    static void await(BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (c.getAsBoolean()) {
                return;
            }
            Thread.sleep(20);
        }
        fail("timed out");
    }
}
