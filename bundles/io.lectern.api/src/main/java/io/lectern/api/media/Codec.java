package io.lectern.api.media;

/**
 * Codecs Lectern knows by name. {@link #RAW_VIDEO} and {@link #RAW_AUDIO} mark tracks that carry
 * decoded {@link Frame}s instead of packets (WebRTC ingest, for example, delivers decoded frames).
 */
public enum Codec {
    H264(MediaKind.VIDEO, "avc1"),
    HEVC(MediaKind.VIDEO, "hvc1"),
    AV1(MediaKind.VIDEO, "av01"),
    VP8(MediaKind.VIDEO, "vp08"),
    VP9(MediaKind.VIDEO, "vp09"),
    RAW_VIDEO(MediaKind.VIDEO, "raw"),
    AAC(MediaKind.AUDIO, "mp4a"),
    OPUS(MediaKind.AUDIO, "Opus"),
    MP3(MediaKind.AUDIO, "mp3"),
    RAW_AUDIO(MediaKind.AUDIO, "raw"),
    TIMED_METADATA(MediaKind.DATA, "meta");

    private final MediaKind kind;
    private final String fourcc;

    Codec(MediaKind kind, String fourcc) {
        this.kind = kind;
        this.fourcc = fourcc;
    }

    public MediaKind kind() {
        return kind;
    }

    /** The ISO BMFF sample entry name, the start of an RFC 6381 codecs string. */
    public String fourcc() {
        return fourcc;
    }

    public boolean isRaw() {
        return this == RAW_VIDEO || this == RAW_AUDIO;
    }
}
