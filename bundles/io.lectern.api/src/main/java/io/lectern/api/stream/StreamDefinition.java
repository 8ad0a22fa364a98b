package io.lectern.api.stream;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.lectern.api.profile.Ladder;
import io.lectern.api.profile.LatencyMode;
import io.lectern.api.profile.LatencyProfile;

/**
 * A stream as the pipeline runs it.
 *
 * @param name         the slug used in URLs and folders ({@link StreamNames})
 * @param title        what viewers see
 * @param ingest       the {@link io.lectern.api.plugin.IngestProtocol#id() ingest protocol} id
 * @param latencyMode  the chosen mode
 * @param profile      the mode's settings after the admin's adjustments
 * @param ladder       the renditions to produce
 * @param encoders     encoder plugin ids in order of preference; empty means "best available"
 * @param packagers    packager plugin ids to run ({@code hls}, {@code dash}); empty means all present
 * @param destinations where to restream
 * @param settings     extra settings for the ingest plugin (e.g. a test pattern's size)
 */
public record StreamDefinition(String name, String title, String ingest, LatencyMode latencyMode, LatencyProfile profile,
                               Ladder ladder, List<String> encoders, List<String> packagers,
                               List<DestinationDefinition> destinations, Map<String, String> settings) {

    public StreamDefinition {
        StreamNames.require(name);
        Objects.requireNonNull(ingest, "ingest");
        Objects.requireNonNull(latencyMode, "latencyMode");
        profile = profile == null ? latencyMode.defaults() : profile;
        ladder = ladder == null ? Ladder.standard() : ladder;
        title = title == null || title.isBlank() ? name : title;
        encoders = encoders == null ? List.of() : List.copyOf(encoders);
        packagers = packagers == null ? List.of() : List.copyOf(packagers);
        destinations = destinations == null ? List.of() : List.copyOf(destinations);
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    /** The platform id of the destination that keeps recordings and feeds the watch page. */
    public static final String TUTORIAL = "tutorial";
    /** The id of the tutorial destination a recording profile adds by itself. */
    public static final String DEFAULT_RECORDING = "recording";
    /** The {@link #settings() setting} that makes a stream private: {@value #PRIVATE} or {@code public} (the default). */
    public static final String VISIBILITY = "visibility";
    /** The {@link #VISIBILITY} value of a stream whose pages and media need a signed, expiring address. */
    public static final String PRIVATE = "private";

    /** Whether viewers need a signed address ({@link #VISIBILITY} is {@value #PRIVATE}). */
    public boolean isPrivate() {
        return PRIVATE.equals(settings.get(VISIBILITY));
    }

    /**
     * The destinations the pipeline runs: {@link #destinations()}, plus a tutorial destination with
     * id {@value #DEFAULT_RECORDING} (source rendition, no settings) when the profile says
     * {@link LatencyProfile#record() record} and none of the destinations is a tutorial one. Listing
     * a tutorial destination, enabled or not, replaces the default: a disabled one turns recording off.
     */
    public List<DestinationDefinition> effectiveDestinations() {
        if (!profile.record() || destinations.stream().anyMatch(d -> TUTORIAL.equals(d.platform()))) {
            return destinations;
        }
        List<DestinationDefinition> all = new java.util.ArrayList<>(destinations);
        all.add(new DestinationDefinition(DEFAULT_RECORDING, TUTORIAL, null, null, true));
        return List.copyOf(all);
    }

    /** A stream with the mode's defaults, the given ladder and nothing else. */
    public static StreamDefinition simple(String name, String ingest, LatencyMode mode, Ladder ladder) {
        return new StreamDefinition(name, name, ingest, mode, null, ladder, null, null, null, null);
    }
}
