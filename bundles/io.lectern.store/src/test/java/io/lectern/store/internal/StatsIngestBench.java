package io.lectern.store.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.lectern.store.StatsSample;

/**
 * Sustained statistics ingest: one writer records rounds of one sample per stream, each round one
 * batch (one transaction), as the REST bundle's recorder does. Run by bench/stats-ingest.sh; prints
 * {@code stats_ingest_<label>_samples_per_s N}.
 *
 * <p>Arguments: label, JDBC URL, user, seconds to measure, streams per round.
 */
public final class StatsIngestBench {

    private StatsIngestBench() {
    }

    public static void main(String[] args) throws IOException {
        String label = args[0];
        long seconds = Long.parseLong(args[3]);
        int streams = Integer.parseInt(args[4]);
        Database db = new Database(new DatabaseTarget(args[1], args[2], ""));
        try {
            // Statistics hold no secrets: a throw-away master key is enough.
            JpaStreamStore store = new JpaStreamStore(db, new SecretBox(Files.createTempDirectory("lectern-bench").resolve(SecretBox.FILE)));
            // A short warm-up, so connection set-up and JIT do not count.
            write(store, streams, 2);
            long samples = write(store, streams, seconds);
            System.out.println("stats_ingest_" + label + "_samples_per_s " + Math.round(samples / (double) seconds));
        } finally {
            db.close();
        }
    }

    /** Writes rounds for {@code seconds}; answers how many samples were written. */
    private static long write(JpaStreamStore store, int streams, long seconds) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC);
        long samples = 0;
        while (System.nanoTime() < end) {
            at = at.plusSeconds(5);
            List<StatsSample> round = new ArrayList<>(streams);
            for (int i = 0; i < streams; i++) {
                round.add(new StatsSample("bench-" + i, at, i, 2_500_000, 30, 0, 1.0, Map.of("youtube-main", "live")));
            }
            store.record(round);
            samples += streams;
        }
        return samples;
    }
}
