package io.lectern.cmaf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lectern.api.delivery.Part;
import io.lectern.api.delivery.Rendition;
import io.lectern.api.delivery.Segment;
import io.lectern.api.media.Codec;
import io.lectern.api.media.MediaKind;
import io.lectern.api.media.Packet;
import io.lectern.api.media.TimeBase;
import io.lectern.api.profile.LatencyProfile;
import io.lectern.cmaf.internal.Box;
import io.lectern.cmaf.internal.Fragment;
import io.lectern.cmaf.internal.InitSegment;
import io.lectern.cmaf.internal.Nal;
import io.lectern.cmaf.internal.Sample;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one rendition's CMAF files under {@code <streamDir>/<rendition id>/}: {@code init.mp4}, the
 * segments {@code seg-<n>.m4s} and, in low-latency mode, their parts {@code seg-<n>.<i>.m4s}. A
 * segment file is its parts' bytes after a {@code styp}, so parts and segments hold the same media.
 * <p>
 * Every file appears at once (written aside, then moved), so HTTP readers never see half a file.
 * Sequence numbers continue after the highest found on disk, so they only grow, also across restarts.
 * One thread writes; the methods are synchronized so that {@link #close()} may come from another.
 * <p>
 * Each segment is dated (for program date-time) by a {@link CaptureClock}: the stream's, fed by its
 * ingest, or without one, a clock of the segmenter's own fed by the packets' arrival here.
 */
public final class CmafSegmenter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CmafSegmenter.class);
    private static final Pattern MEDIA_FILE = Pattern.compile("seg-(\\d+)(?:\\.\\d+)?\\.m4s");
    private static final Pattern RENDITION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final String INIT = "init.mp4";

    private final Rendition rendition;
    private final Path dir;
    private final SegmentListener listener;
    private final CaptureClock clock;
    /** Whether the clock is this segmenter's own, so it feeds it (else the ingest does). */
    private final boolean ownClock;
    private final boolean video;
    private final long scale;
    private final long segmentUnits;
    private final long cutTolerance;
    private final long partUnits;
    private final long windowUnits;
    private final long fallbackDuration;

    private final Deque<Written> window = new ArrayDeque<>();
    private long windowDuration;
    private long nextSequence;
    private int fragmentNumber = 1;
    private boolean initWritten;
    private byte[] avcC;
    private boolean closed;
    private int segmentsWritten;

    /** Timestamps of the current run (until the next discontinuity) are moved by this, never below 0. */
    private long offset;
    private boolean runStarted;
    private Sample held;
    private long lastDuration;
    private boolean discontinuityNext;

    private boolean segmentOpen;
    private long sequence;
    private long segmentStart;
    private long segmentDuration;
    private long segmentWallClock;
    private boolean segmentDiscontinuity;
    private final ByteArrayOutputStream segmentBytes = new ByteArrayOutputStream();
    private final List<Sample> samples = new ArrayList<>();
    private final List<Long> durations = new ArrayList<>();
    private long pendingDuration;
    private int partIndex;

    /**
     * @param rendition what to write; its id names the folder, its track the codec and time base
     * @param streamDir the stream's folder
     * @param profile   segment, part and window durations
     * @param listener  told about each file written
     * @throws IOException if the folder cannot be made or the codec cannot go into CMAF
     */
    public CmafSegmenter(Rendition rendition, Path streamDir, LatencyProfile profile, SegmentListener listener) throws IOException {
        this(rendition, streamDir, profile, listener, null);
    }

    /**
     * @param clock when the stream's media was captured, fed by the ingest; {@code null} to date
     *              segments by when their packets arrive here
     * @see #CmafSegmenter(Rendition, Path, LatencyProfile, SegmentListener)
     */
    public CmafSegmenter(Rendition rendition, Path streamDir, LatencyProfile profile, SegmentListener listener, CaptureClock clock)
            throws IOException {
        if (!RENDITION_ID.matcher(rendition.id()).matches()) {
            throw new IllegalArgumentException("rendition id '" + rendition.id() + "' cannot be a folder name");
        }
        Codec codec = rendition.track().codec();
        if (codec != Codec.H264 && codec != Codec.HEVC && codec != Codec.AV1 && codec != Codec.AAC && codec != Codec.OPUS) {
            throw new IOException("CMAF segments cannot carry " + codec);
        }
        this.rendition = rendition;
        this.listener = listener;
        this.ownClock = clock == null;
        this.clock = ownClock ? new CaptureClock() : clock;
        this.dir = streamDir.resolve(rendition.id());
        this.video = rendition.kind() == MediaKind.VIDEO;
        TimeBase tb = rendition.track().timeBase();
        this.scale = tb.num();
        this.segmentUnits = units(profile.segmentSeconds());
        // Encoder timestamps may put a keyframe a hair before the boundary; do not wait a whole GOP for that.
        this.cutTolerance = video ? Math.min(units(0.1), segmentUnits / 20) : 0;
        this.partUnits = units(profile.partSeconds());
        int windowSeconds = profile.dvrWindowSeconds() > 0 ? profile.dvrWindowSeconds() : profile.liveWindowSeconds();
        this.windowUnits = units(windowSeconds);
        double fallback = video
                ? 1 / (rendition.track().video().fps() > 0 ? rendition.track().video().fps() : 25)
                : 1024.0 / rendition.track().audio().sampleRate();
        this.fallbackDuration = Math.max(1, units(fallback));
        Files.createDirectories(dir);
        this.nextSequence = tidy(windowSeconds) + 1;
    }

    private long units(double seconds) {
        TimeBase tb = rendition.track().timeBase();
        return Math.round(seconds * tb.den() / tb.num());
    }

    /**
     * Finds the highest sequence number on disk and deletes what an earlier run left behind that is
     * older than the window (its segments are listed nowhere any more).
     */
    private long tidy(int windowSeconds) throws IOException {
        long highest = 0;
        long cutoff = System.currentTimeMillis() - windowSeconds * 1000L;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                Matcher m = MEDIA_FILE.matcher(name);
                if (m.matches()) {
                    highest = Math.max(highest, Long.parseLong(m.group(1)));
                    if (Files.getLastModifiedTime(f).toMillis() < cutoff) {
                        Files.deleteIfExists(f);
                    }
                } else if (name.startsWith(".") && name.endsWith(".tmp")) {
                    Files.deleteIfExists(f);
                }
            }
        }
        return highest;
    }

    /** Adds one packet of the rendition's track. Video waits for a keyframe to start a segment. */
    public synchronized void write(Packet p) throws IOException {
        if (closed) {
            return;
        }
        if (p.isDiscontinuity() || held != null && p.dts() + offset <= held.dts()) {
            discontinuity();
        }
        if (held == null && !segmentOpen && video && !p.isKeyframe()) {
            return;
        }
        byte[] data;
        if (rendition.track().codec() == Codec.H264) {
            data = Nal.lengthPrefixed(p.payload());
        } else {
            data = new byte[p.size()];
            p.payload().get(data);
        }
        if (!initWritten) {
            writeInit(data);
        }
        if (!runStarted) {
            offset = p.dts() < 0 ? -p.dts() : 0;
            runStarted = true;
        }
        double ptsSeconds = p.ptsSeconds();
        if (ownClock) {
            clock.arrived(ptsSeconds);
        }
        Sample s = new Sample(data, p.dts() + offset, p.pts() - p.dts(), p.duration(), p.isKeyframe(), clock.wallMillis(ptsSeconds));
        if (held != null) {
            add(held, s.dts() - held.dts());
        }
        held = s;
    }

    /** The next segment follows a jump in timestamps (the publisher reconnected); ends the one in progress. */
    public synchronized void discontinuity() {
        if (closed) {
            return;
        }
        try {
            flush();
        } catch (IOException e) {
            LOG.warn("rendition {}: writing the last segment before a discontinuity failed: {}", rendition.id(), e.toString());
        }
        discontinuityNext = segmentsWritten > 0;
        runStarted = false;
        if (ownClock) {
            clock.reset();
        }
    }

    /** Writes the segment in progress, e.g. because the publisher left. */
    public synchronized void finish() throws IOException {
        if (!closed) {
            flush();
        }
    }

    /** Stops writing; a segment in progress is dropped (call {@link #finish()} first to keep it). */
    @Override
    public synchronized void close() {
        closed = true;
        held = null;
        samples.clear();
        durations.clear();
    }

    private void flush() throws IOException {
        if (held != null) {
            long d = held.packetDuration() > 0 ? held.packetDuration() : lastDuration > 0 ? lastDuration : fallbackDuration;
            Sample last = held;
            held = null;
            add(last, d);
        }
        if (segmentOpen) {
            closeSegment();
        }
    }

    private void writeInit(byte[] firstSample) throws IOException {
        if (rendition.track().codec() == Codec.H264) {
            avcC = Nal.avcC(rendition.track().codecConfigBytes(), firstSample);
            if (avcC == null) {
                throw new IOException("rendition " + rendition.id() + ": no SPS/PPS in the codec configuration or the first keyframe");
            }
        }
        atomicWrite(dir.resolve(INIT), InitSegment.build(rendition.track(), avcC));
        initWritten = true;
        listener.init(rendition, rendition.id() + "/" + INIT);
    }

    /** Places a sample whose duration is now known: into the current part and segment, or a new one. */
    private void add(Sample s, long duration) throws IOException {
        if (duration <= 0) {
            duration = lastDuration > 0 ? lastDuration : fallbackDuration;
        }
        lastDuration = duration;
        if (segmentOpen && s.dts() - segmentStart + cutTolerance >= segmentUnits && (!video || s.keyframe())) {
            closeSegment();
        }
        if (!segmentOpen) {
            openSegment(s);
        } else if (partUnits > 0 && video && s.keyframe() && !samples.isEmpty()) {
            // A keyframe starts a new part, so players can join or switch there (INDEPENDENT=YES).
            writePart();
        }
        samples.add(s);
        durations.add(duration);
        pendingDuration += duration;
        segmentDuration += duration;
        if (partUnits > 0 && pendingDuration * 100 >= partUnits * 99) {
            writePart();
        }
    }

    private void openSegment(Sample first) {
        segmentOpen = true;
        sequence = nextSequence++;
        segmentStart = first.dts();
        segmentDuration = 0;
        segmentWallClock = first.capturedMillis();
        segmentDiscontinuity = discontinuityNext;
        discontinuityNext = false;
        segmentBytes.reset();
        partIndex = 0;
    }

    private byte[] fragment() {
        long[] d = new long[durations.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = durations.get(i);
        }
        byte[] f = Fragment.build(fragmentNumber++, samples, d, scale, video);
        samples.clear();
        durations.clear();
        pendingDuration = 0;
        return f;
    }

    private void writePart() throws IOException {
        boolean independent = samples.get(0).keyframe() || !video;
        long duration = pendingDuration;
        byte[] bytes = fragment();
        String uri = rendition.id() + "/seg-" + sequence + "." + partIndex + ".m4s";
        atomicWrite(dir.resolve("seg-" + sequence + "." + partIndex + ".m4s"), bytes);
        segmentBytes.writeBytes(bytes);
        listener.part(new Part(rendition.id(), sequence, partIndex, duration, independent, uri));
        partIndex++;
    }

    private void closeSegment() throws IOException {
        if (!samples.isEmpty()) {
            if (partUnits > 0) {
                writePart();
            } else {
                segmentBytes.writeBytes(fragment());
            }
        }
        segmentOpen = false;
        Box styp = new Box(24);
        int at = styp.start("styp");
        styp.fourcc("msdh").u32(0).fourcc("msdh").fourcc("cmfs");
        styp.end(at);
        String name = "seg-" + sequence + ".m4s";
        byte[] head = styp.toByteArray();
        atomicWrite(dir.resolve(name), head, segmentBytes);
        Segment seg = new Segment(rendition.id(), sequence, segmentStart, segmentDuration, rendition.id() + "/" + name,
                head.length + segmentBytes.size(), segmentDiscontinuity, segmentWallClock);
        segmentsWritten++;
        listener.segment(seg);
        window.addLast(new Written(seg, partIndex));
        windowDuration += seg.duration();
        while (window.size() > 1 && windowDuration - window.peekFirst().segment.duration() >= windowUnits) {
            expire(window.removeFirst());
        }
    }

    private void expire(Written w) {
        windowDuration -= w.segment.duration();
        listener.expired(w.segment);
        try {
            Files.deleteIfExists(dir.resolve("seg-" + w.segment.sequence() + ".m4s"));
            for (int i = 0; i < w.parts; i++) {
                Files.deleteIfExists(dir.resolve("seg-" + w.segment.sequence() + "." + i + ".m4s"));
            }
        } catch (IOException e) {
            LOG.warn("rendition {}: deleting segment {} failed: {}", rendition.id(), w.segment.sequence(), e.toString());
        }
    }

    private static void atomicWrite(Path target, byte[] bytes) throws IOException {
        atomicWrite(target, bytes, null);
    }

    /** Writes {@code head} and then {@code body}, if any, straight from its buffer, so a segment is not copied again. */
    private static void atomicWrite(Path target, byte[] head, ByteArrayOutputStream body) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            out.write(head);
            if (body != null) {
                body.writeTo(out);
            }
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A segment still on disk, with how many part files it has. */
    private record Written(Segment segment, int parts) {
    }
}
