package io.lectern.store.internal;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies the {@link StatsRetention} once an hour, on one thread of its own. */
@Component(configurationPid = "io.lectern.store", immediate = true, service = {})
public final class StatsPruner {

    private static final Logger LOG = LoggerFactory.getLogger(StatsPruner.class);

    private final ScheduledExecutorService timer;

    @Activate
    public StatsPruner(@Reference Database db, StoreConfig config) {
        int days = config.statsRetentionDays();
        if (days <= 0) {
            LOG.info("Statistics are thinned but never deleted (statsRetentionDays = {})", days);
        }
        StatsRetention retention = new StatsRetention(db);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lectern-stats-pruner");
            t.setDaemon(true);
            return t;
        });
        // The first run waits a minute so it does not slow the start.
        timer.scheduleAtFixedRate(() -> prune(retention, days), 1, 60, TimeUnit.MINUTES);
    }

    private static void prune(StatsRetention retention, int days) {
        try {
            int deleted = retention.apply(OffsetDateTime.now(ZoneOffset.UTC), days);
            if (deleted > 0) {
                LOG.info("Thinned or deleted {} old statistics sample(s)", deleted);
            }
        } catch (RuntimeException e) {
            // Caught: an exception would cancel every later run.
            LOG.warn("Could not prune statistics: {}", e.getMessage());
        }
    }

    @Deactivate
    void stop() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(10, TimeUnit.SECONDS);
    }
}
