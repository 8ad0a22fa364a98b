package io.lectern.api.media;

/** Layouts of decoded pictures that travel between plugins. */
public enum PixelFormat {
    UNKNOWN(0),
    /** Planar 4:2:0, three planes: what x264 and most decoders use. */
    YUV420P(3),
    /** Semi-planar 4:2:0, two planes: what NVENC, QSV and VA-API prefer. */
    NV12(2),
    /** Packed 8-bit BGRA, one plane: screen captures and slates. */
    BGRA(1);

    private final int planes;

    PixelFormat(int planes) {
        this.planes = planes;
    }

    public int planes() {
        return planes;
    }
}
