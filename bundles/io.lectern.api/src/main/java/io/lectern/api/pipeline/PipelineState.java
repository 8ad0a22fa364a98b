package io.lectern.api.pipeline;

import java.util.Locale;

/** Where a stream's pipeline stands. */
public enum PipelineState {
    /** Started; waiting for a publisher (listener ingest) or for the first media. */
    WAITING,
    /** Media flows to every output. */
    LIVE,
    /** Media flows, but an output is missing or failing (see the reason). */
    DEGRADED,
    /** Cannot run: a plugin it needs is missing or failed (see the reason). Starts again when it returns. */
    BLOCKED,
    /** Stopped by an admin. */
    STOPPED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
