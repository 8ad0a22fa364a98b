package io.lectern.api.plugin;

import java.util.Objects;

import io.lectern.api.media.AudioFormat;
import io.lectern.api.media.MediaKind;
import io.lectern.api.media.TimeBase;
import io.lectern.api.media.VideoFormat;
import io.lectern.api.profile.Preset;
import io.lectern.api.profile.Tune;

/**
 * What an encoder session must produce.
 *
 * @param kind          video or audio
 * @param input         picture format of the frames it gets (video): the decoded source, shared by all rungs
 * @param output        picture size and rate to produce (video); the encoder scales and drops frames
 *                      itself, so each rung's scaling runs on that rung's thread
 * @param audioInput    sample format of the frames it gets (audio)
 * @param timeBase      time base of the input frames' timestamps and of the output packets
 * @param bitrate       target bits per second, also the VBV maxrate; encoders use a VBV buffer of two
 *                      seconds' worth (bufsize = 2 x bitrate)
 * @param gopFrames     keyframe interval in frames (video); keyframes also come where a frame asks
 * @param preset        speed preset
 * @param tune          tuning
 */
public record EncoderConfig(MediaKind kind, VideoFormat input, VideoFormat output, AudioFormat audioInput, TimeBase timeBase,
                            long bitrate, int gopFrames, Preset preset, Tune tune) {

    public EncoderConfig {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(timeBase, "timeBase");
        if (kind == MediaKind.VIDEO && (input == null || output == null || gopFrames <= 0)) {
            throw new IllegalArgumentException("a video encoder needs input and output formats and a keyframe interval");
        }
        if (kind == MediaKind.AUDIO && audioInput == null) {
            throw new IllegalArgumentException("an audio encoder needs an input format");
        }
        if (bitrate <= 0) {
            throw new IllegalArgumentException("bitrate must be positive");
        }
        preset = preset == null ? Preset.VERYFAST : preset;
        tune = tune == null ? Tune.NONE : tune;
    }

    public static EncoderConfig video(VideoFormat input, VideoFormat output, TimeBase timeBase, long bitrate, int gopFrames, Preset preset, Tune tune) {
        return new EncoderConfig(MediaKind.VIDEO, input, output, null, timeBase, bitrate, gopFrames, preset, tune);
    }

    public static EncoderConfig audio(AudioFormat input, TimeBase timeBase, long bitrate) {
        return new EncoderConfig(MediaKind.AUDIO, null, null, input, timeBase, bitrate, 1, null, null);
    }
}
