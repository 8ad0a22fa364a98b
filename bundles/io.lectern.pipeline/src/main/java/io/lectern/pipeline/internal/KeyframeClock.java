package io.lectern.pipeline.internal;

/**
 * Decides which source pictures start a GOP, so that every rung gets its keyframes on the same
 * pictures. Keyframes come every GOP length and also at every segment length, counted from the
 * last segment start: a 4 s GOP in 6 s segments gives keyframes at 0, 4, 6, 10, 12 s, and each
 * segment lasts 6 s instead of growing to the next multiple of the GOP.
 */
final class KeyframeClock {

    private final double gopSeconds;
    private final double segmentSeconds;
    private double nextKey = Double.NEGATIVE_INFINITY;
    private double nextSegment = Double.NEGATIVE_INFINITY;

    KeyframeClock(double gopSeconds, double segmentSeconds) {
        this.gopSeconds = gopSeconds;
        this.segmentSeconds = segmentSeconds;
    }

    /** Whether the picture at {@code t} seconds starts a GOP; call once per picture, in order. */
    boolean isKey(double t) {
        if (t < nextKey && t >= nextKey - 2 * gopSeconds) {
            return false;
        }
        // The first picture, a jump in time (a new publisher) or a gap longer than a GOP starts the grid over.
        boolean restart = nextKey == Double.NEGATIVE_INFINITY || t - nextKey > gopSeconds || t < nextKey - 2 * gopSeconds;
        double key = restart ? t : nextKey;
        if (restart || key >= nextSegment) {
            nextSegment = key + segmentSeconds;
        }
        nextKey = Math.min(key + gopSeconds, nextSegment);
        return true;
    }
}
