package io.lectern.api.profile;

/**
 * The three ways a stream trades delay for quality. Each is a documented preset
 * ({@link #defaults()}); see docs/latency-modes.md.
 */
public enum LatencyMode {
    /** Live Q&amp;A: 1 s GOP, 1/3 s parts, 2 s segments, zero-latency encoding, short window. */
    LOW_LATENCY("low-latency", new LatencyProfile(1, 2, 1.0 / 3, 12, 60, Preset.VERYFAST, Tune.ZEROLATENCY, 1.0, false)),
    /** Teaching: 2 s GOP and segments, sharp text, a 2 hour window to rewind, recorded. */
    TUTORIAL("tutorial", new LatencyProfile(2, 2, 0, 30, 7200, Preset.VERYFAST, Tune.SCREEN, 1.0, true)),
    /** Lectures where delay matters little: 4 s GOP, 6 s segments, slower preset, more bits. */
    HIGH_QUALITY("high-quality", new LatencyProfile(4, 6, 0, 60, 3600, Preset.MEDIUM, Tune.NONE, 1.4, false));

    private final String id;
    private final LatencyProfile defaults;

    LatencyMode(String id, LatencyProfile defaults) {
        this.id = id;
        this.defaults = defaults;
    }

    /** The name used in the API and configuration, e.g. {@code low-latency}. */
    public String id() {
        return id;
    }

    public LatencyProfile defaults() {
        return defaults;
    }

    public static LatencyMode fromId(String id) {
        for (LatencyMode m : values()) {
            if (m.id.equalsIgnoreCase(id) || m.name().equalsIgnoreCase(id)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown latency mode '" + id + "' (use low-latency, tutorial or high-quality)");
    }
}
