package io.lectern.store.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.persistence.EntityManager;

/**
 * Keeps the statistics table from growing without bound: samples of the last hour stay as written,
 * older ones are thinned to one per minute, those older than a day to one per 10 minutes, and
 * those older than the retention are deleted.
 */
final class StatsRetention {

    /** Samples older than {@code after} are thinned to one per stream every {@code stepSeconds}. */
    record Tier(Duration after, long stepSeconds) {
    }

    static final List<Tier> TIERS = List.of(new Tier(Duration.ofHours(1), 60), new Tier(Duration.ofDays(1), 600));

    private final Database db;

    StatsRetention(Database db) {
        this.db = db;
    }

    /**
     * Thins and expires the samples as of {@code now}, in one transaction; answers how many were
     * deleted. {@code retentionDays} 0 or less deletes none for age.
     */
    int apply(OffsetDateTime now, int retentionDays) {
        return db.inTransaction(em -> {
            int deleted = 0;
            if (retentionDays > 0) {
                deleted += em.createNativeQuery("DELETE FROM lectern_stream_stats WHERE sampled_at < ?")
                        .setParameter(1, timestamp(now.minusDays(retentionDays))).executeUpdate();
            }
            for (Tier tier : TIERS) {
                deleted += thin(em, now.minus(tier.after()), tier.stepSeconds());
            }
            return deleted;
        });
    }

    /**
     * Of the samples older than {@code before}, keeps one per stream and step: the first written
     * (lowest id). Steps are counted from 1970 so every run cuts at the same boundaries.
     */
    private static int thin(EntityManager em, OffsetDateTime before, long stepSeconds) {
        Timestamp cut = timestamp(before);
        String step = "FLOOR(EXTRACT(EPOCH FROM sampled_at) / " + stepSeconds + ")";
        return em.createNativeQuery("DELETE FROM lectern_stream_stats WHERE sampled_at < ? AND id NOT IN ("
                        + "SELECT MIN(id) FROM lectern_stream_stats WHERE sampled_at < ? GROUP BY stream, " + step + ")")
                .setParameter(1, cut).setParameter(2, cut).executeUpdate();
    }

    private static Timestamp timestamp(OffsetDateTime time) {
        return Timestamp.valueOf(Utc.of(time));
    }
}
