package io.lectern.codec.ffmpeg.internal;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_free;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_read;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_reset;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_size;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_write;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;

import java.util.Map;

import org.bytedeco.ffmpeg.avutil.AVAudioFifo;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

import io.lectern.api.media.AudioFormat;
import io.lectern.api.media.AudioFrame;
import io.lectern.api.media.Codec;
import io.lectern.api.media.Frame;
import io.lectern.api.media.SampleFormat;
import io.lectern.api.media.TimeBase;
import io.lectern.api.media.Track;
import io.lectern.api.plugin.EncoderConfig;
import io.lectern.api.plugin.EncoderSession;
import io.lectern.api.plugin.PacketSink;
import io.lectern.api.plugin.PluginException;
import io.lectern.ffmpeg.EncoderCore;
import io.lectern.ffmpeg.FFmpeg;
import io.lectern.ffmpeg.PlanePointers;

/**
 * Takes FLTP frames of any length, cuts them into the encoder's 1024-sample frames with an
 * AVAudioFifo and counts timestamps in samples, re-anchoring when the input jumps.
 */
final class AacSession implements EncoderSession {

    private final int sampleRate;
    private final int channels;
    private final TimeBase sampleTime;
    private final EncoderCore core;
    private final Track track;
    private final int frameSize;
    private final PlanePointers pointers;
    private AVAudioFifo fifo;
    private AVFrame frame;
    private PointerPointer<BytePointer> planes;
    /** Timestamp, in samples, of the first sample in the fifo. */
    private long fifoPts = AV_NOPTS_VALUE;

    AacSession(EncoderConfig config) throws PluginException {
        AudioFormat in = config.audioInput();
        if (in.sampleFormat() != SampleFormat.FLTP) {
            throw new PluginException("the AAC encoder takes FLTP audio, not " + in.sampleFormat(), null, true);
        }
        this.sampleRate = in.sampleRate();
        this.channels = in.channels();
        this.sampleTime = TimeBase.of(1, sampleRate);
        this.core = new EncoderCore(AacEncoder.CODEC, ctx -> {
            ctx.sample_fmt(AV_SAMPLE_FMT_FLTP);
            ctx.sample_rate(sampleRate);
            av_channel_layout_default(ctx.ch_layout(), channels);
            ctx.bit_rate(config.bitrate());
            FFmpeg.set(ctx.time_base(), sampleTime);
            ctx.flags(ctx.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
        }, Map.of(), config.timeBase(), b -> b);
        this.frameSize = core.context().frame_size();
        this.track = Track.audio(0, Codec.AAC, config.timeBase(), new AudioFormat(sampleRate, channels, SampleFormat.UNKNOWN),
                core.extradata(), config.bitrate());
        this.pointers = new PlanePointers(channels);
        try {
            fifo = av_audio_fifo_alloc(AV_SAMPLE_FMT_FLTP, channels, frameSize * 4);
            frame = av_frame_alloc();
            frame.format(AV_SAMPLE_FMT_FLTP).sample_rate(sampleRate).nb_samples(frameSize);
            av_channel_layout_default(frame.ch_layout(), channels);
            FFmpeg.check(av_frame_get_buffer(frame, 0), "allocating an audio frame");
            planes = new PointerPointer<>(channels);
        } catch (PluginException | RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public Track track() {
        return track;
    }

    @Override
    public void encode(Frame f, PacketSink out) throws PluginException {
        if (!(f instanceof AudioFrame a)) {
            throw new PluginException("the AAC encoder takes audio frames, not " + f.getClass().getSimpleName());
        }
        if (fifo == null) {
            throw new IllegalStateException("session closed");
        }
        AudioFormat fmt = a.format();
        if (fmt.sampleFormat() != SampleFormat.FLTP || fmt.channels() != channels || fmt.sampleRate() != sampleRate) {
            throw new PluginException("the AAC encoder was opened for " + sampleRate + " Hz, " + channels
                    + " channels FLTP and got " + fmt.sampleRate() + " Hz, " + fmt.channels() + " channels " + fmt.sampleFormat());
        }
        long pts = a.timeBase().rescale(a.pts(), sampleTime);
        long expected = fifoPts + av_audio_fifo_size(fifo);
        if (fifoPts == AV_NOPTS_VALUE || Math.abs(pts - expected) > sampleRate / 10) {
            // First frame, or the source jumped (a reconnect): count from the new time.
            fifoPts = pts - av_audio_fifo_size(fifo);
        }
        for (int i = 0; i < channels; i++) {
            planes.put(i, pointers.pointer(i, a.plane(i)));
        }
        if (av_audio_fifo_write(fifo, planes, a.samples()) < a.samples()) {
            throw new PluginException("out of memory for audio samples");
        }
        while (av_audio_fifo_size(fifo) >= frameSize) {
            send(frameSize, out);
        }
    }

    private void send(int samples, PacketSink out) throws PluginException {
        // Full size first: make_writable reallocates at the frame's current size.
        frame.nb_samples(frameSize);
        FFmpeg.check(av_frame_make_writable(frame), "allocating an audio frame");
        av_audio_fifo_read(fifo, frame.data(), samples);
        frame.nb_samples(samples);
        frame.pts(fifoPts);
        fifoPts += samples;
        core.encode(frame, out);
    }

    @Override
    public void flush(PacketSink out) throws PluginException {
        if (fifo == null) {
            return;
        }
        int left = av_audio_fifo_size(fifo);
        if (left > 0) {
            send(left, out);
        }
        core.flush(out);
        av_audio_fifo_reset(fifo);
        fifoPts = AV_NOPTS_VALUE;
    }

    @Override
    public void close() {
        core.close();
        if (pointers != null) {
            pointers.close();
        }
        if (fifo != null) {
            av_audio_fifo_free(fifo);
            fifo = null;
        }
        if (frame != null) {
            av_frame_free(frame);
            frame = null;
        }
        if (planes != null) {
            planes.close();
            planes = null;
        }
    }
}
