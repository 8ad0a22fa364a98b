package io.lectern.api.profile;

import java.util.Locale;

/** Encoder speed presets, named as x264 names them; hardware encoders map them to their own. */
public enum Preset {
    ULTRAFAST, SUPERFAST, VERYFAST, FASTER, FAST, MEDIUM, SLOW;

    /** The lower-case name x264 and the API use, e.g. {@code veryfast}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Preset fromId(String id) {
        for (Preset p : values()) {
            if (p.id().equalsIgnoreCase(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown preset '" + id + "' (use one of ultrafast, superfast, veryfast, faster, fast, medium, slow)");
    }
}
