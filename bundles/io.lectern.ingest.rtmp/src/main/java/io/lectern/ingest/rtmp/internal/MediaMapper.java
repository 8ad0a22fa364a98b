package io.lectern.ingest.rtmp.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.lectern.api.media.AudioFormat;
import io.lectern.api.media.Codec;
import io.lectern.api.media.MediaSink;
import io.lectern.api.media.Packet;
import io.lectern.api.media.TimeBase;
import io.lectern.api.media.Track;
import io.lectern.api.media.VideoFormat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns FLV audio and video tag payloads (legacy and Enhanced RTMP) into tracks and packets.
 * Tracks go to the sink once both sequence headers are in (or one second of media later when only
 * one kind comes); packets start at the first video keyframe. Timestamps are milliseconds.
 */
final class MediaMapper {

    static final int VIDEO_TRACK = 0;
    static final int AUDIO_TRACK = 1;

    private static final Logger LOG = LoggerFactory.getLogger(MediaMapper.class);
    /** How long (media time) to wait for the other sequence header before starting without it. */
    private static final long WAIT_FOR_OTHER_MS = 1000;
    private static final int MAX_WAITING_PACKETS = 1024;

    private final MediaSink sink;
    private final String remote;
    private final ArrayDeque<Packet> waiting = new ArrayDeque<>();
    private final long[] lastDts = {Long.MIN_VALUE, Long.MIN_VALUE};
    private final Set<String> reported = new HashSet<>();
    private Map<String, Object> metadata = Map.of();
    private Track video;
    private Track audio;
    private List<Track> declared;
    private long firstConfigAt = Long.MIN_VALUE;
    private boolean needKeyframe = true;
    private long frames;

    MediaMapper(MediaSink sink, String remote) {
        this.sink = sink;
        this.remote = remote;
    }

    /** Video pictures passed on so far, for the frame rate figure. */
    long frames() {
        return frames;
    }

    void metadata(Map<String, Object> values) {
        metadata = values;
    }

    void video(long ts, byte[] d) throws ProtocolException {
        if (d.length == 0) {
            return;
        }
        int b = d[0] & 0xff;
        if ((b & 0x80) != 0) {
            enhancedVideo(ts, d);
            return;
        }
        int frameType = b >>> 4;
        int codecId = b & 0x0f;
        if (frameType == 5) {
            return;
        }
        if (codecId != 7) {
            unsupported("video codec id " + codecId + " (Lectern takes H.264, or HEVC and AV1 over Enhanced RTMP)");
            return;
        }
        need(d, 5, "H.264");
        int cts = si24(d, 2);
        if (d[1] == 0) {
            videoConfig(Codec.H264, ts, Arrays.copyOfRange(d, 5, d.length));
        } else if (d[1] == 1) {
            videoFrame(ts, cts, frameType == 1, d, 5);
        }
    }

    private void enhancedVideo(long ts, byte[] d) throws ProtocolException {
        need(d, 5, "Enhanced RTMP video");
        int frameType = (d[0] >>> 4) & 7;
        int packetType = d[0] & 0x0f;
        String fourcc = new String(d, 1, 4, StandardCharsets.ISO_8859_1);
        Codec codec = switch (fourcc) {
            case "avc1" -> Codec.H264;
            case "hvc1" -> Codec.HEVC;
            case "av01" -> Codec.AV1;
            default -> null;
        };
        if (codec == null || packetType > 5) {
            unsupported("Enhanced RTMP video '" + printable(fourcc) + "' packet type " + packetType);
            return;
        }
        if (packetType == 0) {
            // FFmpeg 7 sends an empty AV1 sequence start before the encoder's first av1C: wait for that one
            // rather than declaring a track without configuration and then changing it.
            if (d.length > 5) {
                videoConfig(codec, ts, Arrays.copyOfRange(d, 5, d.length));
            }
        } else if (frameType == 5) {
            return;
        } else if (packetType == 1 && codec != Codec.AV1) {
            need(d, 8, fourcc);
            videoFrame(ts, si24(d, 5), frameType == 1, d, 8);
        } else if (packetType == 1 || packetType == 3) {
            videoFrame(ts, 0, frameType == 1, d, 5);
        }
    }

    void audio(long ts, byte[] d) throws ProtocolException {
        if (d.length == 0) {
            return;
        }
        int format = (d[0] & 0xff) >>> 4;
        if (format != 10) {
            unsupported("audio format " + format + " (Lectern takes AAC)");
            return;
        }
        need(d, 2, "AAC");
        if (d[1] == 0) {
            audioConfig(ts, Arrays.copyOfRange(d, 2, d.length));
        } else {
            add(new Packet(AUDIO_TRACK, ts, ts, 0, TimeBase.MILLIS, 0, ByteBuffer.wrap(d, 2, d.length - 2).slice()), ts);
        }
    }

    private void videoConfig(Codec codec, long ts, byte[] config) throws ProtocolException {
        CodecConfigs.Size size = switch (codec) {
            case H264 -> CodecConfigs.avc(config);
            case HEVC -> CodecConfigs.hevc(config);
            default -> metadataSize(codec);
        };
        Track t = Track.video(VIDEO_TRACK, codec, TimeBase.MILLIS,
                new VideoFormat(size.width(), size.height(), frameRate(), null), ByteBuffer.wrap(config), kbps("videodatarate"));
        Track old = video;
        video = t;
        changed(old, t, ts);
    }

