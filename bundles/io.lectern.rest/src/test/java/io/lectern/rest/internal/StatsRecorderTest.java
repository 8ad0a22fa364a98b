package io.lectern.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.lectern.api.pipeline.PipelineInfo;
import io.lectern.api.pipeline.PipelineState;
import io.lectern.api.profile.LatencyMode;
import io.lectern.api.stream.StreamDefinition;
import io.lectern.auth.internal.TestConfig;
import io.lectern.store.StatsSample;

class StatsRecorderTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    /** Keeps each batch as it came, to see that one round is one call. */
    private static final class BatchStore extends MemoryStreamStore {
        final List<List<StatsSample>> batches = new CopyOnWriteArrayList<>();

        @Override
        public void record(List<StatsSample> batch) {
            batches.add(List.copyOf(batch));
            super.record(batch);
        }
    }

    @Test
    void oneRoundIsOneBatchOfTheLiveStreams() {
        BatchStore store = new BatchStore();
        FakeRegistry registry = new FakeRegistry();
        StatsRecorder recorder = new StatsRecorder(store, registry,
                TestConfig.of(StatsRecorder.Config.class, Map.of("intervalSeconds", 3600)), Clock.fixed(NOW, ZoneOffset.UTC));
        try {
            recorder.recordNow();
            assertTrue(store.batches.isEmpty(), "nothing is live, nothing is written");

            registry.start(StreamDefinition.simple("maths", "rtmp", LatencyMode.TUTORIAL, null));
            registry.start(StreamDefinition.simple("art", "rtmp", LatencyMode.TUTORIAL, null));
            PipelineInfo live = registry.start(StreamDefinition.simple("waiting", "rtmp", LatencyMode.TUTORIAL, null));
            registry.running.put("waiting", new PipelineInfo("waiting", "rtmp", PipelineState.WAITING, "", "", 0, 0, 0, 0, live.outputs()));
            recorder.recordNow();
        } finally {
            recorder.stop();
        }
        assertEquals(1, store.batches.size());
        List<StatsSample> batch = store.batches.get(0);
        assertEquals(List.of("art", "maths"), batch.stream().map(StatsSample::stream).sorted().toList());
        OffsetDateTime at = NOW.atOffset(ZoneOffset.UTC);
        assertTrue(batch.stream().allMatch(s -> s.at().equals(at)), "one round, one time: " + batch);
        assertEquals(2, store.samples.size());
    }
}
