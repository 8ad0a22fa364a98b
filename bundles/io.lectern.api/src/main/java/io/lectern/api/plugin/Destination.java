package io.lectern.api.plugin;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Somewhere a stream is sent: YouTube, Twitch, a custom RTMP server, the tutorial page. The pipeline
 * runs each destination of a stream in its own worker with a bounded buffer, and re-opens it with
 * backoff when a session fails with a non-permanent {@link PluginException}.
 */
@ConsumerType
public interface Destination extends Plugin {

    /** The settings the dashboard asks for. */
    List<FieldSpec> fields();

    default DestinationConstraints constraints() {
        return DestinationConstraints.NONE;
    }

    /** Checks settings before they are saved; empty when all is well. */
    List<FieldError> validate(Map<String, String> settings);

    /**
     * Connects and returns a session that takes the rendition's media ({@link DestinationSession#tracks}
     * first). Throws a permanent {@link PluginException} for errors that retrying cannot fix.
     */
    DestinationSession open(DestinationContext context) throws PluginException;
}
