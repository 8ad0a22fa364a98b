package io.lectern.logging.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SCR, ConfigAdmin and the framework report problems (a component that fails to activate, a bad
 * configuration) only to the OSGi LogService, which prints nothing by itself. This copies those
 * entries into the SLF4J log where Lectern's own bundles write, so an admin sees them in one place.
 * Only warnings and errors are copied: below that the framework logs every service event.
 */
@Component(immediate = true)
public final class LogServiceBridge implements LogListener {

    private final LogReaderService reader;

    @Activate
    public LogServiceBridge(@Reference LogReaderService reader) {
        this.reader = reader;
        reader.addLogListener(this);
    }

    @Deactivate
    void deactivate() {
        reader.removeLogListener(this);
    }

    @Override
    public void logged(LogEntry entry) {
        String bundle = entry.getBundle() == null ? "framework" : entry.getBundle().getSymbolicName();
        Logger log = LoggerFactory.getLogger(bundle);
        String message = entry.getMessage();
        Throwable error = entry.getException();
        switch (entry.getLogLevel()) {
            case AUDIT, ERROR -> log.error(message, error);
            case WARN -> log.warn(message, error);
            default -> {
                // INFO and below: the framework reports every service and bundle event there.
            }
        }
    }
}
