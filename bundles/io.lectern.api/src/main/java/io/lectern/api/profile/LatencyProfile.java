package io.lectern.api.profile;

/**
 * Everything a latency mode sets along the chain. Admins adjust a mode by overriding single values
 * of its {@link LatencyMode#defaults() defaults}.
 *
 * @param gopSeconds          keyframe interval; every rung uses the same, so renditions switch cleanly
 * @param segmentSeconds      target HLS/DASH segment duration (a multiple of the GOP)
 * @param partSeconds         LL-HLS part / chunked-CMAF chunk duration, 0 for none
 * @param liveWindowSeconds   how much the live playlist lists
 * @param dvrWindowSeconds    how far back viewers may seek (segments are kept this long)
 * @param preset              encoder speed preset
 * @param tune                encoder tuning
 * @param bitrateFactor       multiplies each rung's nominal bitrate (high quality spends more)
 * @param record              whether the session is kept as an on-demand recording by default
 */
public record LatencyProfile(double gopSeconds, double segmentSeconds, double partSeconds,
                             int liveWindowSeconds, int dvrWindowSeconds, Preset preset, Tune tune,
                             double bitrateFactor, boolean record) {

    public LatencyProfile {
        if (gopSeconds <= 0 || segmentSeconds <= 0) {
            throw new IllegalArgumentException("GOP and segment durations must be positive");
        }
        if (segmentSeconds + 1e-9 < gopSeconds) {
            throw new IllegalArgumentException("a segment (" + segmentSeconds + " s) cannot be shorter than the GOP (" + gopSeconds + " s)");
        }
        if (partSeconds < 0 || partSeconds > segmentSeconds) {
            throw new IllegalArgumentException("part duration must be between 0 and the segment duration");
        }
        if (liveWindowSeconds < segmentSeconds * 3 || dvrWindowSeconds < liveWindowSeconds) {
            throw new IllegalArgumentException("the live window must hold at least 3 segments, and the DVR window at least the live window");
        }
        if (preset == null || tune == null || bitrateFactor <= 0) {
            throw new IllegalArgumentException("preset, tune and a positive bitrate factor are required");
        }
    }

    /** Low-latency HLS (parts, preload hints, blocking reload) is on. */
    public boolean lowLatency() {
        return partSeconds > 0;
    }

    /**
     * How long an ingest may gather input before handing it on: a twentieth of a part, or of a segment
     * where there are no parts (17 ms in low-latency, 100 ms in tutorial mode). Each hand-off wakes a
     * thread, which costs more CPU than the bytes it carries; one twentieth adds a delay no viewer notices.
     *
     * @since 1.1
     */
    public int inputBatchMillis() {
        return (int) Math.round(1000 * (lowLatency() ? partSeconds : segmentSeconds) / 20);
    }

    public LatencyProfile withPreset(Preset p) {
        return new LatencyProfile(gopSeconds, segmentSeconds, partSeconds, liveWindowSeconds, dvrWindowSeconds, p, tune, bitrateFactor, record);
    }

    public LatencyProfile withTune(Tune t) {
        return new LatencyProfile(gopSeconds, segmentSeconds, partSeconds, liveWindowSeconds, dvrWindowSeconds, preset, t, bitrateFactor, record);
    }

    public LatencyProfile withDvrWindow(int seconds) {
        return new LatencyProfile(gopSeconds, segmentSeconds, partSeconds, liveWindowSeconds, seconds, preset, tune, bitrateFactor, record);
    }

    public LatencyProfile withRecord(boolean r) {
        return new LatencyProfile(gopSeconds, segmentSeconds, partSeconds, liveWindowSeconds, dvrWindowSeconds, preset, tune, bitrateFactor, r);
    }
}
