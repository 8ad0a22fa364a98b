package io.lectern.cmaf.internal;

/**
 * One media sample waiting to be written. Times are in the track's time base.
 *
 * @param dts             decode time, moved so the stream never starts below zero
 * @param compositionOffset pts minus dts
 * @param packetDuration  the duration the packet came with, 0 if unknown
 * @param capturedMillis  wall-clock time the sample was captured (see CaptureClock)
 */
public record Sample(byte[] data, long dts, long compositionOffset, long packetDuration, boolean keyframe,
                     long capturedMillis) {
}
