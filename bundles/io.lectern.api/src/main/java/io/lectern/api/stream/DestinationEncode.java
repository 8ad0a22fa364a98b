package io.lectern.api.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.lectern.api.plugin.DestinationConstraints;
import io.lectern.api.plugin.FieldError;
import io.lectern.api.profile.Rung;

/**
 * Whether a destination gets an encode of its own, read from settings every destination may carry
 * next to its plugin's: {@code encode} ({@code auto}, {@code always} or {@code never}),
 * {@code encodeHeight} (lines), {@code encodeBitrate} (video kbit/s) and {@code encodeVertical}
 * ({@code true}: a 9:16 centre crop). With {@code auto}, the pipeline encodes for the destination
 * only when the chosen rendition does not fit the platform's {@link DestinationConstraints};
 * giving a height, a bitrate or vertical asks for an own encode whatever the rendition.
 *
 * @param mode         when to encode
 * @param height       picture height asked for, 0 for the platform's or the rendition's
 * @param videoBitrate video bits per second asked for, 0 for the platform's or the rendition's
 * @param vertical     whether a vertical 9:16 picture is asked for
 * @since 1.1
 */
public record DestinationEncode(Mode mode, int height, long videoBitrate, boolean vertical) {

    public static final String MODE = "encode";
    public static final String HEIGHT = "encodeHeight";
    public static final String BITRATE = "encodeBitrate";
    public static final String VERTICAL = "encodeVertical";

    public enum Mode {
        AUTO, ALWAYS, NEVER;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whether an encode of its own is asked for, whatever the rendition. */
    public boolean explicit() {
        return mode == Mode.ALWAYS || height > 0 || videoBitrate > 0 || vertical;
    }

    /** The request in these settings; values that {@link #check} refuses read as not given. */
    public static DestinationEncode of(Map<String, String> settings) {
        Mode mode = Mode.AUTO;
        for (Mode m : Mode.values()) {
            if (m.id().equals(settings.getOrDefault(MODE, "").strip())) {
                mode = m;
            }
        }
        return new DestinationEncode(mode, (int) number(settings.get(HEIGHT), 144, 2160), number(settings.get(BITRATE), 100, 50_000) * 1000,
                "true".equals(settings.getOrDefault(VERTICAL, "").strip()));
    }

    /**
     * Checks a destination's rendition and encode settings against its stream and platform; empty
     * when all is well. Fields are named as in the REST API ({@code rendition}, {@code settings.encodeHeight}…).
     */
    public static List<FieldError> check(StreamDefinition stream, DestinationDefinition d, DestinationConstraints c) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, String> s = d.settings();
        String mode = s.getOrDefault(MODE, "").strip();
        if (!mode.isEmpty() && !List.of("auto", "always", "never").contains(mode)) {
            errors.add(new FieldError("settings." + MODE, "Use auto (encode when the rendition does not fit), always or never."));
        }
        String vertical = s.getOrDefault(VERTICAL, "").strip();
        if (!vertical.isEmpty() && !vertical.equals("true") && !vertical.equals("false")) {
            errors.add(new FieldError("settings." + VERTICAL, "Use true or false."));
        }
        if (invalid(s.get(HEIGHT), 144, 2160)) {
            errors.add(new FieldError("settings." + HEIGHT, "Use a height from 144 to 2160 lines, e.g. 720."));
        }
        if (invalid(s.get(BITRATE), 100, 50_000)) {
            errors.add(new FieldError("settings." + BITRATE, "Use a video bitrate from 100 to 50000 kbit/s, e.g. 3000."));
        }
        DestinationEncode e = of(s);
        if (c.maxHeight() > 0 && e.height() > c.maxHeight()) {
            errors.add(new FieldError("settings." + HEIGHT, "This platform takes at most " + c.maxHeight() + " lines."));
        }
        if (c.maxVideoBitrate() > 0 && e.videoBitrate() > c.maxVideoBitrate()) {
            errors.add(new FieldError("settings." + BITRATE, "This platform takes at most " + c.maxVideoBitrate() / 1000 + " kbit/s."));
        }
        if (e.explicit() && e.mode() == Mode.NEVER) {
            errors.add(new FieldError("settings." + MODE, "A height, bitrate or vertical picture needs an encode: use auto or always."));
        }
        Rung rung = stream.ladder().rungs().stream().filter(r -> r.name().equals(d.rendition())).findFirst().orElse(null);
        if (rung == null && !d.rendition().equals(Rung.SOURCE.name())) {
            errors.add(new FieldError("rendition", "This stream has no " + d.rendition() + " quality. Use source or one of "
                    + String.join(", ", stream.ladder().rungs().stream().filter(r -> !r.isSource()).map(Rung::name).toList()) + "."));
        } else if (rung != null && !rung.isSource() && e.mode() == Mode.NEVER) {
            // The rung's width is not known before the source is; 16:9 is what a vertical check needs.
            List<String> problems = c.problems(rung.height() * 16 / 9, rung.height(), rung.videoBitrate(), stream.profile().gopSeconds());
            if (!problems.isEmpty()) {
                errors.add(new FieldError("rendition", "The " + rung.name() + " rendition does not fit this platform: "
                        + String.join("; ", problems) + ". Pick another rendition, or let Lectern encode for it (encode: auto)."));
            }
        }
        return errors;
    }

    private static boolean invalid(String value, long min, long max) {
        return value != null && !value.isBlank() && number(value, min, max) == 0;
    }

    /** The whole number in {@code value} when within min..max, else 0. */
    private static long number(String value, long min, long max) {
        try {
            long n = Long.parseLong(value == null ? "" : value.strip());
            return n >= min && n <= max ? n : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
