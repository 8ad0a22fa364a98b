package io.lectern.rest.internal;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lectern.api.pipeline.OutputInfo;
import io.lectern.api.pipeline.PipelineInfo;
import io.lectern.api.pipeline.PipelineRegistry;
import io.lectern.player.ViewerCount;
import io.lectern.store.StatsSample;
import io.lectern.store.StreamStore;

/**
 * Writes one {@link StatsSample} per live stream every few seconds, for the dashboard's charts and
 * {@code GET /api/v1/streams/{name}/stats}: all streams of one round in one batch, so a crash leaves
 * whole rounds. The store thins and expires old samples (its {@code statsRetentionDays}).
 */
@Component(configurationPid = StatsRecorder.PID, service = {})
@Designate(ocd = StatsRecorder.Config.class)
public class StatsRecorder {

    static final String PID = "io.lectern.rest.stats";

    @ObjectClassDefinition(name = "Lectern statistics", description = "How often stream statistics are recorded.")
    public @interface Config {
        @AttributeDefinition(name = "Interval (s)", description = "Seconds between two samples of a live stream.", min = "1")
        int intervalSeconds() default 5;
    }

    private static final Logger LOG = LoggerFactory.getLogger(StatsRecorder.class);

    /** The player bundle's count; without it viewers are recorded as 0. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile ViewerCount viewerCount;

    private final StreamStore store;
    private final PipelineRegistry registry;
    private final Clock clock;
    private final ScheduledExecutorService executor;

    @Activate
    public StatsRecorder(@Reference StreamStore store, @Reference PipelineRegistry registry, Config config) {
        this(store, registry, config, Clock.systemUTC());
    }

    StatsRecorder(StreamStore store, PipelineRegistry registry, Config config, Clock clock) {
        this.store = store;
        this.registry = registry;
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lectern-stats");
            t.setDaemon(true);
            return t;
        });
        long interval = Math.max(1, config.intervalSeconds());
        executor.scheduleAtFixedRate(this::run, interval, interval, TimeUnit.SECONDS);
        LOG.info("Recording stream statistics every {} s", interval);
    }

    @Deactivate
    void stop() {
        executor.shutdownNow();
    }

    /** One round; never throws, since an exception would end the schedule for good. */
    private void run() {
        try {
            recordNow();
        } catch (RuntimeException e) {
            LOG.warn("Could not record stream statistics: {}", e.toString());
        }
    }

    void recordNow() {
        OffsetDateTime at = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        List<StatsSample> batch = new ArrayList<>();
        for (PipelineInfo p : registry.pipelines()) {
            if (MetricsServlet.isLive(p)) {
                ViewerCount viewers = viewerCount;
                batch.add(sample(p, at, viewers == null ? 0 : viewers.viewers(p.stream())));
            }
        }
        if (!batch.isEmpty()) {
            store.record(batch);
        }
    }

    static StatsSample sample(PipelineInfo p, OffsetDateTime at, int viewers) {
        long dropped = 0;
        double slowest = 0;
        Map<String, String> destinations = new LinkedHashMap<>();
        for (OutputInfo o : p.outputs()) {
            if ("rendition".equals(o.kind())) {
                dropped += o.dropped();
                if (o.speed() > 0 && (slowest == 0 || o.speed() < slowest)) {
                    slowest = o.speed();
                }
            } else if ("destination".equals(o.kind())) {
                destinations.put(o.id(), o.state());
            }
        }
        return new StatsSample(p.stream(), at, viewers, p.bitrateIn(), p.fpsIn(), dropped, slowest, destinations);
    }
}
