package io.lectern.api.media;

/** Sample rate, channel count and (for decoded audio) sample layout. */
public record AudioFormat(int sampleRate, int channels, SampleFormat sampleFormat) {

    public AudioFormat {
        if (sampleRate <= 0 || channels <= 0) {
            throw new IllegalArgumentException("audio format must be positive: " + sampleRate + " Hz, " + channels + " ch");
        }
        if (sampleFormat == null) {
            sampleFormat = SampleFormat.UNKNOWN;
        }
    }
}
