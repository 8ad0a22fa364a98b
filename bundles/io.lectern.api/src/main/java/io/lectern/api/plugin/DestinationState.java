package io.lectern.api.plugin;

import java.util.Objects;

/**
 * Where a destination stands, as the shell and dashboard show it: "connecting", "live",
 * "retrying in 8 s", "failed: stream key refused".
 */
public record DestinationState(Phase phase, String detail, long retryInMillis) {

    public enum Phase { IDLE, CONNECTING, LIVE, RETRYING, FAILED, STOPPED }

    public DestinationState {
        Objects.requireNonNull(phase, "phase");
        detail = detail == null ? "" : detail;
    }

    public static DestinationState of(Phase phase, String detail) {
        return new DestinationState(phase, detail, 0);
    }

    @Override
    public String toString() {
        String p = phase.name().toLowerCase(java.util.Locale.ROOT);
        if (phase == Phase.RETRYING) {
            return "retrying in " + Math.max(1, Math.round(retryInMillis / 1000.0)) + " s" + (detail.isEmpty() ? "" : " (" + detail + ")");
        }
        return detail.isEmpty() ? p : p + ": " + detail;
    }
}
