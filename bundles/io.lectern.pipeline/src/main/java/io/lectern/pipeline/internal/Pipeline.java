package io.lectern.pipeline.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.lectern.api.media.Frame;
import io.lectern.api.media.MediaKind;
import io.lectern.api.media.MediaSink;
import io.lectern.api.media.Packet;
import io.lectern.api.media.TimeBase;
import io.lectern.api.media.Track;
import io.lectern.api.pipeline.PipelineInfo;
import io.lectern.api.pipeline.PipelineState;
import io.lectern.api.plugin.IngestContext;
import io.lectern.api.plugin.IngestProtocol;
import io.lectern.api.plugin.IngestSession;
import io.lectern.api.plugin.PackagerSession;
import io.lectern.api.plugin.PluginException;
import io.lectern.api.plugin.PluginKind;
import io.lectern.api.plugin.Publication;
import io.lectern.api.profile.LatencyProfile;
import io.lectern.api.stream.StreamDefinition;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One started stream: its ingest (a source it opened, or the publisher that connected), the media
 * graph built when the tracks are known, and its state. Timestamps are rebased so the stream's
 * timeline only moves forward, also when a publisher leaves and comes back.
 */
final class Pipeline implements Graph.Host {

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    /** What a pipeline needs from the registry. */
    interface Host {
        Plugins pluginSet();

        Path streamDirectory(String stream);

        int packetQueue();

        int frameQueue();

        void changed(Pipeline pipeline);

        /** Holds the destinations with a slate while the publisher is away; null when that is off. */
        Slate slate(StreamDefinition stream, List<DestinationOutput> outputs);
    }

    private final Host host;
    private final StreamDefinition def;
    private final long startedMillis = System.currentTimeMillis();
    private final Set<Long> used = ConcurrentHashMap.newKeySet();
    private final AtomicLong packetsIn = new AtomicLong();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong videoUnitsIn = new AtomicLong();
    private volatile PipelineState state = PipelineState.WAITING;
    private volatile String reason = "";
    private volatile long bitrateIn;
    private volatile int videoTrackId = -1;
    private volatile double fpsIn;
    private long lastBytes;
    private long lastVideo;
    private long lastTick = System.nanoTime();

    // Guarded by this.
    private IngestSession source;
    /** Bumped whenever the ingest is (re)opened or shut, so a closed source's late media is ignored. */
    private volatile int generation;
    private PublicationImpl publication;
    private Graph graph;
    private long offsetMillis;
    private long lastEndMillis = -1;
    private boolean rebase = true;
    private final Set<Integer> discontinuityPending = new HashSet<>();
    private final Thumbnail thumbnail;
    private Slate slate;

    Pipeline(Host host, StreamDefinition def) {
        this.host = host;
        this.def = def;
        this.thumbnail = new Thumbnail(def.name(), host.streamDirectory(def.name()));
    }

    StreamDefinition definition() {
        return def;
    }

    PipelineState state() {
        return state;
    }

    boolean uses(long serviceId) {
        return used.contains(serviceId);
    }

    /** Opens the ingest; a missing plugin blocks the pipeline with the reason. */
    synchronized void start() {
        used.clear();
        PluginEntry ingest = host.pluginSet().find(PluginKind.INGEST, def.ingest()).orElse(null);
        if (ingest == null) {
            block("ingest '" + def.ingest() + "' is not installed");
            return;
        }
        used(ingest);
        IngestProtocol protocol = (IngestProtocol) ingest.plugin();
        if (protocol.mode() == IngestProtocol.Mode.SOURCE) {
            set(PipelineState.WAITING, "starting " + def.ingest());
            Sink sink = new Sink(null, ++generation);
            try {
                source = protocol.open(new IngestContext() {
                    @Override
                    public StreamDefinition stream() {
                        return def;
                    }

                    @Override
                    public MediaSink sink() {
                        return sink;
                    }
                });
            } catch (PluginException | RuntimeException e) {
                block(def.ingest() + ": " + e.getMessage());
            }
        } else {
            set(PipelineState.WAITING, "waiting for a publisher");
        }
    }

    /** Stops everything; the admin stopped the stream. */
    void stop() {
        IngestSession s;
        synchronized (this) {
            s = shutdown();
            set(PipelineState.STOPPED, "");
        }
        closeSource(s);
        thumbnail.keep(host.pluginSet());
    }

    /** Stops everything because something it needs is missing; the registry starts it again later. */
    void block(String why) {
        IngestSession s;
        synchronized (this) {
            s = shutdown();
            LOG.warn("stream {} blocked: {}", def.name(), why);
            set(PipelineState.BLOCKED, why);
        }
        closeSource(s);
    }

