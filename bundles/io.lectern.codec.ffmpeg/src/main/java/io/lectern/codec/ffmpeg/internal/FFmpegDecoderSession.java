package io.lectern.codec.ffmpeg.internal;

import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_copy;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_clone;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_mallocz;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert_frame;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import java.nio.ByteBuffer;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;

import io.lectern.api.media.AudioFormat;
import io.lectern.api.media.AudioFrame;
import io.lectern.api.media.Frame;
import io.lectern.api.media.MediaKind;
import io.lectern.api.media.Packet;
import io.lectern.api.media.PixelFormat;
import io.lectern.api.media.SampleFormat;
import io.lectern.api.media.TimeBase;
import io.lectern.api.media.Track;
import io.lectern.api.media.VideoFormat;
import io.lectern.api.media.VideoFrame;
import io.lectern.api.plugin.DecoderSession;
import io.lectern.api.plugin.FrameSink;
import io.lectern.api.plugin.PluginException;
import io.lectern.ffmpeg.FFmpeg;
import io.lectern.ffmpeg.Formats;

/**
 * One libavcodec decoder. Pictures come out as YUV420P (or NV12 when asked for), audio as FLTP.
 * Frames already in that layout are handed out without a copy: each Lectern frame holds its own
 * reference to the AVFrame's buffers and drops it when its last holder releases it.
 */
final class FFmpegDecoderSession implements DecoderSession {

    private final Track track;
    private final TimeBase timeBase;
    private final PixelFormat pictureFormat;
    private AVCodecContext ctx;
    private AVPacket packet;
    private AVFrame frame;
    private BytePointer input;
    private SwsContext sws;
    private SwrContext swr;
    private long nextAudioPts = AV_NOPTS_VALUE;

