package io.lectern.api.stream;

import java.util.Map;
import java.util.Objects;

/**
 * One place a stream is sent to.
 *
 * @param id        the destination's name within its stream, e.g. {@code youtube-main}
 * @param platform  the {@link io.lectern.api.plugin.Destination#id() destination plugin} id
 * @param rendition the rung it takes ({@code source}, {@code 720p}, …)
 * @param settings  the plugin's fields (server URL, stream key, …); secrets are in clear here and
 *                  nowhere else
 * @param enabled   whether it is sent while the stream is live
 */
public record DestinationDefinition(String id, String platform, String rendition, Map<String, String> settings, boolean enabled) {

    public DestinationDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(platform, "platform");
        rendition = rendition == null || rendition.isBlank() ? "source" : rendition;
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    @Override
    public String toString() {
        // Never print settings: they hold stream keys.
        return "Destination[" + id + " -> " + platform + ", " + rendition + (enabled ? "" : ", disabled") + "]";
    }
}