    /**
     * Stops the graph and the publisher; answers the source ingest, which the caller closes after
     * leaving this monitor: closing waits for the source's thread, and that thread may be waiting
     * for this monitor to hand over a frame. The new generation makes the sink drop what still comes.
     */
    private IngestSession shutdown() {
        generation++;
        IngestSession s = source;
        source = null;
        if (publication != null) {
            publication.kick();
            publication = null;
        }
        closeGraph();
        return s;
    }

    private void closeSource(IngestSession s) {
        if (s == null) {
            return;
        }
        try {
            s.close();
        } catch (RuntimeException e) {
            LOG.warn("stream {}: closing the source failed: {}", def.name(), e.toString());
        }
    }

    private void closeGraph() {
        if (slate != null) {
            slate.close();
            slate = null;
        }
        if (graph != null) {
            graph.end();
            graph.close();
            graph = null;
        }
    }

    private void set(PipelineState s, String why) {
        state = s;
        reason = why == null ? "" : why;
        host.changed(this);
    }

    /** A publisher arrives (listener ingest); an earlier one must already be gone or kicked. */
    synchronized Publication attach(String remote, Runnable disconnect) {
        if (publication != null) {
            publication.kick();
        }
        publication = new PublicationImpl(remote, disconnect);
        rebase = true;
        set(PipelineState.WAITING, "publisher connected, waiting for media");
        LOG.info("stream {}: publisher {} connected", def.name(), remote);
        return publication;
    }

    synchronized boolean hasPublisher() {
        return publication != null && publication.open;
    }

    synchronized boolean kick() {
        if (publication == null) {
            return false;
        }
        publication.kick();
        return true;
    }

    /** The publisher is gone; {@code away}: it left by itself and may come back, so destinations get the slate. */
    private synchronized void detach(PublicationImpl p, boolean away) {
        if (publication != p) {
            return;
        }
        publication = null;
        if (graph != null) {
            graph.finishSegments();
            if (away && slate == null && state == PipelineState.LIVE) {
                slate = host.slate(def, graph.destinations());
            }
        }
        if (state != PipelineState.STOPPED && state != PipelineState.BLOCKED) {
            set(PipelineState.WAITING, "publisher left; waiting for it to come back");
        }
        LOG.info("stream {}: publisher {} left", def.name(), p.remote);
    }

    // ----- media from the ingest -----

    private synchronized void tracks(List<Track> tracks) {
        if (graph != null && graph.accepts(tracks)) {
            if (slate != null) {
                slate.resume();
                slate = null;
            }
            tracks.forEach(t -> discontinuityPending.add(t.id()));
            set(PipelineState.LIVE, "");
            return;
        }
        closeGraph();
        try {
            graph = new Graph(def, tracks, this);
            set(PipelineState.LIVE, "");
        } catch (PluginException | IOException | RuntimeException e) {
            LOG.warn("stream {}: cannot build the pipeline", def.name(), e);
            IngestSession s = shutdown();
            set(PipelineState.BLOCKED, e.getMessage());
            if (s != null) {
                // We are on the source's own thread: it cannot wait for itself to stop.
                Thread closer = new Thread(() -> closeSource(s), "lectern-close-" + def.name());
                closer.setDaemon(true);
                closer.start();
            }
        }
    }

    private synchronized void packet(Packet p) {
        if (graph == null) {
            return;
        }
        if (rebase) {
            long first = p.timeBase().rescale(p.dts(), TimeBase.MILLIS);
            offsetMillis = (lastEndMillis < 0 ? 0 : lastEndMillis + 1) - first;
            rebase = false;
        }
        Packet q = p.shifted(TimeBase.MILLIS.rescale(offsetMillis, p.timeBase()));
        if (discontinuityPending.remove(q.trackId())) {
            q = q.withFlags(q.flags() | Packet.DISCONTINUITY);
        }
        lastEndMillis = Math.max(lastEndMillis, q.timeBase().rescale(q.dts() + q.duration(), TimeBase.MILLIS));
        packetsIn.incrementAndGet();
        bytesIn.addAndGet(q.size());
        if (q.trackId() == videoTrackId) {
            videoUnitsIn.incrementAndGet();
        }
        graph.packet(q);
    }

    private synchronized void frame(int trackId, Frame f) {
        if (graph == null) {
            return;
        }
        packetsIn.incrementAndGet();
        if (trackId == videoTrackId) {
            videoUnitsIn.incrementAndGet();
        }
        graph.frame(trackId, f);
    }

