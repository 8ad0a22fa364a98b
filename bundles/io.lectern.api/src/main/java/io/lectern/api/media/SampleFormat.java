package io.lectern.api.media;

/** Layouts of decoded audio samples. */
public enum SampleFormat {
    UNKNOWN,
    /** Interleaved signed 16-bit. */
    S16,
    /** Planar 32-bit float, one plane per channel: what the AAC encoder takes. */
    FLTP,
    /** Interleaved 32-bit float. */
    FLT
}