    private void audioConfig(long ts, byte[] config) throws ProtocolException {
        CodecConfigs.Audio a = CodecConfigs.aac(config);
        int channels = a.channels();
        if (channels == 0) {
            channels = metadataNumber("audiochannels") > 0 ? (int) metadataNumber("audiochannels")
                    : Boolean.FALSE.equals(metadata.get("stereo")) ? 1 : 2;
        }
        Track t = Track.audio(AUDIO_TRACK, Codec.AAC, TimeBase.MILLIS, new AudioFormat(a.sampleRate(), channels, null),
                ByteBuffer.wrap(config), kbps("audiodatarate"));
        Track old = audio;
        audio = t;
        changed(old, t, ts);
    }

    /** Takes a new track; a changed one (new resolution, new codec) declares the tracks again. */
    private void changed(Track old, Track now, long ts) {
        if (firstConfigAt == Long.MIN_VALUE) {
            firstConfigAt = ts;
        }
        if (declared != null && !now.equals(old)) {
            LOG.info("publisher {} changed its {} settings", remote, now.kind().name().toLowerCase());
            declared = null;
            needKeyframe = true;
        }
        if (declared == null) {
            declareWhenReady(ts);
        }
    }

    private void videoFrame(long dts, int cts, boolean key, byte[] d, int offset) {
        Packet p = new Packet(VIDEO_TRACK, dts + cts, dts, 0, TimeBase.MILLIS, key ? Packet.KEYFRAME : 0,
                ByteBuffer.wrap(d, offset, d.length - offset).slice());
        add(p, dts);
    }

    private void add(Packet p, long ts) {
        if (declared == null) {
            if (waiting.size() == MAX_WAITING_PACKETS) {
                waiting.removeFirst();
            }
            waiting.add(p);
            declareWhenReady(ts);
        } else {
            emit(p);
        }
    }

    private void declareWhenReady(long ts) {
        boolean expectVideo = metadata.isEmpty() || metadata.containsKey("videocodecid") || metadata.containsKey("width");
        boolean expectAudio = metadata.isEmpty() || metadata.containsKey("audiocodecid");
        boolean complete = (video != null || !expectVideo) && (audio != null || !expectAudio) && (video != null || audio != null);
        boolean waitedEnough = firstConfigAt != Long.MIN_VALUE && ts - firstConfigAt >= WAIT_FOR_OTHER_MS;
        if (!complete && !waitedEnough) {
            return;
        }
        List<Track> tracks = new ArrayList<>(2);
        if (video != null) {
            tracks.add(video);
        }
        if (audio != null) {
            tracks.add(audio);
        }
        declared = List.copyOf(tracks);
        sink.tracks(declared);
        while (!waiting.isEmpty()) {
            emit(waiting.removeFirst());
        }
    }

    private void emit(Packet p) {
        Track t = p.trackId() == VIDEO_TRACK ? video : audio;
        if (t == null || !declared.contains(t)) {
            return;
        }
        if (needKeyframe) {
            // Decoding starts at a video keyframe; audio before it has no picture to go with.
            boolean hasVideo = declared.stream().anyMatch(x -> x.id() == VIDEO_TRACK);
            if (hasVideo && !(p.trackId() == VIDEO_TRACK && p.isKeyframe())) {
                return;
            }
            needKeyframe = false;
        }
        long last = lastDts[p.trackId()];
        if (p.dts() < last) {
            // Keep decode time monotonic per track, as muxers downstream require.
            p = new Packet(p.trackId(), Math.max(p.pts(), last), last, 0, p.timeBase(), p.flags(), p.payload());
        }
        lastDts[p.trackId()] = p.dts();
        if (p.trackId() == VIDEO_TRACK) {
            frames++;
        }
        sink.packet(p);
    }

    private CodecConfigs.Size metadataSize(Codec codec) throws ProtocolException {
        double w = metadataNumber("width");
        double h = metadataNumber("height");
        if (w < 1 || h < 1 || w > 16384 || h > 16384) {
            throw new ProtocolException(codec.fourcc() + " video needs width and height in onMetaData");
        }
        return new CodecConfigs.Size((int) w, (int) h);
    }

    /** The frame rate from onMetaData as a fraction, NTSC rates as n*1000/1001. */
    private TimeBase frameRate() {
        double fps = metadataNumber("framerate");
        if (fps <= 0) {
            fps = metadataNumber("videoframerate");
        }
        // Below one frame a second (or NaN) is no usable rate: a fuzzed 0.003 once made a 0/1 time base.
        if (!(fps >= 1) || fps > 1000) {
            return null;
        }
        long ntsc = Math.round(fps * 1.001);
        if (Math.abs(ntsc * 1000 / 1001.0 - fps) < 0.005 && Math.abs(Math.round(fps) - fps) > 0.005) {
            return TimeBase.of((int) ntsc * 1000, 1001);
        }
        if (Math.abs(Math.round(fps) - fps) < 0.005) {
            return TimeBase.of((int) Math.round(fps), 1);
        }
        return TimeBase.of((int) Math.round(fps * 1000), 1000);
    }

    private long kbps(String key) {
        double v = metadataNumber(key);
        return v > 0 && v < 1e7 ? Math.round(v * 1000) : 0;
    }

    private double metadataNumber(String key) {
        return metadata.get(key) instanceof Double d && Double.isFinite(d) ? d : 0;
    }

    private void unsupported(String what) {
        if (reported.add(what)) {
            LOG.warn("publisher {} sends {}; ignored", remote, what);
        }
    }

    private static String printable(String s) {
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static int si24(byte[] d, int off) {
        return (d[off] << 16) | (d[off + 1] & 0xff) << 8 | (d[off + 2] & 0xff);
    }

    private static void need(byte[] d, int n, String what) throws ProtocolException {
        if (d.length < n) {
            throw new ProtocolException(what + " tag of " + d.length + " bytes is too short");
        }
    }
}