    FFmpegDecoderSession(Track track, int codecId, PixelFormat preferred, int threads) throws PluginException {
        this.track = track;
        this.timeBase = track.timeBase();
        this.pictureFormat = preferred == PixelFormat.NV12 ? PixelFormat.NV12 : PixelFormat.YUV420P;
        AVCodec codec = avcodec_find_decoder(codecId);
        if (codec == null || codec.isNull()) {
            throw new PluginException("this FFmpeg build has no decoder for " + track.codec(), null, true);
        }
        ctx = avcodec_alloc_context3(codec);
        try {
            FFmpeg.set(ctx.pkt_timebase(), timeBase);
            ctx.thread_count(threads);
            byte[] config = track.codecConfigBytes();
            if (config.length > 0) {
                // libavcodec reads avcC/hvcC/AudioSpecificConfig itself; it wants padded, av_malloc'ed memory.
                BytePointer extra = new BytePointer(av_mallocz(config.length + AV_INPUT_BUFFER_PADDING_SIZE));
                extra.put(config);
                ctx.extradata(extra).extradata_size(config.length);
            }
            if (track.kind() == MediaKind.VIDEO) {
                ctx.width(track.video().width()).height(track.video().height());
            } else {
                ctx.sample_rate(track.audio().sampleRate());
                av_channel_layout_default(ctx.ch_layout(), track.audio().channels());
            }
            FFmpeg.check(avcodec_open2(ctx, codec, (AVDictionary) null), "opening the " + track.codec() + " decoder");
            packet = av_packet_alloc();
            frame = av_frame_alloc();
        } catch (PluginException | RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public void decode(Packet p, FrameSink out) throws PluginException {
        if (ctx == null) {
            throw new IllegalStateException("decoder closed");
        }
        int size = p.size();
        if (input == null || input.capacity() < size + AV_INPUT_BUFFER_PADDING_SIZE) {
            if (input != null) {
                input.close();
            }
            input = new BytePointer(size + AV_INPUT_BUFFER_PADDING_SIZE);
            input.fill(0);
        }
        input.position(0).limit(size).asByteBuffer().put(p.payload());
        packet.data(input).size(size);
        packet.pts(p.timeBase().equals(timeBase) ? p.pts() : p.timeBase().rescale(p.pts(), timeBase));
        packet.dts(p.timeBase().equals(timeBase) ? p.dts() : p.timeBase().rescale(p.dts(), timeBase));
        packet.flags(p.isKeyframe() ? AV_PKT_FLAG_KEY : 0);
        // The packet has no buffer of its own, so libavcodec copies the bytes it keeps.
        int ret = avcodec_send_packet(ctx, packet);
        if (ret == AVERROR_EAGAIN()) {
            drain(out);
            ret = avcodec_send_packet(ctx, packet);
        }
        FFmpeg.check(ret, "decoding " + track.codec());
        drain(out);
    }

    @Override
    public void flush(FrameSink out) throws PluginException {
        if (ctx == null) {
            return;
        }
        FFmpeg.check(avcodec_send_packet(ctx, null), "flushing the " + track.codec() + " decoder");
        drain(out);
        // Ready for more packets: a publisher may come back to the same stream.
        avcodec_flush_buffers(ctx);
        nextAudioPts = AV_NOPTS_VALUE;
    }

    private void drain(FrameSink out) throws PluginException {
        while (true) {
            int ret = avcodec_receive_frame(ctx, frame);
            if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF) {
                return;
            }
            FFmpeg.check(ret, "decoding " + track.codec());
            Frame f;
            try {
                f = ctx.codec_type() == AVMEDIA_TYPE_VIDEO ? picture(frame) : audio(frame);
            } finally {
                av_frame_unref(frame);
            }
            try {
                out.accept(f);
            } finally {
                f.release();
            }
        }
    }

    private long pts(AVFrame f) {
        long pts = f.best_effort_timestamp();
        return pts == AV_NOPTS_VALUE ? f.pts() : pts;
    }

    private VideoFrame picture(AVFrame f) throws PluginException {
        int fmt = f.format() == AV_PIX_FMT_YUVJ420P ? Formats.av(PixelFormat.YUV420P) : f.format();
        AVFrame own;
        if (fmt == Formats.av(pictureFormat)) {
            own = av_frame_clone(f);
        } else {
            own = convert(f);
        }
        int planes = pictureFormat.planes();
        ByteBuffer[] data = new ByteBuffer[planes];
        int[] strides = new int[planes];
        for (int i = 0; i < planes; i++) {
            strides[i] = own.linesize(i);
            data[i] = own.data(i).capacity((long) strides[i] * Formats.planeRows(pictureFormat, i, own.height())).asByteBuffer();
        }
        VideoFormat format = new VideoFormat(own.width(), own.height(), track.video().frameRate(), pictureFormat);
        AVFrame held = own;
        return new VideoFrame(format, pts(f), timeBase, data, strides, false, () -> av_frame_free(held));
    }

    private AVFrame convert(AVFrame f) throws PluginException {
        int target = Formats.av(pictureFormat);
        sws = sws_getCachedContext(sws, f.width(), f.height(), f.format(), f.width(), f.height(), target,
                SWS_BICUBIC, null, null, (DoublePointer) null);
        if (sws == null || sws.isNull()) {
            throw new PluginException("cannot convert the decoded pictures (pixel format " + f.format() + ")");
        }
        AVFrame own = av_frame_alloc();
        own.format(target).width(f.width()).height(f.height());
        int ret = av_frame_get_buffer(own, 0);
        if (ret < 0) {
            av_frame_free(own);
            FFmpeg.check(ret, "allocating a picture");
        }
        sws_scale(sws, f.data(), f.linesize(), 0, f.height(), own.data(), own.linesize());
        return own;
    }

    private AudioFrame audio(AVFrame f) throws PluginException {
        AVFrame own;
        if (f.format() == AV_SAMPLE_FMT_FLTP) {
            own = av_frame_clone(f);
        } else {
            if (swr == null) {
                swr = swr_alloc();
            }
            own = av_frame_alloc();
            own.format(AV_SAMPLE_FMT_FLTP).sample_rate(f.sample_rate());
            av_channel_layout_copy(own.ch_layout(), f.ch_layout());
            int ret = swr_convert_frame(swr, own, f);
            if (ret < 0) {
                av_frame_free(own);
                FFmpeg.check(ret, "converting decoded audio to float");
            }
        }
        int channels = own.ch_layout().nb_channels();
        int samples = own.nb_samples();
        ByteBuffer[] planes = new ByteBuffer[channels];
        for (int i = 0; i < channels; i++) {
            planes[i] = new BytePointer(own.extended_data(i)).capacity(samples * 4L).asByteBuffer();
        }
        long pts = pts(f);
        if (pts == AV_NOPTS_VALUE) {
            pts = nextAudioPts == AV_NOPTS_VALUE ? 0 : nextAudioPts;
        }
        nextAudioPts = pts + TimeBase.of(1, own.sample_rate()).rescale(samples, timeBase);
        AudioFormat format = new AudioFormat(own.sample_rate(), channels, SampleFormat.FLTP);
        AVFrame held = own;
        return new AudioFrame(format, pts, timeBase, samples, planes, () -> av_frame_free(held));
    }

    @Override
    public void close() {
        if (frame != null) {
            av_frame_free(frame);
            frame = null;
        }
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        if (ctx != null) {
            avcodec_free_context(ctx);
            ctx = null;
        }
        if (input != null) {
            input.close();
            input = null;
        }
        if (sws != null) {
            sws_freeContext(sws);
            sws = null;
        }
        if (swr != null) {
            swr_free(swr);
            swr = null;
        }
    }
}
