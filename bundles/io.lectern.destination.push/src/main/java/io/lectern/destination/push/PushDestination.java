package io.lectern.destination.push;

import java.util.List;
import java.util.Map;

import io.lectern.api.plugin.Destination;
import io.lectern.api.plugin.DestinationConstraints;
import io.lectern.api.plugin.DestinationContext;
import io.lectern.api.plugin.DestinationSession;
import io.lectern.api.plugin.FieldError;
import io.lectern.api.plugin.FieldSpec;
import io.lectern.api.plugin.PluginException;
import io.lectern.destination.push.internal.PushSession;
import io.lectern.destination.push.internal.Target;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A destination that pushes a rendition to a platform's ingest server. A platform bundle extends
 * it as a DS component, passes its {@link PushPlatform} and calls {@link #configure} from its
 * activate and modified methods.
 * <p>
 * Settings: {@link #URL} (the server, without the key) and {@link #KEY} (the stream key, a secret).
 */
@ConsumerType
public abstract class PushDestination implements Destination {

    /** Settings key of the server URL. */
    public static final String URL = "url";
    /** Settings key of the stream key. */
    public static final String KEY = "key";

    private final PushPlatform platform;
    private volatile long timeoutMillis = 10_000;

    protected PushDestination(PushPlatform platform) {
        this.platform = platform;
    }

    /** Takes the component's configuration. */
    protected void configure(PushConfig config) {
        timeoutMillis = Math.max(1, config.timeout_seconds()) * 1000L;
    }

    public PushPlatform platform() {
        return platform;
    }

    @Override
    public String id() {
        return platform.id();
    }

    @Override
    public String displayName() {
        return platform.displayName();
    }

    @Override
    public DestinationConstraints constraints() {
        return platform.constraints();
    }

    @Override
    public List<FieldSpec> fields() {
        return List.of(
                FieldSpec.of(URL, "Server URL", FieldSpec.Type.URL, platform.defaultServer(), platform.defaultServer().isEmpty(), platform.serverHelp()),
                FieldSpec.of(KEY, "Stream key", FieldSpec.Type.SECRET, "", platform.keyRequired(), platform.keyHelp()));
    }

    @Override
    public List<FieldError> validate(Map<String, String> settings) {
        return Target.check(platform, settings);
    }

    @Override
    public DestinationSession open(DestinationContext context) throws PluginException {
        Map<String, String> settings = context.destination().settings();
        List<FieldError> errors = validate(settings);
        if (!errors.isEmpty()) {
            FieldError first = errors.get(0);
            throw new PluginException("setting '" + first.field() + "': " + first.message(), null, true);
        }
        return new PushSession(Target.of(platform, settings), timeoutMillis);
    }
}