    /** Recomputes the ingest rates; called about once a second. */
    void tick() {
        long now = System.nanoTime();
        double secs = (now - lastTick) / 1e9;
        if (secs <= 0) {
            return;
        }
        long b = bytesIn.get();
        long v = videoUnitsIn.get();
        bitrateIn = (long) ((b - lastBytes) * 8 / secs);
        fpsIn = (v - lastVideo) / secs;
        lastBytes = b;
        lastVideo = v;
        lastTick = now;
    }

    synchronized Map<String, PackagerSession> packagers() {
        return graph == null ? Map.of() : graph.packagers();
    }

    /** The stream's thumbnail JPEG, remade from the latest keyframe when older than {@code maxAgeMillis}. */
    Optional<byte[]> thumbnail(long maxAgeMillis) {
        return thumbnail.jpeg(host.pluginSet(), maxAgeMillis);
    }

    synchronized List<DestinationOutput> destinations() {
        return graph == null ? List.of() : graph.destinations();
    }

    synchronized PipelineInfo info() {
        PublicationImpl p = publication;
        return new PipelineInfo(def.name(), def.ingest(), state, reason, p == null ? "" : p.remote, startedMillis,
                packetsIn.get(), p != null && p.reportedBitrate > 0 ? p.reportedBitrate : bitrateIn,
                p != null && p.reportedFps > 0 ? p.reportedFps : fpsIn, graph == null ? List.of() : graph.outputs());
    }

    // ----- Graph.Host -----

    @Override
    public Plugins plugins() {
        return host.pluginSet();
    }

    @Override
    public Path directory() {
        return host.streamDirectory(def.name());
    }

    @Override
    public int packetQueue() {
        return host.packetQueue();
    }

    @Override
    public int frameQueue() {
        return host.frameQueue();
    }

    @Override
    public void used(PluginEntry plugin) {
        used.add(plugin.serviceId());
    }

    @Override
    public void outputsChanged() {
        host.changed(this);
    }

    @Override
    public Thumbnail thumbnail() {
        return thumbnail;
    }

    /** The sink an ingest pushes into; media from a publication that was replaced is ignored. */
    private final class Sink implements MediaSink {
        private final PublicationImpl owner;
        private final int gen;

        Sink(PublicationImpl owner, int gen) {
            this.owner = owner;
            this.gen = gen;
        }

        private boolean current() {
            return owner == null ? gen == generation : owner.open;
        }

        @Override
        public void tracks(List<Track> tracks) {
            if (current()) {
                videoTrackId = tracks.stream().filter(t -> t.kind() == MediaKind.VIDEO).mapToInt(Track::id).findFirst().orElse(-1);
                Pipeline.this.tracks(tracks);
            }
        }

        @Override
        public void packet(Packet packet) {
            if (current()) {
                Pipeline.this.packet(packet);
            }
        }

        @Override
        public void frame(int trackId, Frame frame) {
            if (current()) {
                Pipeline.this.frame(trackId, frame);
            }
        }

        @Override
        public void end() {
            if (owner != null) {
                detach(owner, true);
            } else {
                synchronized (Pipeline.this) {
                    if (graph != null) {
                        graph.finishSegments();
                    }
                }
            }
        }
    }

    private final class PublicationImpl implements Publication {
        private final String remote;
        private final Runnable disconnect;
        private final Sink sink = new Sink(this, 0);
        private volatile boolean open = true;
        private volatile long reportedBitrate;
        private volatile double reportedFps;

        PublicationImpl(String remote, Runnable disconnect) {
            this.remote = remote;
            this.disconnect = disconnect;
        }

        @Override
        public String streamName() {
            return def.name();
        }

        @Override
        public MediaSink sink() {
            return sink;
        }

        @Override
        public LatencyProfile latency() {
            return def.profile();
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void reportStats(long bitsPerSecond, double framesPerSecond) {
            reportedBitrate = bitsPerSecond;
            reportedFps = framesPerSecond;
        }

        /** The admin or a stop ends this publisher; the plugin closes its connection. */
        void kick() {
            if (open) {
                open = false;
                try {
                    disconnect.run();
                } catch (RuntimeException e) {
                    LOG.warn("stream {}: disconnecting {} failed: {}", def.name(), remote, e.toString());
                }
                detach(this, false);
            }
        }

        @Override
        public void close() {
            if (open) {
                open = false;
                detach(this, true);
            }
        }
    }
}
