package io.lectern.store.internal;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Times are stored as UTC {@link LocalDateTime} (EclipseLink 4.0 stores {@code Instant} as a blob),
 * cut to microseconds, the precision of both H2 and PostgreSQL, so a value reads back equal.
 */
final class Utc {

    private Utc() {
    }

    static LocalDateTime now() {
        return LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    static LocalDateTime of(OffsetDateTime time) {
        return time == null ? null : time.atZoneSameInstant(ZoneOffset.UTC).toLocalDateTime().truncatedTo(ChronoUnit.MICROS);
    }

    static OffsetDateTime of(LocalDateTime time) {
        return time == null ? null : time.atOffset(ZoneOffset.UTC);
    }
}
