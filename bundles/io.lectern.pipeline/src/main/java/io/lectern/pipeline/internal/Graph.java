package io.lectern.pipeline.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.lectern.api.delivery.Part;
import io.lectern.api.delivery.Rendition;
import io.lectern.api.delivery.Segment;
import io.lectern.api.media.AudioFormat;
import io.lectern.api.media.Codec;
import io.lectern.api.media.Frame;
import io.lectern.api.media.MediaKind;
import io.lectern.api.media.Packet;
import io.lectern.api.media.PixelFormat;
import io.lectern.api.media.SampleFormat;
import io.lectern.api.media.TimeBase;
import io.lectern.api.media.Track;
import io.lectern.api.media.VideoFormat;
import io.lectern.api.media.VideoFrame;
import io.lectern.api.pipeline.OutputInfo;
import io.lectern.api.plugin.Decoder;
import io.lectern.api.plugin.DecoderSession;
import io.lectern.api.plugin.Destination;
import io.lectern.api.plugin.DestinationConstraints;
import io.lectern.api.plugin.DestinationContext;
import io.lectern.api.plugin.DestinationSession;
import io.lectern.api.plugin.Encoder;
import io.lectern.api.plugin.EncoderConfig;
import io.lectern.api.plugin.EncoderSession;
import io.lectern.api.plugin.FieldError;
import io.lectern.api.plugin.FieldSpec;
import io.lectern.api.plugin.Packager;
import io.lectern.api.plugin.PackagerContext;
import io.lectern.api.plugin.PackagerSession;
import io.lectern.api.plugin.PluginException;
import io.lectern.api.plugin.PluginKind;
import io.lectern.api.profile.LatencyProfile;
import io.lectern.api.profile.Rung;
import io.lectern.api.stream.DestinationDefinition;
import io.lectern.api.stream.DestinationEncode;
import io.lectern.api.stream.StreamDefinition;
import io.lectern.cmaf.CaptureClock;
import io.lectern.cmaf.CmafSegmenter;
import io.lectern.cmaf.Codecs;
import io.lectern.cmaf.SegmentListener;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media graph of one stream for one set of ingest tracks: decode once, fan the frames out to one
 * encoder per rung, write each rendition's CMAF segments once, tell every packager, feed every
 * destination. Each stage has its own thread and bounded queue ({@link Worker}).
 */
