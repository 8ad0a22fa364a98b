package io.lectern.api.profile;

import java.util.Locale;

/** What the encoder tunes for. */
public enum Tune {
    /** Camera-like content, no special tuning. */
    NONE,
    /** No lookahead or frame reordering: lowest delay (x264 {@code zerolatency}). */
    ZEROLATENCY,
    /** Slides, code and terminals: keeps text sharp and spends bits on edges rather than motion. */
    SCREEN;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Tune fromId(String id) {
        for (Tune t : values()) {
            if (t.id().equalsIgnoreCase(id)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown tune '" + id + "' (use none, zerolatency or screen)");
    }
}
