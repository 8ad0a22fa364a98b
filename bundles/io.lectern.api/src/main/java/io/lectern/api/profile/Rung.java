package io.lectern.api.profile;

import java.util.List;
import java.util.Objects;

/**
 * One quality of the ladder. Width follows the source's aspect ratio, so a rung names its height.
 * The {@link #SOURCE} rung passes the original video through without re-encoding.
 *
 * @param name           e.g. {@code 720p}, or {@code source}
 * @param height         picture height in pixels, 0 for the source rung
 * @param videoBitrate   target video bits per second (CBR with VBV), 0 for the source rung
 * @param maxFrameRate   frames per second cap, 0 to keep the source's rate
 */
public record Rung(String name, int height, long videoBitrate, double maxFrameRate) {

    public static final Rung SOURCE = new Rung("source", 0, 0, 0);
    public static final Rung P240 = new Rung("240p", 240, 400_000, 30);
    public static final Rung P360 = new Rung("360p", 360, 800_000, 30);
    public static final Rung P480 = new Rung("480p", 480, 1_400_000, 30);
    public static final Rung P720 = new Rung("720p", 720, 2_800_000, 60);
    public static final Rung P1080 = new Rung("1080p", 1080, 5_000_000, 60);

    /** The standard rungs, lowest first. */
    public static final List<Rung> STANDARD = List.of(P240, P360, P480, P720, P1080);

    public Rung {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-z0-9][a-z0-9_-]{0,31}")) {
            throw new IllegalArgumentException("rung name '" + name + "' must be 1-32 lower-case letters, digits, '-' or '_'");
        }
        if (height < 0 || videoBitrate < 0 || maxFrameRate < 0) {
            throw new IllegalArgumentException("rung values cannot be negative");
        }
        if (height % 2 != 0) {
            throw new IllegalArgumentException("rung height must be even (4:2:0 video)");
        }
        boolean source = height == 0;
        if (source != (videoBitrate == 0)) {
            throw new IllegalArgumentException("only the source rung has no height and no bitrate");
        }
    }

    public boolean isSource() {
        return height == 0;
    }

    /** The standard rung of that name ({@code 240p} … {@code 1080p}, {@code source}). */
    public static Rung named(String name) {
        if (SOURCE.name.equals(name)) {
            return SOURCE;
        }
        return STANDARD.stream().filter(r -> r.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown rung '" + name + "' (use source, 240p, 360p, 480p, 720p or 1080p)"));
    }

    /** Output width for a source of {@code srcWidth x srcHeight}: same aspect, rounded to even. */
    public int widthFor(int srcWidth, int srcHeight) {
        if (isSource()) {
            return srcWidth;
        }
        // The nearest even width (4:2:0 needs even sizes): 640x360 gives 426x240, as players expect.
        return (int) (2 * Math.round((double) srcWidth * height / (2.0 * srcHeight)));
    }
}
