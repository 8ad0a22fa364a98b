package io.lectern.api.media;

/**
 * Picture size and rate of a video track or frame.
 *
 * @param frameRate frames per second as a fraction (e.g. 30000/1001), or {@code null} if unknown
 * @param pixelFormat the layout of decoded pictures; {@link PixelFormat#UNKNOWN} for compressed tracks
 *                    whose decoder decides
 */
public record VideoFormat(int width, int height, TimeBase frameRate, PixelFormat pixelFormat) {

    public VideoFormat {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("video size must be positive: " + width + "x" + height);
        }
        if (pixelFormat == null) {
            pixelFormat = PixelFormat.UNKNOWN;
        }
    }

    /** Frames per second, or 0 if unknown. */
    public double fps() {
        return frameRate == null ? 0 : frameRate.num() / (double) frameRate.den();
    }
}
