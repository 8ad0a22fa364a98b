package io.lectern.auth.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.lectern.auth.BrowserSession;
import io.lectern.auth.Principal;

/**
 * Browser sessions in memory: a restart signs everybody out, which is fine for a dashboard. A
 * session ends after {@code idle} without use.
 */
final class Sessions {

    /** Sessions kept before ended ones are swept, so many sign-ins cannot fill the memory. */
    private static final int SWEEP_ABOVE = 1_000;

    private final Duration idle;
    private final Clock clock;
    private final Supplier<String> secrets;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    Sessions(Duration idle, Clock clock, Supplier<String> secrets) {
        this.idle = idle;
        this.clock = clock;
        this.secrets = secrets;
    }

    BrowserSession start(Principal principal) {
        if (entries.size() > SWEEP_ABOVE) {
            Instant now = clock.instant();
            entries.values().removeIf(e -> e.expired(now, idle));
        }
        BrowserSession session = new BrowserSession(secrets.get(), principal, secrets.get());
        entries.put(session.id(), new Entry(session, clock.instant()));
        return session;
    }

    Optional<BrowserSession> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Entry entry = entries.get(id);
        if (entry == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (entry.expired(now, idle)) {
            entries.remove(id);
            return Optional.empty();
        }
        entry.lastUsed = now;
        return Optional.of(entry.session);
    }

    void end(String id) {
        if (id != null) {
            entries.remove(id);
        }
    }

    void endAll(String username) {
        entries.values().removeIf(e -> e.session.principal().username().equals(username));
    }

    private static final class Entry {
        final BrowserSession session;
        volatile Instant lastUsed;

        Entry(BrowserSession session, Instant lastUsed) {
            this.session = session;
            this.lastUsed = lastUsed;
        }

        boolean expired(Instant now, Duration idle) {
            return lastUsed.plus(idle).isBefore(now);
        }
    }
}