final class Graph implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Graph.class);
    /** Codecs CMAF carries and browsers play, so the source rung may pass them through. */
    private static final EnumSet<Codec> PASSTHROUGH = EnumSet.of(Codec.H264, Codec.HEVC, Codec.AV1);
    private static final long AUDIO_BITRATE = 128_000;
    private static final int DEST_VIDEO = 0;
    private static final int DEST_AUDIO = 1;

    /** What the graph needs from its pipeline. */
    interface Host {
        Plugins plugins();

        Path directory();

        int packetQueue();

        int frameQueue();

        void used(PluginEntry plugin);

        void outputsChanged();

        Thumbnail thumbnail();
    }

    private final StreamDefinition def;
    private final LatencyProfile profile;
    private final Host host;
    private final Track video;
    private final Track audio;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<RenditionOutput> renditions = new ArrayList<>();
    private final List<DestinationOutput> destinations = new ArrayList<>();
    private final Map<String, PackagerSession> packagers = new ConcurrentHashMap<>();
    private final List<Consumer<Packet>> videoPacketTaps = new ArrayList<>();
    private final List<Consumer<Packet>> audioPacketTaps = new ArrayList<>();
    private final List<Consumer<Frame>> videoFrameTaps = new ArrayList<>();
    private final List<Consumer<Frame>> audioFrameTaps = new ArrayList<>();
    private final Worker<Runnable> packagerEvents;
    private final KeyframeClock keyframes;
    /** When the ingest handed over each media time: the segments' program date-time. */
    private final CaptureClock captured = new CaptureClock();

    Graph(StreamDefinition def, List<Track> tracks, Host host) throws PluginException, IOException {
        this.def = def;
        this.profile = def.profile();
        this.keyframes = new KeyframeClock(profile.gopSeconds(), profile.segmentSeconds());
        this.host = host;
        this.video = tracks.stream().filter(t -> t.kind() == MediaKind.VIDEO).findFirst().orElse(null);
        this.audio = tracks.stream().filter(t -> t.kind() == MediaKind.AUDIO).findFirst().orElse(null);
        if (video == null && audio == null) {
            throw new PluginException("the source has neither video nor audio");
        }
        this.packagerEvents = add(new Worker<>(def.name() + "-packagers", host.packetQueue(), Runnable::run, r -> { }));
        try {
            build();
        } catch (PluginException | IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private <T extends AutoCloseable> T add(T c) {
        closeables.add(c);
        return c;
    }

    private void build() throws PluginException, IOException {
        SegmentListener events = new PackagerFanout();
        Map<String, RenditionOutput> byRung = new ConcurrentHashMap<>();
        if (video != null) {
            List<Rung> rungs = def.ladder().forSource(video.video().height());
            List<Rung> encoded = new ArrayList<>();
            for (Rung rung : rungs) {
                if (rung.isSource() && PASSTHROUGH.contains(video.codec())) {
                    RenditionOutput out = passthrough(rung.name(), video, events);
                    videoPacketTaps.add(out::offer);
                    byRung.put(rung.name(), out);
                } else {
                    encoded.add(rung);
                }
            }
            for (Rung rung : encoded) {
                RenditionOutput out = encodedVideo(rung, events);
                videoFrameTaps.add(out::offerFrame);
                byRung.put(rung.name(), out);
            }
            if (!encoded.isEmpty() && !video.codec().isRaw()) {
                decoder(video, videoFrameTaps, videoPacketTaps);
            }
        }
        RenditionOutput audioOut = null;
        if (audio != null) {
            if (audio.codec() == Codec.AAC) {
                audioOut = passthrough("audio", audio, events);
                audioPacketTaps.add(audioOut::offer);
            } else {
                audioOut = encodedAudio(events);
                audioFrameTaps.add(audioOut::offerFrame);
                if (!audio.codec().isRaw()) {
                    decoder(audio, audioFrameTaps, audioPacketTaps);
                }
            }
        }
        openPackagers();
        openDestinations(byRung, audioOut);
        // The smallest video rendition gives the thumbnail: its keyframes are the cheapest to decode.
        renditions.stream().filter(r -> r.rendition().track().kind() == MediaKind.VIDEO)
                .min(Comparator.comparingInt(r -> r.rendition().track().video().height()))
                .ifPresent(r -> r.taps.add(host.thumbnail().tap(r.rendition().track())));
    }

    private RenditionOutput passthrough(String id, Track track, SegmentListener events) throws IOException {
        Track t = track.withId(1);
        Rendition r = new Rendition(id, t, bandwidthOf(t), Codecs.rfc6381(t));
        return addRendition(new RenditionOutput(r, "passthrough", null, new CmafSegmenter(r, host.directory(), profile, events, captured), host.packetQueue()));
    }

    private RenditionOutput encodedVideo(Rung rung, SegmentListener events) throws PluginException, IOException {
        PluginEntry entry = host.plugins().encoderFor(Codec.H264, def.encoders())
                .orElseThrow(() -> new PluginException("no H.264 encoder is installed (install x264)"));
        host.used(entry);
        VideoFormat in = video.video();
        double srcFps = in.fps() > 0 ? in.fps() : 30;
        double fps = rung.maxFrameRate() > 0 ? Math.min(rung.maxFrameRate(), srcFps) : srcFps;
        int height = rung.isSource() ? in.height() : rung.height();
        TimeBase rate = fps == srcFps && in.frameRate() != null ? in.frameRate() : TimeBase.of((int) Math.round(fps * 1000), 1000);
        VideoFormat out = new VideoFormat(rung.widthFor(in.width(), in.height()), height, rate, PixelFormat.YUV420P);
        long bitrate = rung.isSource() ? Math.max(300_000, (long) (out.width() * (long) out.height() * fps * 0.1)) : rung.videoBitrate();
        bitrate = (long) (bitrate * profile.bitrateFactor());
        int gop = Math.max(1, (int) Math.round(profile.gopSeconds() * fps));
        EncoderConfig cfg = EncoderConfig.video(new VideoFormat(in.width(), in.height(), in.frameRate(), PixelFormat.YUV420P), out,
                video.timeBase(), bitrate, gop, profile.preset(), profile.tune());
        EncoderSession session = ((Encoder) entry.plugin()).open(cfg);
        Track t = session.track().withId(1);
        Rendition r = new Rendition(rung.name(), t, (long) (bitrate * 1.1) + AUDIO_BITRATE, Codecs.rfc6381(t));
        return addRendition(new RenditionOutput(r, entry.id(), session, new CmafSegmenter(r, host.directory(), profile, events, captured), host.frameQueue()));
    }

    private RenditionOutput encodedAudio(SegmentListener events) throws PluginException, IOException {
        PluginEntry entry = host.plugins().encoderFor(Codec.AAC, List.of())
                .orElseThrow(() -> new PluginException("no AAC encoder is installed"));
        host.used(entry);
        AudioFormat in = new AudioFormat(audio.audio().sampleRate(), audio.audio().channels(), SampleFormat.FLTP);
        EncoderSession session = ((Encoder) entry.plugin()).open(EncoderConfig.audio(in, audio.timeBase(), AUDIO_BITRATE));
        Track t = session.track().withId(1);
        Rendition r = new Rendition("audio", t, AUDIO_BITRATE, Codecs.rfc6381(t));
        return addRendition(new RenditionOutput(r, entry.id(), session, new CmafSegmenter(r, host.directory(), profile, events, captured), host.packetQueue()));
    }

    private RenditionOutput addRendition(RenditionOutput out) {
        renditions.add(add(out));
        return out;
    }

    /** One decoder per compressed track that needs re-encoding: decode once, fan out to every rung. */
    private void decoder(Track track, List<Consumer<Frame>> frameTaps, List<Consumer<Packet>> packetTaps) throws PluginException {
        PluginEntry entry = host.plugins().decoderFor(track)
                .orElseThrow(() -> new PluginException("no decoder is installed for " + track.codec()));
        host.used(entry);
        DecoderSession session = add(((Decoder) entry.plugin()).open(track, PixelFormat.YUV420P));
        Worker<Packet> worker = add(new Worker<>(def.name() + "-decode-" + track.kind().name().toLowerCase(), host.packetQueue(), p -> {
            try {
                session.decode(p, f -> fanout(f, frameTaps));
            } catch (PluginException e) {
                LOG.warn("stream {}: {}", def.name(), e.getMessage());
            }
        }, p -> { }));
        packetTaps.add(worker::offer);
    }

    /**
     * Hands one frame to every rung. Video frames that start a GOP are marked as keyframes here,
     * once, so every rung starts its GOPs (and segments) on the very same picture.
     */
    private void fanout(Frame frame, List<Consumer<Frame>> taps) {
        Frame f = frame;
        if (frame instanceof VideoFrame v) {
            if (keyframes.isKey(v.timeBase().seconds(v.pts()))) {
                f = keyframe(v);
            }
        }
        try {
            for (Consumer<Frame> tap : taps) {
                tap.accept(f);
            }
        } finally {
            if (f != frame) {
                f.release();
            }
        }
    }

    private static VideoFrame keyframe(VideoFrame v) {
        v.retain();
        ByteBuffer[] planes = new ByteBuffer[v.planeCount()];
        int[] strides = new int[planes.length];
        for (int i = 0; i < planes.length; i++) {
            planes[i] = v.plane(i);
            strides[i] = v.stride(i);
        }
        return new VideoFrame(v.format(), v.pts(), v.timeBase(), planes, strides, true, v::release);
    }

    private void openPackagers() throws PluginException {
        List<PluginEntry> chosen = new ArrayList<>();
        if (def.packagers().isEmpty()) {
            chosen.addAll(host.plugins().of(PluginKind.PACKAGER).stream()
                    .filter(e -> host.plugins().find(PluginKind.PACKAGER, e.id()).orElse(null) == e).toList());
        } else {
            for (String id : def.packagers()) {
                chosen.add(host.plugins().find(PluginKind.PACKAGER, id)
                        .orElseThrow(() -> new PluginException("packager '" + id + "' is not installed")));
            }
        }
        List<Rendition> list = renditions.stream().map(RenditionOutput::rendition).toList();
        PackagerContext ctx = new PackagerContext() {
            @Override
            public StreamDefinition stream() {
                return def;
            }

            @Override
            public Path directory() {
                return host.directory();
            }

            @Override
            public List<Rendition> renditions() {
                return list;
            }
        };
        for (PluginEntry e : chosen) {
            host.used(e);
            packagers.put(e.id(), add(((Packager) e.plugin()).open(ctx)));
        }
    }

    private void openDestinations(Map<String, RenditionOutput> byRung, RenditionOutput audioOut) {
        for (DestinationDefinition d : def.effectiveDestinations()) {
            if (!d.enabled()) {
                continue;
            }
            Optional<PluginEntry> entry = host.plugins().find(PluginKind.DESTINATION, d.platform());
            if (entry.isEmpty()) {
                LOG.warn("stream {}: destination {} needs plugin '{}', which is not installed", def.name(), d.id(), d.platform());
                continue;
            }
            host.used(entry.get());
            Destination plugin = (Destination) entry.get().plugin();
            List<Track> tracks = new ArrayList<>();
            RenditionOutput rung = byRung.get(d.rendition());
            boolean source = "source".equals(d.rendition()) && rung == null || rung != null && rung.encoder == null;
            DestinationEncoder own = null;
            if (video != null) {
                // Uncompressed input (test pattern, WebRTC) cannot be sent as is: "source" then takes an encoded rung.
                source = source && !video.codec().isRaw();
                Track v = source ? video : (rung != null ? rung.rendition().track() : null);
                if (v == null) {
                    rung = byRung.values().stream().filter(o -> o.encoder != null).reduce((a, b) -> b).orElse(null);
                    v = rung == null ? video : rung.rendition().track();
                    source = rung == null;
                }
                try {
                    own = ownEncode(d, plugin, v, source ? 0 : profile.gopSeconds());
                } catch (PluginException e) {
                    plugin = refusing(plugin, "cannot encode for it: " + e.getMessage());
                }
                tracks.add((own != null ? own.track() : v).withId(DEST_VIDEO));
            }
            Track a = audio == null ? null : audio.codec() == Codec.AAC || audioOut == null ? audio : audioOut.rendition().track();
            if (a != null) {
                tracks.add(a.withId(DEST_AUDIO));
            } else if (plugin.constraints().audioRequired()) {
                plugin = refusing(plugin, "needs audio: the publisher sends no sound, and " + plugin.displayName() + " takes no stream without it");
            }
            DestinationOutput out = new DestinationOutput(def, d, plugin, tracks, host.packetQueue(), host::outputsChanged);
            destinations.add(add(out));
            if (own != null) {
                own.sink(p -> out.offer(p.withTrackId(DEST_VIDEO)));
            } else if (video != null) {
                if (source && !video.codec().isRaw()) {
                    videoPacketTaps.add(p -> out.offer(p.withTrackId(DEST_VIDEO)));
                } else if (rung != null) {
                    rung.taps.add(p -> out.offer(p.withTrackId(DEST_VIDEO)));
                }
            }
            if (a != null) {
                if (a == audio) {
                    audioPacketTaps.add(p -> out.offer(p.withTrackId(DEST_AUDIO)));
                } else {
                    audioOut.taps.add(p -> out.offer(p.withTrackId(DEST_AUDIO)));
                }
            }
        }
    }

    /**
     * The destination's own encode when the track it would get does not fit its platform (or it asks
     * for one); null when that track fits. It takes the decoded frames, starting the decoder if no
     * rung needed one.
     *
     * @param chosenGop keyframe interval of {@code chosen}, 0 when unknown (the publisher's)
     */
    private DestinationEncoder ownEncode(DestinationDefinition d, Destination plugin, Track chosen, double chosenGop) throws PluginException {
        DestinationEncoder.Plan plan = DestinationEncoder.plan(DestinationEncode.of(d.settings()), plugin.constraints(), video.video(),
                chosen, chosenGop, profile);
        if (plan == null) {
            return null;
        }
        PluginEntry entry = host.plugins().encoderFor(Codec.H264, def.encoders())
                .orElseThrow(() -> new PluginException("no H.264 encoder is installed (install x264)"));
        host.used(entry);
        VideoFormat in = video.codec().isRaw() ? video.video()
                : new VideoFormat(video.video().width(), video.video().height(), video.video().frameRate(), PixelFormat.YUV420P);
        DestinationEncoder own = add(new DestinationEncoder(def.name() + "-encode-" + d.id(), plan, (Encoder) entry.plugin(), in,
                video.timeBase(), profile, host.frameQueue()));
        LOG.info("stream {}: destination {} gets its own encode, {}x{} at {} kbit/s, keyframes every {} s ({})", def.name(), d.id(),
                plan.width(), plan.height(), plan.bitrate() / 1000, plan.gopSeconds(), plan.reason());
        boolean decoding = !videoFrameTaps.isEmpty();
        videoFrameTaps.add(own::offer);
        if (!decoding && !video.codec().isRaw()) {
            decoder(video, videoFrameTaps, videoPacketTaps);
        }
        return own;
    }

    /** A destination that fails at once with {@code reason} (permanent: retrying cannot help), e.g. a platform that needs audio. */
    private static Destination refusing(Destination plugin, String reason) {
        return new Destination() {
            @Override
            public String id() {
                return plugin.id();
            }

            @Override
            public String displayName() {
                return plugin.displayName();
            }

            @Override
            public List<FieldSpec> fields() {
                return plugin.fields();
            }

            @Override
            public DestinationConstraints constraints() {
                return plugin.constraints();
            }

            @Override
            public List<FieldError> validate(Map<String, String> settings) {
                return plugin.validate(settings);
            }

            @Override
            public DestinationSession open(DestinationContext context) throws PluginException {
                throw new PluginException(reason, null, true);
            }
        };
    }

    private static long bandwidthOf(Track t) {
        if (t.bitrate() > 0) {
            return (long) (t.bitrate() * 1.2);
        }
        return t.kind() == MediaKind.AUDIO ? AUDIO_BITRATE : 6_000_000;
    }

    /** A packet from the ingest; {@code trackId} is the source track's id. */
    void packet(Packet p) {
        if (video != null && p.trackId() == video.id()) {
            if (p.isDiscontinuity()) {
                captured.reset();
                renditions.forEach(RenditionOutput::discontinuity);
            }
            captured.arrived(p.ptsSeconds());
            videoPacketTaps.forEach(t -> t.accept(p));
        } else if (audio != null && p.trackId() == audio.id()) {
            captured.arrived(p.ptsSeconds());
            audioPacketTaps.forEach(t -> t.accept(p));
        }
    }

    /** A raw frame from the ingest (valid during the call only). */
    void frame(int trackId, Frame f) {
        if (video != null && trackId == video.id()) {
            captured.arrived(f.timeBase().seconds(f.pts()));
            fanout(f, videoFrameTaps);
        } else if (audio != null && trackId == audio.id()) {
            captured.arrived(f.timeBase().seconds(f.pts()));
            fanout(f, audioFrameTaps);
        }
    }

    Map<String, PackagerSession> packagers() {
        return Map.copyOf(packagers);
    }

    List<OutputInfo> outputs() {
        List<OutputInfo> list = new ArrayList<>();
        renditions.forEach(r -> list.add(r.info()));
        packagers.keySet().forEach(id -> list.add(new OutputInfo("packager", id, id, "live", 0, 0, 0)));
        destinations.forEach(d -> list.add(d.info()));
        return list;
    }

    List<DestinationOutput> destinations() {
        return List.copyOf(destinations);
    }

    /** Whether the tracks are the same as this graph's, so a reconnecting publisher can reuse it. */
    boolean accepts(List<Track> tracks) {
        Track v = tracks.stream().filter(t -> t.kind() == MediaKind.VIDEO).findFirst().orElse(null);
        Track a = tracks.stream().filter(t -> t.kind() == MediaKind.AUDIO).findFirst().orElse(null);
        return same(video, v) && same(audio, a);
    }

    private static boolean same(Track x, Track y) {
        if (x == null || y == null) {
            return x == y;
        }
        return x.codec() == y.codec() && x.id() == y.id() && java.util.Objects.equals(x.video(), y.video())
                && java.util.Objects.equals(x.audio(), y.audio()) && x.codecConfig().equals(y.codecConfig());
    }

    /** The publisher left: close open segments so players get everything that arrived. */
    void finishSegments() {
        renditions.forEach(RenditionOutput::finish);
    }

    void end() {
        finishSegments();
        packagerEvents.offer(() -> packagers.values().forEach(PackagerSession::end));
    }

    @Override
    public void close() {
        // Reverse order: destinations and packagers before the renditions that feed them.
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                LOG.warn("stream {}: closing {} failed: {}", def.name(), closeables.get(i), e.toString());
            }
        }
    }

    /** Funnels segment events from every rendition's thread into one packager thread. */
    private final class PackagerFanout implements SegmentListener {
        @Override
        public void init(Rendition rendition, String uri) {
            host.outputsChanged();
        }

        @Override
        public void part(Part part) {
            packagerEvents.offer(() -> packagers.values().forEach(s -> s.part(part)));
        }

        @Override
        public void segment(Segment segment) {
            packagerEvents.offer(() -> packagers.values().forEach(s -> s.segment(segment)));
        }

        @Override
        public void expired(Segment segment) {
            packagerEvents.offer(() -> packagers.values().forEach(s -> s.expired(segment)));
        }
    }

    /** One rendition: an optional encoder on its own thread, then its CMAF segmenter, then taps. */
    static final class RenditionOutput implements AutoCloseable {
        private final Rendition rendition;
        private final EncoderSession encoder;
        private final CmafSegmenter segmenter;
        private final Worker<Object> worker;
        final List<Consumer<Packet>> taps = new CopyOnWriteArrayList<>();
        private final String plugin;
        private long encodeNanos;
        private long frames;

        RenditionOutput(Rendition rendition, String plugin, EncoderSession encoder, CmafSegmenter segmenter, int capacity) {
            this.rendition = rendition;
            this.plugin = plugin;
            this.encoder = encoder;
            this.segmenter = segmenter;
            Consumer<Object> release = o -> {
                if (o instanceof Frame f) {
                    f.release();
                }
            };
            // Remuxing a packet costs less than handing it to another thread: passthrough runs on the ingest's.
            this.worker = encoder == null ? Worker.inline("rendition-" + rendition.id(), this::handle, release)
                    : new Worker<>("rendition-" + rendition.id(), capacity, this::handle, release);
        }

        Rendition rendition() {
            return rendition;
        }

        void offer(Packet p) {
            worker.offer(p);
        }

        void offerFrame(Frame f) {
            worker.offer(f.retain());
        }

        void discontinuity() {
            worker.offer((Runnable) segmenter::discontinuity);
        }

        void finish() {
            worker.offer((Runnable) () -> {
                try {
                    if (encoder != null) {
                        encoder.flush(this::write);
                    }
                    segmenter.finish();
                } catch (IOException | PluginException e) {
                    LOG.warn("rendition {}: {}", rendition.id(), e.toString());
                }
            });
        }

        private void handle(Object item) {
            try {
                if (item instanceof Runnable r) {
                    r.run();
                } else if (item instanceof Packet p) {
                    write(p);
                } else if (item instanceof Frame f) {
                    try {
                        long t0 = System.nanoTime();
                        encoder.encode(f, this::write);
                        encodeNanos += System.nanoTime() - t0;
                        frames++;
                    } finally {
                        f.release();
                    }
                }
            } catch (PluginException e) {
                LOG.warn("rendition {}: {}", rendition.id(), e.getMessage());
            }
        }

        private void write(Packet p) {
            Packet out = p.withTrackId(1);
            try {
                segmenter.write(out);
            } catch (IOException e) {
                LOG.warn("rendition {}: writing a segment failed: {}", rendition.id(), e.toString());
            }
            taps.forEach(t -> t.accept(p));
        }

        /** Encoder speed as a multiple of real time (frames encoded per second of encoder time / fps). */
        double speed() {
            if (encoder == null || frames == 0 || encodeNanos == 0) {
                return 0;
            }
            double fps = rendition.track().video() != null ? rendition.track().video().fps() : 0;
            double perSecond = frames / (encodeNanos / 1e9);
            return fps > 0 ? perSecond / fps : 0;
        }

        OutputInfo info() {
            return new OutputInfo("rendition", rendition.id(), plugin, "live", worker.handled(), worker.dropped(), speed());
        }

        @Override
        public void close() {
            worker.close();
            if (encoder != null) {
                encoder.close();
            }
            segmenter.close();
        }
    }
}
