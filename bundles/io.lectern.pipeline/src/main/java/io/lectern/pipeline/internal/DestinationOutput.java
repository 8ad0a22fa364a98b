package io.lectern.pipeline.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.lectern.api.media.MediaKind;
import io.lectern.api.media.Packet;
import io.lectern.api.media.TimeBase;
import io.lectern.api.media.Track;
import io.lectern.api.pipeline.OutputInfo;
import io.lectern.api.plugin.Destination;
import io.lectern.api.plugin.DestinationContext;
import io.lectern.api.plugin.DestinationSession;
import io.lectern.api.plugin.DestinationState;
import io.lectern.api.plugin.DestinationState.Phase;
import io.lectern.api.plugin.PluginException;
import io.lectern.api.stream.DestinationDefinition;
import io.lectern.api.stream.StreamDefinition;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One destination of a stream, isolated on its own thread behind a bounded buffer. When the buffer
 * fills (the platform is slow or away) packets are dropped up to the next video keyframe, so the
 * destination resumes on a clean picture and nothing upstream ever waits. Failed sessions are
 * re-opened with exponential backoff (1 s to 60 s, with jitter) unless the failure is permanent.
 */
final class DestinationOutput implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DestinationOutput.class);
    static final long MIN_BACKOFF_MS = 1000;
    static final long MAX_BACKOFF_MS = 60_000;

    private final StreamDefinition stream;
    private final DestinationDefinition definition;
    private final Destination plugin;
    private final List<Track> tracks;
    private final int videoTrack;
    private final BlockingQueue<Packet> queue;
    private volatile Thread thread;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Runnable onChange;
    private volatile DestinationState state = DestinationState.of(Phase.IDLE, "");
    private volatile boolean running = true;
    private volatile boolean skipToKeyframe = true;
    private volatile DestinationSession session;
    // While the publisher is away (see Slate).
    /** Real packets are ignored: the slate feeds this destination. */
    private volatile boolean held;
    /** The slate ran out: stay disconnected until the publisher is back. */
    private volatile boolean suspended;
    /** Where the first real packet goes after a slate (microseconds); once. */
    private volatile long resumeMicros = Long.MIN_VALUE;
    /** Added to real packets after a slate, so that their time runs on after it. */
    private volatile long shiftMicros;
    /** The end of the latest packet queued (microseconds): a slate starts there. */
    private volatile long endMicros = Long.MIN_VALUE;

    DestinationOutput(StreamDefinition stream, DestinationDefinition definition, Destination plugin, List<Track> tracks,
                      int capacity, Runnable onChange) {
        this.stream = stream;
        this.definition = definition;
        this.plugin = plugin;
        this.tracks = List.copyOf(tracks);
        this.videoTrack = tracks.stream().filter(t -> t.kind() == MediaKind.VIDEO).mapToInt(Track::id).findFirst().orElse(-1);
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.onChange = onChange;
        this.thread = worker();
    }

    private Thread worker() {
        Thread t = new Thread(this::run, "lectern-destination-" + stream.name() + "-" + definition.id());
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Never blocks: a full buffer drops until the next keyframe. */
    void offer(Packet p) {
        if (!held) {
            enqueue(p, true);
        }
    }

    /** A packet of the slate, while the publisher is away. */
    void offerSlate(Packet p) {
        enqueue(p, false);
    }

    private void enqueue(Packet packet, boolean real) {
        Packet p = packet;
        if (skipToKeyframe) {
            if (!(p.trackId() == videoTrack && p.isKeyframe()) && videoTrack >= 0) {
                dropped.incrementAndGet();
                return;
            }
            skipToKeyframe = false;
        }
        if (real) {
            p = continued(p);
        }
        long end = p.timeBase().rescale(Math.max(p.pts(), p.dts()) + p.duration(), TimeBase.MICROS);
        if (end > endMicros) {
            endMicros = end;
        }
        if (!queue.offer(p)) {
            // The buffered packets are stale by now: drop them too and restart at the next keyframe.
            List<Packet> stale = new ArrayList<>(queue.size());
            queue.drainTo(stale);
            dropped.addAndGet(stale.size() + 1L);
            skipToKeyframe = true;
        }
    }

    String id() {
        return definition.id();
    }

    List<Track> tracks() {
        return tracks;
    }

    String platform() {
        return definition.platform();
    }

    /** The keyframe interval the platform requires, in seconds; 0 when it takes any. */
    double keyframeSeconds() {
        return plugin.constraints().keyframeSeconds();
    }

    /** The publisher left: from now on only the slate feeds this destination. Answers where it starts. */
    long hold() {
        held = true;
        if (state.phase() == Phase.LIVE) {
            setState(DestinationState.of(Phase.LIVE, "showing the slate"));
        }
        return endMicros;
    }

    /**
     * The publisher is back: real media continues at the next keyframe, placed at {@code nextMicros}
     * (where the slate stopped; {@link Long#MIN_VALUE} when no slate ran) with the video's own SPS and
     * PPS in band, since the receiver has the slate's by now.
     */
    void release(long nextMicros) {
        if (nextMicros != Long.MIN_VALUE) {
            resumeMicros = nextMicros;
        }
        skipToKeyframe = true;
        held = false;
        if (suspended) {
            suspended = false;
        } else if (state.phase() == Phase.LIVE) {
            setState(DestinationState.of(Phase.LIVE, ""));
        }
    }

    /** The slate ran out: disconnect, and connect again once the publisher is back. */
    void suspend() {
        suspended = true;
        held = false;
        reconnect();
    }

    /** Real packets after a slate: timestamps moved to follow it, SPS and PPS in front of the first keyframe. */
    private Packet continued(Packet p) {
        long resume = resumeMicros;
        if (resume != Long.MIN_VALUE) {
            resumeMicros = Long.MIN_VALUE;
            shiftMicros = resume - p.timeBase().rescale(p.dts(), TimeBase.MICROS);
            if (p.trackId() == videoTrack) {
                Track v = tracks.stream().filter(t -> t.id() == videoTrack).findFirst().orElseThrow();
                p = Slate.withParameterSets(p, Slate.parameterSets(v.codecConfig()));
            }
        }
        long shift = shiftMicros;
        return shift == 0 ? p : p.shifted(TimeBase.MICROS.rescale(shift, p.timeBase()));
    }

    DestinationState state() {
        return state;
    }

    OutputInfo info() {
        return new OutputInfo("destination", definition.id(), plugin.id(), state.toString(), sent.get(), dropped.get(), 0);
    }

    /**
     * Drops the connection and connects again at once (shell and dashboard "reconnect"); a
     * destination that failed gets a fresh worker, since the admin may have fixed the far end.
     */
    synchronized void reconnect() {
        if (!running) {
            return;
        }
        if (state.phase() == Phase.FAILED) {
            // The worker ends right after reporting "failed": let it, then start a fresh one.
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (!thread.isAlive()) {
            thread = worker();
            return;
        }
        DestinationSession s = session;
        if (s != null) {
            s.close();
        }
        thread.interrupt();
    }

    private void setState(DestinationState s) {
        if (!s.equals(state)) {
            state = s;
            LOG.info("stream {} destination {}: {}", stream.name(), definition.id(), s);
            onChange.run();
        }
    }

    private void run() {
        long backoff = MIN_BACKOFF_MS;
        while (running) {
            if (suspended && !awaitPublisher()) {
                continue;
            }
            setState(DestinationState.of(Phase.CONNECTING, ""));
            long connectedAt = System.nanoTime();
            try {
                DestinationSession s = plugin.open(context());
                session = s;
                try {
                    s.tracks(tracks);
                    queue.clear();
                    skipToKeyframe = true;
                    if (state.phase() == Phase.CONNECTING) {
                        setState(DestinationState.of(Phase.LIVE, ""));
                    }
                    // Packets gathered for a twentieth of a part or segment are sent together: one
                    // wake-up per batch instead of per packet, for a delay no platform notices.
                    long batchMillis = stream.profile().inputBatchMillis();
                    while (running) {
                        Packet p = queue.poll(500, TimeUnit.MILLISECONDS);
                        while (p != null) {
                            s.packet(p);
                            sent.incrementAndGet();
                            p = queue.poll();
                        }
                        Thread.sleep(batchMillis);
                    }
                } finally {
                    session = null;
                    s.close();
                }
            } catch (InterruptedException e) {
                // reconnect() or close(): loop decides
                Thread.interrupted();
                backoff = MIN_BACKOFF_MS;
                continue;
            } catch (PluginException e) {
                if (e.isPermanent()) {
                    setState(DestinationState.of(Phase.FAILED, e.getMessage()));
                    return;
                }
                if (TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connectedAt) > MAX_BACKOFF_MS) {
                    backoff = MIN_BACKOFF_MS; // it ran fine for a while: start the backoff over
                }
                long wait = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
                setState(new DestinationState(Phase.RETRYING, e.getMessage(), wait));
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException ie) {
                    Thread.interrupted();
                    backoff = MIN_BACKOFF_MS;
                }
            } catch (RuntimeException e) {
                LOG.warn("stream {} destination {} failed", stream.name(), definition.id(), e);
                setState(DestinationState.of(Phase.FAILED, "plugin error: " + e));
                return;
            }
        }
    }

    /** Disconnected after a slate ran out; false when interrupted (reconnect or close) before the publisher came back. */
    private boolean awaitPublisher() {
        setState(DestinationState.of(Phase.IDLE, "waiting for the publisher"));
        try {
            while (suspended && running) {
                Thread.sleep(200);
            }
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private DestinationContext context() {
        return new DestinationContext() {
            @Override
            public StreamDefinition stream() {
                return stream;
            }

            @Override
            public DestinationDefinition destination() {
                return definition;
            }

            @Override
            public void state(DestinationState s) {
                setState(s);
            }
        };
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        t.interrupt();
        try {
            t.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        setState(DestinationState.of(Phase.STOPPED, ""));
    }
}
