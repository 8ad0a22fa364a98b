package io.lectern.store.internal;

import org.eclipse.persistence.sessions.Session;
import org.eclipse.persistence.sessions.SessionCustomizer;

/**
 * Turns off EclipseLink's own retries after a lost connection (3 tries, 5 s apart): the pool
 * already waits for a connection, and with both a caller would hang some 40 s while the database is
 * down instead of getting UNAVAILABLE. EclipseLink creates it by class name
 * ({@code eclipselink.session.customizer}).
 */
public final class FailFastCustomizer implements SessionCustomizer {

    @Override
    public void customize(Session session) {
        session.getLogin().setQueryRetryAttemptCount(0);
    }
}
