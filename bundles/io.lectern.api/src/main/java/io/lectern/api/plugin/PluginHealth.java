package io.lectern.api.plugin;

import java.util.Objects;

/** A plugin's own view of whether it can work, with a reason people can read. */
public record PluginHealth(State state, String reason) {

    public enum State {
        /** Ready to work. */
        UP,
        /** Works, but not fully (e.g. RTMPS off because the certificate is missing). */
        DEGRADED,
        /** Cannot work (e.g. no NVIDIA GPU for NVENC). */
        DOWN
    }

    public PluginHealth {
        Objects.requireNonNull(state, "state");
        reason = reason == null ? "" : reason;
    }

    public static PluginHealth up() {
        return new PluginHealth(State.UP, "");
    }

    public static PluginHealth degraded(String reason) {
        return new PluginHealth(State.DEGRADED, reason);
    }

    public static PluginHealth down(String reason) {
        return new PluginHealth(State.DOWN, reason);
    }

    public boolean isUsable() {
        return state != State.DOWN;
    }
}
