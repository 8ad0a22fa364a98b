package io.lectern.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_count;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_get;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.avutil.AVFrame;

import io.lectern.api.media.Packet;
import io.lectern.api.media.TimeBase;
import io.lectern.api.plugin.PacketSink;
import io.lectern.api.plugin.PluginException;

/**
 * One libavcodec encoder found by name ({@code libx264}, {@code h264_nvenc}, {@code aac}…): opens
 * it, sends frames, turns what comes out into {@link Packet}s. After {@link #flush} the encoder is
 * spent, so the next frame opens a fresh one with the same settings (a publisher may come back).
 * Used from one thread at a time.
 */
public final class EncoderCore implements AutoCloseable {

    /** Fills the codec context's fields before it opens. */
    @FunctionalInterface
    public interface Setup {
        void apply(AVCodecContext context) throws PluginException;
    }

    private final String codecName;
    private final Setup setup;
    private final Map<String, String> options;
    private final TimeBase packetTimeBase;
    private final UnaryOperator<ByteBuffer> payload;
    private AVCodecContext context;
    private AVPacket packet;
    private TimeBase codecTimeBase;
    private boolean spent;
    private boolean closed;

    /**
     * Opens the encoder.
     *
     * @param codecName      libavcodec's name of the encoder
     * @param setup          sets size, formats, time base, rates; the time base it sets is the one frames use
     * @param options        private options of the encoder (e.g. {@code preset}); an option the encoder does not know is an error
     * @param packetTimeBase time base of the packets handed out
     * @param payload        turns the encoder's bytes into the packet payload (e.g. Annex B to length prefixes)
     */
    public EncoderCore(String codecName, Setup setup, Map<String, String> options, TimeBase packetTimeBase,
                       UnaryOperator<ByteBuffer> payload) throws PluginException {
        this.codecName = codecName;
        this.setup = setup;
        this.options = new LinkedHashMap<>(options);
        this.packetTimeBase = packetTimeBase;
        this.payload = payload;
        open();
    }

    private void open() throws PluginException {
        FFmpeg.load();
        AVCodec codec = avcodec_find_encoder_by_name(codecName);
        if (codec == null || codec.isNull()) {
            throw new PluginException("this FFmpeg build has no encoder " + codecName, null, true);
        }
        AVCodecContext ctx = avcodec_alloc_context3(codec);
        if (ctx == null || ctx.isNull()) {
            throw new PluginException("out of memory for encoder " + codecName);
        }
        AVDictionary dict = new AVDictionary(null);
        try {
            setup.apply(ctx);
            for (Map.Entry<String, String> e : options.entrySet()) {
                av_dict_set(dict, e.getKey(), e.getValue(), 0);
            }
            FFmpeg.check(avcodec_open2(ctx, codec, dict), "opening " + codecName);
            if (av_dict_count(dict) > 0) {
                throw new PluginException(codecName + " does not know the options " + leftover(dict), null, true);
            }
        } catch (PluginException | RuntimeException e) {
            avcodec_free_context(ctx);
            throw e;
        } finally {
            av_dict_free(dict);
        }
        context = ctx;
        codecTimeBase = TimeBase.of(ctx.time_base().num(), ctx.time_base().den());
        packet = av_packet_alloc();
        spent = false;
    }

    private static List<String> leftover(AVDictionary dict) {
        List<String> keys = new ArrayList<>();
        AVDictionaryEntry e = null;
        while ((e = av_dict_get(dict, "", e, org.bytedeco.ffmpeg.global.avutil.AV_DICT_IGNORE_SUFFIX)) != null) {
            keys.add(e.key().getString());
        }
        return keys;
    }

    /** The open context, to read what the encoder decided (frame size, extradata…). */
    public AVCodecContext context() {
        return context;
    }

    /** The encoder's global header (extradata), empty if it has none. */
    public ByteBuffer extradata() {
        int size = context.extradata_size();
        byte[] b = new byte[Math.max(0, size)];
        if (size > 0) {
            context.extradata().get(b);
        }
        return ByteBuffer.wrap(b);
    }

    /** Time base of the frames given to {@link #encode}, as the setup chose it. */
    public TimeBase codecTimeBase() {
        return codecTimeBase;
    }

    /** Encodes one frame (pts in {@link #codecTimeBase()}); finished packets go to {@code out}. */
    public void encode(AVFrame frame, PacketSink out) throws PluginException {
        if (closed) {
            throw new IllegalStateException("encoder closed");
        }
        if (spent || context == null) {
            release();
            open();
        }
        FFmpeg.check(avcodec_send_frame(context, frame), codecName + " encoding");
        drain(out);
    }

    /** Sends end of stream and hands out every packet still inside. */
    public void flush(PacketSink out) throws PluginException {
        if (context == null || spent) {
            return;
        }
        FFmpeg.check(avcodec_send_frame(context, null), codecName + " flushing");
        drain(out);
        spent = true;
    }

    private void drain(PacketSink out) throws PluginException {
        while (true) {
            int ret = avcodec_receive_packet(context, packet);
            if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF) {
                return;
            }
            FFmpeg.check(ret, codecName + " encoding");
            try {
                out.accept(toPacket(packet));
            } finally {
                av_packet_unref(packet);
            }
        }
    }

    private Packet toPacket(AVPacket p) {
        byte[] data = new byte[p.size()];
        p.data().get(data);
        long pts = p.pts() == AV_NOPTS_VALUE ? p.dts() : p.pts();
        long dts = p.dts() == AV_NOPTS_VALUE ? pts : p.dts();
        int flags = (p.flags() & AV_PKT_FLAG_KEY) != 0 ? Packet.KEYFRAME : 0;
        return new Packet(0, codecTimeBase.rescale(pts, packetTimeBase), codecTimeBase.rescale(dts, packetTimeBase),
                codecTimeBase.rescale(p.duration(), packetTimeBase), packetTimeBase, flags, payload.apply(ByteBuffer.wrap(data)));
    }

    private void release() {
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        if (context != null) {
            avcodec_free_context(context);
            context = null;
        }
    }

    @Override
    public void close() {
        closed = true;
        release();
    }
}
