package io.lectern.auth.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed sign-ins per client address: {@code maxFailures} within {@code window} block the
 * address for {@code block}.
 */
final class FailureLimiter {

    /** Addresses kept before old entries are swept, so a flood of addresses cannot fill the memory. */
    private static final int SWEEP_ABOVE = 10_000;

    private final int maxFailures;
    private final Duration window;
    private final Duration block;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    FailureLimiter(int maxFailures, Duration window, Duration block, Clock clock) {
        this.maxFailures = Math.max(1, maxFailures);
        this.window = window;
        this.block = block;
        this.clock = clock;
    }

    Optional<Duration> blockedFor(String address) {
        Entry entry = entries.get(address);
        if (entry == null) {
            return Optional.empty();
        }
        synchronized (entry) {
            Instant now = clock.instant();
            if (entry.blockedUntil != null && now.isBefore(entry.blockedUntil)) {
                return Optional.of(Duration.between(now, entry.blockedUntil));
            }
            return Optional.empty();
        }
    }

    void failed(String address) {
        if (entries.size() > SWEEP_ABOVE) {
            sweep();
        }
        Entry entry = entries.computeIfAbsent(address, a -> new Entry());
        synchronized (entry) {
            Instant now = clock.instant();
            entry.failures.addLast(now);
            while (!entry.failures.isEmpty() && entry.failures.peekFirst().isBefore(now.minus(window))) {
                entry.failures.removeFirst();
            }
            if (entry.failures.size() >= maxFailures) {
                entry.blockedUntil = now.plus(block);
                entry.failures.clear();
            }
        }
    }

    void succeeded(String address) {
        entries.remove(address);
    }

    private void sweep() {
        Instant now = clock.instant();
        entries.values().removeIf(e -> {
            synchronized (e) {
                boolean blocked = e.blockedUntil != null && now.isBefore(e.blockedUntil);
                boolean recent = !e.failures.isEmpty() && e.failures.peekLast().isAfter(now.minus(window));
                return !blocked && !recent;
            }
        });
    }

    private static final class Entry {
        final Deque<Instant> failures = new ArrayDeque<>();
        Instant blockedUntil;
    }
}
