package io.lectern.api.media;

import java.nio.ByteBuffer;

/** A decoded picture: {@code format.pixelFormat().planes()} planes, each with its row stride. */
public final class VideoFrame extends Frame {

    private final VideoFormat format;
    private final int[] strides;
    private final boolean keyframe;

    public VideoFrame(VideoFormat format, long pts, TimeBase timeBase, ByteBuffer[] planes, int[] strides,
                      boolean keyframe, Runnable onFree) {
        super(pts, timeBase, planes, onFree);
        if (planes.length != strides.length) {
            throw new IllegalArgumentException("one stride per plane");
        }
        this.format = format;
        this.strides = strides.clone();
        this.keyframe = keyframe;
    }

    public VideoFormat format() {
        return format;
    }

    public int width() {
        return format.width();
    }

    public int height() {
        return format.height();
    }

    /** Bytes from the start of one row of plane {@code i} to the next. */
    public int stride(int i) {
        return strides[i];
    }

    /** Whether the encoder should make this picture a keyframe (used to align GOPs across rungs). */
    public boolean forceKeyframe() {
        return keyframe;
    }
}
