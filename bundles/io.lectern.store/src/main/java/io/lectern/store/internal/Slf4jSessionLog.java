package io.lectern.store.internal;

import org.eclipse.persistence.logging.AbstractSessionLog;
import org.eclipse.persistence.logging.SessionLog;
import org.eclipse.persistence.logging.SessionLogEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends EclipseLink's log to SLF4J; its default log writes to standard out. EclipseLink creates it
 * by class name (property {@code eclipselink.logging.logger}).
 */
public final class Slf4jSessionLog extends AbstractSessionLog {

    private static final Logger LOG = LoggerFactory.getLogger("org.eclipse.persistence");

    @Override
    public void log(SessionLogEntry entry) {
        if (!shouldLog(entry.getLevel(), entry.getNameSpace())) {
            return;
        }
        String message = formatMessage(entry);
        Throwable error = entry.getException();
        if (error != null && entry.getLevel() < SessionLog.SEVERE) {
            // EclipseLink logs every exception it throws; the store turns them into StoreExceptions
            // and logs what matters, so a duplicate name is not a stack trace in the log.
            LOG.debug(message, error);
            return;
        }
        switch (entry.getLevel()) {
            case SessionLog.SEVERE -> LOG.error(message, error);
            case SessionLog.WARNING -> LOG.warn(message, error);
            case SessionLog.INFO, SessionLog.CONFIG -> LOG.info(message, error);
            default -> LOG.debug(message, error);
        }
    }
}
