package io.lectern.destination.tutorial.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lectern.api.media.Packet;
import io.lectern.api.media.Track;
import io.lectern.api.pipeline.PipelineInfo;
import io.lectern.api.pipeline.PipelineListener;
import io.lectern.api.pipeline.PipelineState;
import io.lectern.api.plugin.Destination;
import io.lectern.api.plugin.DestinationContext;
import io.lectern.api.plugin.DestinationSession;
import io.lectern.api.plugin.FieldError;
import io.lectern.api.plugin.FieldSpec;
import io.lectern.api.plugin.PluginException;
import io.lectern.api.stream.StreamDefinition;
import io.lectern.store.Recording;
import io.lectern.store.RecordingLibrary;
import io.lectern.store.RecordingStore;
import io.lectern.store.StoreException;

/**
 * The tutorial destination: Lectern's own audience. The watch page and embed play the live stream
 * anyway; this destination keeps the session as an on-demand recording (HLS, see {@link Recorder}).
 * <p>
 * One recording per stream session (one run of its pipeline, known by the definition it runs): a
 * publisher that reconnects, or a destination session that ends and comes back while the same
 * pipeline runs, goes on with the same recording. It ends when the pipeline stops or is blocked,
 * when the tracks change, when the stream is started again (with new settings), or when nothing has
 * fed it for {@link TutorialConfig#closeAfterMinutes()}. Recordings left unfinished by a crash are
 * closed when this component starts.
 */
@Component(name = TutorialDestination.PID, configurationPid = TutorialDestination.PID, immediate = true,
        service = {Destination.class, PipelineListener.class, RecordingLibrary.class})
@Designate(ocd = TutorialConfig.class)
public final class TutorialDestination implements Destination, PipelineListener, RecordingLibrary {

    static final String PID = "io.lectern.destination.tutorial";
    /** Settings key: days to keep this destination's recordings; empty follows the server's setting. */
    static final String KEEP_DAYS = "keepDays";

    private static final Logger LOG = LoggerFactory.getLogger(TutorialDestination.class);

    private final TutorialConfig config;
    private final RecordingStore store;
    private final Path root;
    private final ScheduledExecutorService timer;
    /**
     * The open recordings, fed or waiting for their session to come back, by stream and destination
     * id ({@code maths/recording}). Guarded by this.
     */
    private final Map<String, Active> active = new HashMap<>();

    @Activate
    public TutorialDestination(TutorialConfig config, BundleContext context, @Reference RecordingStore store) {
        this(config, Folders.root(config, context.getProperty("lectern.data")), store);
    }

    TutorialDestination(TutorialConfig config, Path root, RecordingStore store) {
        this.config = config;
        this.root = root;
        this.store = store;
        closeLeftovers();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lectern-recordings");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, config.checkMinutes());
        timer.scheduleWithFixedDelay(this::housekeeping, every, every, TimeUnit.MINUTES);
    }

