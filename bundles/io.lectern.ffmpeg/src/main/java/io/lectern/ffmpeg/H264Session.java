package io.lectern.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_I;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_NONE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;
import static org.bytedeco.ffmpeg.global.swscale.SWS_FAST_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import java.util.Map;

import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.DoublePointer;

import io.lectern.api.media.Codec;
import io.lectern.api.media.Frame;
import io.lectern.api.media.PixelFormat;
import io.lectern.api.media.Track;
import io.lectern.api.media.VideoFormat;
import io.lectern.api.media.VideoFrame;
import io.lectern.api.plugin.EncoderConfig;
import io.lectern.api.plugin.EncoderSession;
import io.lectern.api.plugin.PacketSink;
import io.lectern.api.plugin.PluginException;
import io.lectern.api.profile.Preset;

/**
 * An H.264 encoder session on any libavcodec H.264 encoder ({@code libx264}, {@code h264_nvenc},
 * {@code h264_qsv}…). It does what every H.264 rung needs: scales to the output size, drops frames
 * down to the output rate, honours {@link VideoFrame#forceKeyframe()}, asks for a global header and
 * hands out avcC plus length-prefixed packets in the config's time base. The caller adds what is
 * particular to its encoder (rate control details, presets) through {@code setup} and {@code options}.
 */
public final class H264Session implements EncoderSession {

    private final EncoderConfig config;
    private final EncoderCore core;
    private final Track track;
    private final PlanePointers pointers = new PlanePointers(4);
    private final int scaleFlags;
    /** Seconds between kept frames when the output rate is below the input rate, else 0. */
    private final double keepInterval;
    private AVFrame source;
    private AVFrame scaled;
    private SwsContext sws;
    private double nextKeep = Double.NEGATIVE_INFINITY;
    private long lastPts = Long.MIN_VALUE;

    /**
     * @param codecName libavcodec's encoder name
     * @param config    what to produce; the codec time base is the config's time base
     * @param setup     encoder-specific context fields, applied after the common ones
     * @param options   encoder private options
     */
    public H264Session(String codecName, EncoderConfig config, EncoderCore.Setup setup, Map<String, String> options)
            throws PluginException {
        this.config = config;
        VideoFormat out = config.output();
        this.scaleFlags = config.preset() == Preset.ULTRAFAST ? SWS_FAST_BILINEAR : SWS_BICUBIC;
        double inFps = config.input().fps();
        double outFps = out.fps();
        this.keepInterval = outFps > 0 && (inFps <= 0 || outFps < inFps - 0.01) ? 1 / outFps : 0;
        this.core = new EncoderCore(codecName, ctx -> {
            common(ctx, config);
            setup.apply(ctx);
        }, options, config.timeBase(), Avc::toLengthPrefixed);
        try {
            this.track = Track.video(0, Codec.H264, config.timeBase(),
                    new VideoFormat(out.width(), out.height(), out.frameRate(), PixelFormat.UNKNOWN),
                    Avc.avcC(core.extradata()), config.bitrate());
            source = av_frame_alloc();
        } catch (RuntimeException e) {
            core.close();
            throw new PluginException(codecName + " gave no usable H.264 header: " + e.getMessage(), e, true);
        }
    }

    private static void common(AVCodecContext ctx, EncoderConfig config) {
        VideoFormat out = config.output();
        ctx.width(out.width());
        ctx.height(out.height());
        ctx.pix_fmt(AV_PIX_FMT_YUV420P);
        FFmpeg.set(ctx.time_base(), config.timeBase());
        if (out.frameRate() != null) {
            FFmpeg.set(ctx.framerate(), out.frameRate());
        }
        ctx.bit_rate(config.bitrate());
        // CBR-like: never above the target over a two-second buffer, so rungs stay within their bandwidth.
        ctx.rc_max_rate(config.bitrate());
        ctx.rc_buffer_size((int) Math.min(Integer.MAX_VALUE, 2 * config.bitrate()));
        ctx.gop_size(config.gopFrames());
        ctx.keyint_min(config.gopFrames());
        ctx.flags(ctx.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
    }

    @Override
    public Track track() {
        return track;
    }

    @Override
    public void encode(Frame frame, PacketSink out) throws PluginException {
        if (!(frame instanceof VideoFrame v)) {
            throw new PluginException("an H.264 encoder takes video frames, not " + frame.getClass().getSimpleName());
        }
        if (source == null) {
            throw new IllegalStateException("session closed");
        }
        if (v.pts() <= lastPts || !keep(v)) {
            return;
        }
        lastPts = v.pts();
        int inFmt = Formats.av(v.format().pixelFormat());
        if (inFmt < 0) {
            throw new PluginException("the frame has no known pixel format");
        }
        for (int i = 0; i < v.planeCount(); i++) {
            source.data(i, pointers.pointer(i, v.plane(i)));
            source.linesize(i, v.stride(i));
        }
        source.format(inFmt).width(v.width()).height(v.height());
        AVFrame send = source;
        VideoFormat o = config.output();
        if (inFmt != AV_PIX_FMT_YUV420P || v.width() != o.width() || v.height() != o.height()) {
            send = scale(v, inFmt);
        }
        send.pts(config.timeBase().equals(v.timeBase()) ? v.pts() : v.timeBase().rescale(v.pts(), config.timeBase()));
        send.pict_type(v.forceKeyframe() ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE);
        // A frame without buffers of its own is copied by libavcodec, so the caller keeps its planes.
        core.encode(send, out);
    }

    /** Keeps frames at the output rate; a frame that must start a GOP is always kept, so rungs stay aligned. */
    private boolean keep(VideoFrame v) {
        if (keepInterval == 0) {
            return true;
        }
        double t = v.timeBase().seconds(v.pts());
        boolean due = t >= nextKeep - keepInterval / 2;
        if (!due && !v.forceKeyframe()) {
            return false;
        }
        // Start counting afresh after a forced frame or a gap; otherwise keep an even cadence.
        nextKeep = !due || t - nextKeep > keepInterval ? t + keepInterval : nextKeep + keepInterval;
        return true;
    }

    private AVFrame scale(VideoFrame v, int inFmt) throws PluginException {
        VideoFormat o = config.output();
        sws = sws_getCachedContext(sws, v.width(), v.height(), inFmt, o.width(), o.height(), AV_PIX_FMT_YUV420P,
                scaleFlags, null, null, (DoublePointer) null);
        if (sws == null || sws.isNull()) {
            throw new PluginException("cannot scale " + v.width() + "x" + v.height() + " to " + o.width() + "x" + o.height());
        }
        if (scaled == null) {
            scaled = av_frame_alloc();
            scaled.format(AV_PIX_FMT_YUV420P).width(o.width()).height(o.height());
            FFmpeg.check(av_frame_get_buffer(scaled, 0), "allocating a scaled picture");
        }
        // The encoder may still hold the last picture; this copies only in that case.
        FFmpeg.check(av_frame_make_writable(scaled), "allocating a scaled picture");
        sws_scale(sws, source.data(), source.linesize(), 0, v.height(), scaled.data(), scaled.linesize());
        return scaled;
    }

    @Override
    public void flush(PacketSink out) throws PluginException {
        core.flush(out);
        lastPts = Long.MIN_VALUE;
        nextKeep = Double.NEGATIVE_INFINITY;
    }

    @Override
    public void close() {
        core.close();
        pointers.close();
        if (source != null) {
            av_frame_free(source);
            source = null;
        }
        if (scaled != null) {
            av_frame_free(scaled);
            scaled = null;
        }
        if (sws != null) {
            sws_freeContext(sws);
            sws = null;
        }
    }
}
