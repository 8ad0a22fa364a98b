package io.lectern.destination.push.internal;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_network_init;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open2;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_mallocz;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;

import io.lectern.api.media.Codec;
import io.lectern.api.media.MediaKind;
import io.lectern.api.media.Packet;
import io.lectern.api.media.TimeBase;
import io.lectern.api.media.Track;
import io.lectern.api.plugin.DestinationSession;
import io.lectern.api.plugin.PluginException;
import io.lectern.ffmpeg.Avc;
import io.lectern.ffmpeg.FFmpeg;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to an ingest server through libavformat: FLV over RTMP(S), MPEG-TS over SRT.
 * <p>
 * Every blocking libav call runs under {@link #lock} with a deadline that the interrupt callback
 * enforces. {@link #close()} may come from another thread while the worker is blocked: it raises
 * {@link #closing} first, which makes the blocked call return at once, and frees the native
 * objects once it holds the lock.
 */
public final class PushSession implements DestinationSession {

    private static final Logger LOG = LoggerFactory.getLogger(PushSession.class);
    /** A jump larger than this between packets is a new timeline (the publisher came back). */
    private static final long JUMP_US = 10_000_000;
    private static final long FRAME_US = 33_000;

    private static final int ECONNREFUSED = 111;
    private static final int ENETUNREACH = 101;
    private static final int ECONNRESET = 104;
    private static final int ETIMEDOUT = 110;
    private static final int EHOSTUNREACH = 113;

    private final Target target;
    private final long timeoutNanos;
    private final Object lock = new Object();
    private final BytePointer opaque = new BytePointer(1);
    private final Map<Integer, Output> outputs = new HashMap<>();
    private volatile boolean closing;
    private volatile long deadline;
    private volatile boolean armed;
    private volatile boolean timedOut;
    private AVFormatContext context;
    private AVPacket packet;
    private ByteBuffer videoParameterSets;
    private long originUs = Long.MIN_VALUE;
    private long lastUs;

    /** A muxer stream and the state its timestamps need. */
    private static final class Output {
        final int index;
        final Track track;
        TimeBase timeBase;
        long lastDts = Long.MIN_VALUE;

        Output(int index, Track track) {
            this.index = index;
            this.track = track;
        }
    }

    /** Connects; for RTMP this includes the handshake and the publish request with the key. */
    public PushSession(Target target, long timeoutMillis) throws PluginException {
        this.target = target;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        load();
        resolve(target);
        synchronized (lock) {
            AVFormatContext ctx = new AVFormatContext(null);
            if (avformat_alloc_output_context2(ctx, null, target.format(), null) < 0 || ctx.isNull()) {
                throw new PluginException("this FFmpeg build has no " + target.format() + " muxer", null, true);
            }
            context = ctx;
            packet = av_packet_alloc();
            Interrupts.register(opaque, this::interrupted);
            ctx.interrupt_callback().callback(Interrupts.CALLBACK).opaque(opaque);
            AVDictionary options = new AVDictionary(null);
            // Only the protocols the scheme needs: a URL can never make FFmpeg read files or fetch HTTP.
            av_dict_set(options, "protocol_whitelist", target.protocols(), 0);
            av_dict_set(options, "rw_timeout", String.valueOf(TimeUnit.NANOSECONDS.toMicros(timeoutNanos)), 0);
            if (target.scheme().equals("srt")) {
                av_dict_set(options, "connect_timeout", String.valueOf(timeoutMillis), 0);
            }
            AVIOContext pb = new AVIOContext(null);
            int ret;
            try {
                arm();
                ret = avio_open2(pb, target.address(), AVIO_FLAG_WRITE, ctx.interrupt_callback(), options);
            } finally {
                armed = false;
                av_dict_free(options);
            }
            if (ret < 0) {
                PluginException e = openFailure(ret);
                free();
                throw e;
            }
            ctx.pb(pb);
        }
        LOG.info("connected to {}", target);
    }

    private static void load() throws PluginException {
        FFmpeg.load();
        try {
            Loader.load(avformat.class);
        } catch (LinkageError | RuntimeException e) {
            throw new PluginException("libavformat does not load here: " + e.getMessage(), e, true);
        }
        Network.init();
    }

    /** Runs avformat_network_init once per class loader (it sets up TLS). */
    private static final class Network {
        static {
            avformat_network_init();
        }

        static void init() {
            // Loading the class runs the initializer.
        }
    }

    /** Looks the host up first, so that a name that does not resolve is told apart from a refusal. */
    private static void resolve(Target target) throws PluginException {
        try {
            InetAddress.getAllByName(target.host());
        } catch (UnknownHostException e) {
            throw new PluginException("cannot find the server " + target.host() + " (name lookup failed)", e);
        }
    }

    private boolean interrupted() {
        if (closing || Thread.currentThread().isInterrupted()) {
            return true;
        }
        if (armed && System.nanoTime() - deadline > 0) {
            timedOut = true;
            return true;
        }
        return false;
    }

    private void arm() {
        timedOut = false;
        deadline = System.nanoTime() + timeoutNanos;
        armed = true;
    }

    private PluginException openFailure(int ret) {
        PluginException common = commonFailure(ret, "no answer from " + target);
        if (common != null) {
            return common;
        }
        if (ret == -ECONNREFUSED) {
            return new PluginException(target + " refused the connection");
        }
        if (ret == -ENETUNREACH || ret == -EHOSTUNREACH || ret == -ECONNRESET || ret == -ETIMEDOUT || target.scheme().equals("srt")) {
            return new PluginException("cannot connect to " + target + ": " + FFmpeg.error(ret));
        }
        // The server took the connection and then dropped or refused the publish request: with
        // RTMP that is what a wrong stream key or application gets (NetStream.Publish.BadName,
        // an on_publish hook answering 403). Retrying would only repeat the refusal.
        return new PluginException(target + " refused the stream: check the stream key and the server URL (" + FFmpeg.error(ret) + ")", null, true);
    }

    private PluginException commonFailure(int ret, String timeoutMessage) {
        if (closing || Thread.currentThread().isInterrupted()) {
            return new PluginException("stopped");
        }
        if (timedOut || ret == avutil.AVERROR_EXIT()) {
            return new PluginException(timeoutMessage + " within " + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + " s");
        }
        return null;
    }

    private PluginException writeFailure(int ret) {
        PluginException common = commonFailure(ret, target + " took no data");
        return common != null ? common : new PluginException("lost the connection to " + target + ": " + FFmpeg.error(ret));
    }

    @Override
    public void tracks(List<Track> tracks) throws PluginException {
        synchronized (lock) {
            AVFormatContext ctx = open();
            for (Track t : tracks) {
                if (t.kind() == MediaKind.DATA) {
                    continue;
                }
                boolean video = t.kind() == MediaKind.VIDEO;
                if (t.codec() != (video ? Codec.H264 : Codec.AAC)) {
                    throw new PluginException(target.scheme().toUpperCase() + " push sends H.264 video and AAC audio, not " + t.codec(), null, true);
                }
                AVStream st = avformat_new_stream(ctx, null);
                if (st == null || st.isNull()) {
                    throw new PluginException("out of memory for a muxer stream");
                }
                AVCodecParameters par = st.codecpar();
                ByteBuffer extradata = t.codecConfig();
                if (video) {
                    par.codec_type(AVMEDIA_TYPE_VIDEO).codec_id(AV_CODEC_ID_H264).width(t.video().width()).height(t.video().height());
                    if (isTs() && extradata.hasRemaining()) {
                        // MPEG-TS carries H.264 as Annex B, with SPS and PPS in band.
                        videoParameterSets = Avc.parameterSetsAnnexB(extradata);
                        extradata = videoParameterSets;
                    }
                } else {
                    par.codec_type(AVMEDIA_TYPE_AUDIO).codec_id(AV_CODEC_ID_AAC).sample_rate(t.audio().sampleRate()).frame_size(1024);
                    av_channel_layout_default(par.ch_layout(), t.audio().channels());
                }
                par.bit_rate(t.bitrate());
                setExtradata(par, extradata);
                FFmpeg.set(st.time_base(), t.timeBase());
                outputs.put(t.id(), new Output(st.index(), t));
            }
            if (outputs.isEmpty()) {
                throw new PluginException("the rendition has neither video nor audio to send", null, true);
            }
            AVDictionary options = new AVDictionary(null);
            // Live: send each packet at once, and never seek back to patch the FLV header.
            av_dict_set(options, "flush_packets", "1", 0);
            if (!isTs()) {
                av_dict_set(options, "flvflags", "no_duration_filesize", 0);
            }
            int ret;
            try {
                arm();
                ret = avformat_write_header(ctx, options);
            } finally {
                armed = false;
                av_dict_free(options);
            }
            if (ret < 0) {
                throw writeFailure(ret);
            }
            for (Output o : outputs.values()) {
                AVStream st = ctx.streams(o.index);
                o.timeBase = TimeBase.of(st.time_base().num(), st.time_base().den());
            }
        }
    }

    private boolean isTs() {
        return target.format().equals("mpegts");
    }

    private static void setExtradata(AVCodecParameters par, ByteBuffer data) {
        int size = data.remaining();
        if (size == 0) {
            return;
        }
        // libav frees extradata with the context, so it must come from av_malloc, padded.
        BytePointer p = new BytePointer(av_mallocz(size + AV_INPUT_BUFFER_PADDING_SIZE)).capacity(size);
        p.asByteBuffer().put(data.duplicate());
        par.extradata(p).extradata_size(size);
    }

    @Override
    public void packet(Packet p) throws PluginException {
        synchronized (lock) {
            AVFormatContext ctx = open();
            Output o = outputs.get(p.trackId());
            if (o == null || o.timeBase == null) {
                return;
            }
            long dtsUs = p.timeBase().rescale(p.dts(), TimeBase.MICROS);
            long ptsUs = p.timeBase().rescale(p.pts(), TimeBase.MICROS);
            if (originUs == Long.MIN_VALUE) {
                originUs = dtsUs;
            } else if (p.isDiscontinuity() || dtsUs - originUs < lastUs - JUMP_US || dtsUs - originUs > lastUs + JUMP_US) {
                // A new timeline upstream: carry on just after the last packet sent.
                originUs = dtsUs - lastUs - FRAME_US;
            }
            long outUs = dtsUs - originUs;
            if (outUs < 0) {
                return; // audio from just before the keyframe the session starts on
            }
            lastUs = Math.max(lastUs, outUs);
            long dts = TimeBase.MICROS.rescale(outUs, o.timeBase);
            if (o.lastDts != Long.MIN_VALUE && dts <= o.lastDts) {
                dts = o.lastDts + 1;
            }
            long pts = Math.max(dts, TimeBase.MICROS.rescale(outUs + ptsUs - dtsUs, o.timeBase));
            o.lastDts = dts;

            ByteBuffer data = p.payload();
            if (isTs() && o.track.kind() == MediaKind.VIDEO) {
                data = annexB(data, p.isKeyframe());
            }
            int size = data.remaining();
            FFmpeg.check(av_new_packet(packet, size), "allocating a packet");
            try {
                packet.data().capacity(size).asByteBuffer().put(data);
                packet.stream_index(o.index).pts(pts).dts(dts).flags(p.isKeyframe() ? AV_PKT_FLAG_KEY : 0)
                        .duration(p.duration() > 0 ? p.timeBase().rescale(p.duration(), o.timeBase) : 0);
                int ret;
                try {
                    arm();
                    ret = av_write_frame(ctx, packet);
                } finally {
                    armed = false;
                }
                if (ret < 0) {
                    throw writeFailure(ret);
                }
            } finally {
                av_packet_unref(packet);
            }
        }
    }

    private ByteBuffer annexB(ByteBuffer lengthPrefixed, boolean keyframe) {
        ByteBuffer nals = Avc.toAnnexB(lengthPrefixed);
        if (!keyframe || videoParameterSets == null) {
            return nals;
        }
        // A receiver may join at any keyframe: repeat SPS and PPS in front of each.
        ByteBuffer out = ByteBuffer.allocate(videoParameterSets.remaining() + nals.remaining());
        return out.put(videoParameterSets.duplicate()).put(nals).flip();
    }

    private AVFormatContext open() throws PluginException {
        if (context == null || closing) {
            throw new PluginException("stopped");
        }
        return context;
    }

    /** Never blocks for long: blocked I/O is interrupted before the lock is taken. */
    @Override
    public void close() {
        closing = true;
        synchronized (lock) {
            free();
        }
    }

    private void free() {
        if (context != null) {
            AVIOContext pb = context.pb();
            if (pb != null && !pb.isNull()) {
                avio_closep(pb);
                context.pb(null);
                LOG.info("disconnected from {}", target);
            }
            avformat_free_context(context);
            context = null;
        }
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        Interrupts.unregister(opaque);
        opaque.close();
    }
}
