package io.lectern.destination.tutorial.internal;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.lectern.store.Recording;

/**
 * Which finished recordings to delete: those older than their keep time (their own {@code keepDays},
 * else the global one), then, while all recordings together take more than the space limit, the
 * oldest. Recordings still being written are never chosen.
 */
final class Retention {

    private Retention() {
    }

    /**
     * @param keepDays days to keep a recording without its own setting; 0 keeps it
     * @param maxBytes most bytes all recordings may take; 0 for no limit
     */
    static List<Recording> expired(List<Recording> all, OffsetDateTime now, int keepDays, long maxBytes) {
        Set<Recording> out = new LinkedHashSet<>();
        List<Recording> ready = all.stream().filter(r -> r.state() == Recording.State.READY)
                .sorted(Comparator.comparing(Recording::started)).toList();
        for (Recording r : ready) {
            int days = r.keepDays() > 0 ? r.keepDays() : keepDays;
            if (days > 0 && r.started().plusDays(days).isBefore(now)) {
                out.add(r);
            }
        }
        if (maxBytes > 0) {
            long total = all.stream().filter(r -> !out.contains(r)).mapToLong(Recording::bytes).sum();
            for (Recording r : ready) {
                if (total <= maxBytes) {
                    break;
                }
                if (out.add(r)) {
                    total -= r.bytes();
                }
            }
        }
        return new ArrayList<>(out);
    }
}
