package io.lectern.api.media;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One elementary stream of a source or a rendition.
 *
 * @param id          the track's number within its source, unique per source (0, 1, …)
 * @param codec       what the packets (or frames, for raw codecs) carry
 * @param timeBase    the unit of the timestamps of this track's packets
 * @param video       picture format for video tracks, otherwise {@code null}
 * @param audio       sample format for audio tracks, otherwise {@code null}
 * @param codecConfig decoder configuration (avcC, hvcC, AudioSpecificConfig…); read-only, may be empty
 * @param bitrate     nominal bits per second, 0 if unknown
 */
public record Track(int id, Codec codec, TimeBase timeBase, VideoFormat video, AudioFormat audio,
                    ByteBuffer codecConfig, long bitrate) {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    public Track {
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(timeBase, "timeBase");
        if (codec.kind() == MediaKind.VIDEO && video == null) {
            throw new IllegalArgumentException("a video track needs a video format");
        }
        if (codec.kind() == MediaKind.AUDIO && audio == null) {
            throw new IllegalArgumentException("an audio track needs an audio format");
        }
        codecConfig = codecConfig == null ? EMPTY : codecConfig.asReadOnlyBuffer();
    }

    public static Track video(int id, Codec codec, TimeBase timeBase, VideoFormat format, ByteBuffer codecConfig, long bitrate) {
        return new Track(id, codec, timeBase, format, null, codecConfig, bitrate);
    }

    public static Track audio(int id, Codec codec, TimeBase timeBase, AudioFormat format, ByteBuffer codecConfig, long bitrate) {
        return new Track(id, codec, timeBase, null, format, codecConfig, bitrate);
    }

    public MediaKind kind() {
        return codec.kind();
    }

    /** The codec configuration as a fresh byte array. */
    public byte[] codecConfigBytes() {
        ByteBuffer b = codecConfig.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** A copy of this track with another codec configuration (set once the encoder knows it). */
    public Track withCodecConfig(ByteBuffer config) {
        return new Track(id, codec, timeBase, video, audio, config, bitrate);
    }

    /** A copy of this track with another id (renditions number their tracks themselves). */
    public Track withId(int newId) {
        return new Track(newId, codec, timeBase, video, audio, codecConfig, bitrate);
    }
}