    @Deactivate
    void stop() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(10, TimeUnit.SECONDS);
        List<Active> open;
        synchronized (this) {
            open = new ArrayList<>(active.values());
            active.clear();
        }
        open.forEach(this::finish);
    }

    @Override
    public String id() {
        return StreamDefinition.TUTORIAL;
    }

    @Override
    public String displayName() {
        return "Tutorial page and recording";
    }

    @Override
    public List<FieldSpec> fields() {
        return List.of(FieldSpec.of(KEEP_DAYS, "Keep recordings (days)", FieldSpec.Type.NUMBER, "", false,
                "Empty: as set for the whole server (" + config.keepDays() + " days" + (config.keepDays() == 0 ? ", that is forever" : "") + ")."));
    }

    @Override
    public List<FieldError> validate(Map<String, String> settings) {
        String days = settings.getOrDefault(KEEP_DAYS, "").strip();
        if (!days.isEmpty() && keepDays(days) < 0) {
            return List.of(new FieldError(KEEP_DAYS, "Use a whole number of days from 1 to 3650, or leave it empty."));
        }
        return List.of();
    }

    /** The days, 0 for empty, -1 when it is no whole number from 1 to 3650. */
    private static int keepDays(String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        try {
            int d = Integer.parseInt(text.strip());
            return d >= 1 && d <= 3650 ? d : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public DestinationSession open(DestinationContext context) throws PluginException {
        List<FieldError> errors = validate(context.destination().settings());
        if (!errors.isEmpty()) {
            throw new PluginException("setting '" + errors.get(0).field() + "': " + errors.get(0).message(), null, true);
        }
        return new Session(context.stream(), context.destination().id(), keepDays(context.destination().settings().get(KEEP_DAYS)));
    }

    // ----- the pipeline tells when a stream session ends -----

    @Override
    public void pipelineChanged(PipelineInfo info) {
        if (info.state() == PipelineState.STOPPED || info.state() == PipelineState.BLOCKED) {
            List<Active> ended = new ArrayList<>();
            synchronized (this) {
                // A session still attached belongs to a newer run of the stream.
                active.values().removeIf(a -> a.recording.stream().equals(info.stream()) && a.session == null && ended.add(a));
            }
            ended.forEach(this::finish);
        }
    }

    // ----- RecordingLibrary -----

    @Override
    public boolean delete(String id) {
        Optional<Recording> found = store.find(id);
        if (found.isEmpty()) {
            return false;
        }
        Recording r = found.get();
        synchronized (this) {
            if (active.values().stream().anyMatch(a -> a.recording.id().equals(id))) {
                throw new StoreException(StoreException.Reason.CONFLICT,
                        "it is still being recorded: stop the stream first, or wait until the recording is ready");
            }
        }
        try {
            Folders.delete(Folders.of(root, r));
        } catch (IOException e) {
            throw new StoreException(StoreException.Reason.UNAVAILABLE, "the recording's files could not be deleted: " + e.getMessage(), e);
        }
        LOG.info("recording {} of stream {} deleted", id, r.stream());
        return store.delete(id);
    }

    // ----- housekeeping -----

    /** Closes what a crash left open: before any session, so nothing writes to these folders. */
    private void closeLeftovers() {
        List<Recording> open;
        try {
            open = store.list().stream().filter(r -> r.state() == Recording.State.RECORDING).toList();
        } catch (StoreException e) {
            LOG.warn("cannot look for unfinished recordings: {}", e.getMessage());
            return;
        }
        for (Recording r : open) {
            try {
                Leftovers.Closed c = Leftovers.close(Folders.of(root, r));
                if (c.durationMillis() == 0) {
                    Folders.delete(Folders.of(root, r));
                    store.delete(r.id());
                    LOG.info("unfinished recording {} of stream {} held no media: deleted", r.id(), r.stream());
                } else {
                    OffsetDateTime ended = c.lastWritten().toInstant().atOffset(ZoneOffset.UTC);
                    store.progress(r.id(), c.durationMillis(), c.bytes(), ended.isBefore(r.started()) ? r.started() : ended);
                    LOG.info("unfinished recording {} of stream {} closed ({} s)", r.id(), r.stream(), c.durationMillis() / 1000);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot close unfinished recording {}: {}", r.id(), e.toString());
            }
        }
    }

    /** Ends recordings whose session is over, then deletes what the retention says. */
    void housekeeping() {
        try {
            closeAbandoned();
            prune(OffsetDateTime.now(ZoneOffset.UTC));
        } catch (RuntimeException e) {
            // Caught: an exception would cancel every later run.
            LOG.warn("recordings housekeeping failed: {}", e.toString());
        }
    }

    /** Ends recordings that nothing has fed for a while (the publisher never came back). */
    private void closeAbandoned() {
        long idleLimit = TimeUnit.MINUTES.toNanos(Math.max(1, config.closeAfterMinutes()));
        List<Active> ended = new ArrayList<>();
        synchronized (this) {
            active.values().removeIf(a -> {
                boolean over = a.session == null && System.nanoTime() - a.detachedAt > idleLimit;
                if (over) {
                    ended.add(a);
                }
                return over;
            });
        }
        ended.forEach(this::finish);
    }

    void prune(OffsetDateTime now) {
        long maxBytes = (long) (config.maxTotalGigabytes() * 1e9);
        for (Recording r : Retention.expired(store.list(), now, config.keepDays(), maxBytes)) {
            LOG.info("recording {} of stream {} from {} is past its keep time or over the space limit", r.id(), r.stream(), r.started());
            delete(r.id());
        }
    }

    private void finish(Active a) {
        try {
            a.recorder.finish();
            LOG.info("recording {} of stream {} is ready", a.recording.id(), a.recording.stream());
        } catch (IOException | RuntimeException e) {
            LOG.warn("recording {}: finishing failed: {}", a.recording.id(), e.toString());
        }
    }

    /** A stream's open recording and who feeds it. Fields guarded by the destination's lock. */
    private static final class Active {
        final Recording recording;
        final Recorder recorder;
        /** The definition its pipeline runs: the same object for the whole run, a new one after a restart. */
        final StreamDefinition run;
        Session session;
        long detachedAt = System.nanoTime();

        Active(Recording recording, Recorder recorder, StreamDefinition run) {
            this.recording = recording;
            this.recorder = recorder;
            this.run = run;
        }
    }

    /** One destination session: attaches to the stream's open recording, or starts one. */
    private final class Session implements DestinationSession {
        private final StreamDefinition stream;
        private final String key;
        private final int keepDays;
        private Active current;

        Session(StreamDefinition stream, String destination, int keepDays) {
            this.stream = stream;
            this.key = stream.name() + "/" + destination;
            this.keepDays = keepDays;
        }

        @Override
        public void tracks(List<Track> tracks) throws PluginException {
            if (tracks.stream().anyMatch(t -> t.codec().isRaw())) {
                // An uncompressed source (test pattern, WebRTC) when the ladder has no "source" rung.
                throw new PluginException("the rendition is not encoded: choose one of the stream's qualities, e.g. 720p, for the recording",
                        null, true);
            }
            Active stale = null;
            synchronized (TutorialDestination.this) {
                Active a = active.get(key);
                if (a != null && (a.session != null || a.run != stream || !a.recorder.accepts(tracks))) {
                    stale = active.remove(key);
                    a = null;
                }
                if (a != null) {
                    a.recorder.resume();
                    LOG.info("stream {}: recording {} goes on", stream.name(), a.recording.id());
                } else {
                    a = start(tracks);
                    active.put(key, a);
                }
                a.session = this;
                current = a;
            }
            if (stale != null) {
                finish(stale);
            }
        }

        private Active start(List<Track> tracks) throws PluginException {
            Recording r;
            try {
                r = store.create(stream.name(), stream.title(), OffsetDateTime.now(ZoneOffset.UTC), keepDays);
            } catch (StoreException e) {
                throw new PluginException("cannot note the recording in the database: " + e.getMessage(), e);
            }
            try {
                Recorder recorder = new Recorder(Folders.of(root, r), tracks, stream.profile(), config.segmentSeconds(),
                        (durationMillis, bytes, ended) -> progress(r, durationMillis, bytes, ended));
                LOG.info("stream {}: recording {} started", stream.name(), r.id());
                return new Active(r, recorder, stream);
            } catch (IOException | RuntimeException e) {
                store.delete(r.id());
                // The tracks will not change by retrying: the admin must pick another rendition.
                throw new PluginException("cannot record this rendition: " + e.getMessage(), e, true);
            }
        }

        @Override
        public void packet(Packet packet) throws PluginException {
            try {
                current.recorder.write(packet);
            } catch (IOException e) {
                throw new PluginException("writing the recording failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            synchronized (TutorialDestination.this) {
                if (current != null && current.session == this) {
                    current.session = null;
                    current.detachedAt = System.nanoTime();
                }
            }
        }
    }

    private void progress(Recording r, long durationMillis, long bytes, boolean ended) {
        try {
            store.progress(r.id(), durationMillis, bytes, ended ? OffsetDateTime.now(ZoneOffset.UTC) : null);
        } catch (StoreException e) {
            // The files are what counts; the figures are written again with the next segment or at the end.
            LOG.warn("recording {}: cannot note its progress: {}", r.id(), e.getMessage());
        }
    }
}
