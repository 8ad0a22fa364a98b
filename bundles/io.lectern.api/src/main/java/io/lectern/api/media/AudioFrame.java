package io.lectern.api.media;

import java.nio.ByteBuffer;

/** Decoded audio: {@code samples} samples per channel, planar (one plane per channel) or interleaved. */
public final class AudioFrame extends Frame {

    private final AudioFormat format;
    private final int samples;

    public AudioFrame(AudioFormat format, long pts, TimeBase timeBase, int samples, ByteBuffer[] planes, Runnable onFree) {
        super(pts, timeBase, planes, onFree);
        this.format = format;
        this.samples = samples;
    }

    public AudioFormat format() {
        return format;
    }

    public int samples() {
        return samples;
    }
}
