package io.lectern.cmaf;

/**
 * When a stream's media was captured, as wall-clock time: the program date-time players are given.
 * The ingest reports each frame or packet as it arrives ({@link #arrived}); the clock keeps the
 * earliest arrival seen for a media time (the one least held up on its way) and maps media time to
 * wall-clock time from there. Segments are then dated by when their pictures came in, not by when
 * the encoder let them out, so the delay players show includes the encoder's.
 * <p>
 * One clock serves every rendition of a stream. Safe for any thread.
 */
public final class CaptureClock {

    private long offsetMillis;
    private boolean anchored;

    /** Something with presentation time {@code mediaSeconds} arrived just now. */
    public void arrived(double mediaSeconds) {
        arrived(mediaSeconds, System.currentTimeMillis());
    }

    /** Something with presentation time {@code mediaSeconds} arrived at {@code wallMillis}. */
    public synchronized void arrived(double mediaSeconds, long wallMillis) {
        long offset = wallMillis - Math.round(mediaSeconds * 1000);
        if (!anchored || offset < offsetMillis) {
            offsetMillis = offset;
            anchored = true;
        }
    }

    /** The timestamps start again (the publisher reconnected): forget the old mapping. */
    public synchronized void reset() {
        anchored = false;
    }

    /** The wall-clock time media time {@code mediaSeconds} was captured; now if nothing arrived yet. */
    public synchronized long wallMillis(double mediaSeconds) {
        return anchored ? offsetMillis + Math.round(mediaSeconds * 1000) : System.currentTimeMillis();
    }
}
