package io.lectern.api.media;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One compressed access unit (a video picture, a run of audio samples).
 * <p>
 * Packets are immutable and may be handed to several consumers on several threads at once: the
 * payload is read-only and each reader takes its own {@link ByteBuffer#duplicate() duplicate}.
 *
 * @param trackId    the {@link Track#id()} this packet belongs to
 * @param pts        presentation time in {@code timeBase}
 * @param dts        decode time in {@code timeBase} (equal to pts without B-frames)
 * @param duration   duration in {@code timeBase}, 0 if unknown
 * @param flags      {@link #KEYFRAME}, {@link #DISCONTINUITY}
 */
public record Packet(int trackId, long pts, long dts, long duration, TimeBase timeBase, int flags, ByteBuffer data) {

    /** A random access point: decoding can start here. */
    public static final int KEYFRAME = 1;
    /** Timestamps jump here (the publisher reconnected); players must not expect continuity. */
    public static final int DISCONTINUITY = 2;

    public Packet {
        Objects.requireNonNull(timeBase, "timeBase");
        Objects.requireNonNull(data, "data");
        data = data.isReadOnly() ? data : data.asReadOnlyBuffer();
    }

    public boolean isKeyframe() {
        return (flags & KEYFRAME) != 0;
    }

    public boolean isDiscontinuity() {
        return (flags & DISCONTINUITY) != 0;
    }

    /** Payload size in bytes. */
    public int size() {
        return data.remaining();
    }

    /** A view of the payload that the caller may read (position/limit) freely. */
    public ByteBuffer payload() {
        return data.duplicate();
    }

    /** The same packet with timestamps moved by {@code offset} (in this packet's time base). */
    public Packet shifted(long offset) {
        return new Packet(trackId, pts + offset, dts + offset, duration, timeBase, flags, data);
    }

    public Packet withTrackId(int id) {
        return new Packet(id, pts, dts, duration, timeBase, flags, data);
    }

    public Packet withFlags(int newFlags) {
        return new Packet(trackId, pts, dts, duration, timeBase, newFlags, data);
    }

    /** Presentation time in seconds. */
    public double ptsSeconds() {
        return timeBase.seconds(pts);
    }
}
