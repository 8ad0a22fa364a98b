package io.lectern.api.media;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A decoded picture or run of audio samples, shared by reference count.
 * <p>
 * Planes are direct buffers and may point into native memory owned by a decoder; the owner's
 * release action runs when the last holder calls {@link #release()}. A consumer that keeps a frame
 * beyond the call that handed it over (to queue it for another thread, say) calls {@link #retain()}
 * first. Decode once, fan out to every rung: that is why frames count references.
 */
public abstract sealed class Frame permits VideoFrame, AudioFrame {

    private final long pts;
    private final TimeBase timeBase;
    private final ByteBuffer[] planes;
    private final Runnable onFree;
    private final AtomicInteger refs = new AtomicInteger(1);

    protected Frame(long pts, TimeBase timeBase, ByteBuffer[] planes, Runnable onFree) {
        this.pts = pts;
        this.timeBase = timeBase;
        this.planes = planes.clone();
        this.onFree = onFree;
    }

    public long pts() {
        return pts;
    }

    public TimeBase timeBase() {
        return timeBase;
    }

    public int planeCount() {
        return planes.length;
    }

    /** A view of plane {@code i}; its position and limit are the caller's to move. */
    public ByteBuffer plane(int i) {
        ensureLive();
        return planes[i].duplicate();
    }

    /** Takes one more reference; each retain is paired with one release. */
    public Frame retain() {
        int before = refs.getAndIncrement();
        if (before <= 0) {
            refs.decrementAndGet();
            throw new IllegalStateException("frame already released");
        }
        return this;
    }

    /** Gives up one reference; the last one frees the frame's memory. */
    public void release() {
        int left = refs.decrementAndGet();
        if (left == 0 && onFree != null) {
            onFree.run();
        } else if (left < 0) {
            throw new IllegalStateException("frame released more often than retained");
        }
    }

    public int refCount() {
        return refs.get();
    }

    private void ensureLive() {
        if (refs.get() <= 0) {
            throw new IllegalStateException("frame already released");
        }
    }
}
