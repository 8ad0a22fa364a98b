package io.lectern.packager.hls.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

import io.lectern.api.delivery.Part;
import io.lectern.api.delivery.Rendition;
import io.lectern.api.delivery.Segment;
import io.lectern.api.media.TimeBase;
import io.lectern.packager.hls.HlsPlaylists;

/** The segments and parts of one rendition, and its media playlist text. Not thread-safe: the session locks. */
final class MediaPlaylist {

    private final Rendition rendition;
    private final TimeBase timeBase;
    private final long windowUnits;
    private final int minTargetSeconds;
    private final double partTarget;
    private final int partSegments;
    private byte[] cached;
    private boolean cachedEnded;
    private final Deque<Entry> entries = new ArrayDeque<>();
    private long windowDuration;
    private long discontinuitySequence;
    private int targetSeconds;
    private long currentSequence = -1;
    private final List<Part> currentParts = new ArrayList<>();

    /**
     * @param partTarget   the LL-HLS part target in seconds, 0 for plain HLS
     * @param partSegments how many of the newest segments list their parts
     */
    MediaPlaylist(Rendition rendition, int windowSeconds, double segmentSeconds, double partTarget, int partSegments) {
        this.rendition = rendition;
        this.timeBase = rendition.track().timeBase();
        this.windowUnits = Math.round(windowSeconds * (double) timeBase.den() / timeBase.num());
        this.minTargetSeconds = (int) Math.ceil(segmentSeconds - 1e-6);
        this.targetSeconds = minTargetSeconds;
        this.partTarget = partTarget;
        this.partSegments = partSegments;
    }

    String id() {
        return rendition.id();
    }

    /** The target duration in seconds; grows if a segment runs long, never shrinks. */
    int targetSeconds() {
        return targetSeconds;
    }

    void part(Part p) {
        cached = null;
        if (p.sequence() != currentSequence) {
            currentSequence = p.sequence();
            currentParts.clear();
        }
        currentParts.add(p);
    }

    void segment(Segment s) {
        cached = null;
        List<Part> parts = s.sequence() == currentSequence ? List.copyOf(currentParts) : List.of();
        currentSequence = -1;
        currentParts.clear();
        entries.addLast(new Entry(s, parts));
        windowDuration += s.duration();
        targetSeconds = Math.max(targetSeconds, (int) Math.round(timeBase.seconds(s.duration())));
        while (entries.size() > 1 && windowDuration - entries.peekFirst().segment.duration() >= windowUnits) {
            drop(entries.removeFirst());
        }
    }

    void expired(Segment s) {
        cached = null;
        Iterator<Entry> it = entries.iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (e.segment.sequence() > s.sequence()) {
                return;
            }
            it.remove();
            drop(e);
        }
    }

    private void drop(Entry e) {
        windowDuration -= e.segment.duration();
        if (e.segment.discontinuity()) {
            discontinuitySequence++;
        }
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The sequence number of the last complete segment, -1 if none. */
    long lastSequence() {
        return entries.isEmpty() ? -1 : entries.peekLast().segment.sequence();
    }

    /**
     * Whether the playlist holds segment {@code msn} or a later one, or with {@code part >= 0} that part
     * of it. A part index past the end of a finished segment means the first part of the next.
     */
    boolean has(long msn, int part) {
        long last = lastSequence();
        if (part < 0 || last > msn) {
            return last >= msn;
        }
        if (last == msn) {
            return part < entries.peekLast().parts.size() || currentSequence == msn + 1 && !currentParts.isEmpty();
        }
        return currentSequence == msn && currentParts.size() > part;
    }

    /**
     * The playlist as sent, rendered once per change: every viewer asks for it every few seconds,
     * and a tutorial's two-hour window makes it long. Callers hold the session's lock.
     */
    byte[] bytes(boolean ended) {
        if (cached == null || cachedEnded != ended) {
            cached = render(ended).getBytes(StandardCharsets.UTF_8);
            cachedEnded = ended;
        }
        return cached;
    }

    String render(boolean ended) {
        boolean lowLatency = partTarget > 0;
        StringBuilder b = new StringBuilder(256 + entries.size() * 64);
        HlsPlaylists.head(b, lowLatency ? 9 : 7, targetSeconds);
        if (lowLatency) {
            b.append("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=").append(HlsPlaylists.seconds(3 * partTarget)).append('\n');
            b.append("#EXT-X-PART-INF:PART-TARGET=").append(HlsPlaylists.seconds(partTarget)).append('\n');
        } else {
            // No parts, but blocking reloads for whole segments, so players need not poll for them.
            b.append("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES\n");
        }
        long first = entries.isEmpty() ? Math.max(0, currentSequence) : entries.peekFirst().segment.sequence();
        HlsPlaylists.map(b, rendition, first, discontinuitySequence);
        int i = 0;
        int withParts = entries.size() - partSegments;
        List<Entry> list = List.copyOf(entries);
        for (Entry e : entries) {
            Segment s = e.segment;
            HlsPlaylists.segmentHead(b, i == 0 || s.discontinuity() ? dated(list, i) : s, i == 0);
            if (lowLatency && i >= withParts) {
                e.parts.forEach(p -> part(b, p));
            }
            HlsPlaylists.extinf(b, s, timeBase);
            i++;
        }
        if (ended) {
            b.append("#EXT-X-ENDLIST\n");
        } else if (lowLatency) {
            currentParts.forEach(p -> part(b, p));
            long next = currentSequence >= 0 ? currentSequence : lastSequence() + 1;
            if (next > 0) {
                b.append("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"").append(rendition.id()).append("/seg-").append(next)
                        .append('.').append(currentSequence >= 0 ? currentParts.size() : 0).append(".m4s\"\n");
            }
        }
        return b.toString();
    }

    /**
     * Segment {@code i} dated from the newest segment of its run (up to the next discontinuity): the
     * capture clock settles in a stream's first seconds, and a long DVR window would otherwise keep
     * an early, less exact date at its head for hours.
     */
    private Segment dated(List<Entry> list, int i) {
        Segment s = list.get(i).segment;
        int last = i;
        while (last + 1 < list.size() && !list.get(last + 1).segment.discontinuity()) {
            last++;
        }
        Segment newest = list.get(last).segment;
        long millis = newest.wallClockMillis() - Math.round(timeBase.seconds(newest.start() - s.start()) * 1000);
        return new Segment(s.rendition(), s.sequence(), s.start(), s.duration(), s.uri(), s.bytes(), s.discontinuity(), millis);
    }

    private void part(StringBuilder b, Part p) {
        b.append("#EXT-X-PART:DURATION=").append(HlsPlaylists.seconds(timeBase.seconds(p.duration()))).append(",URI=\"").append(p.uri()).append('"');
        if (p.independent()) {
            b.append(",INDEPENDENT=YES");
        }
        b.append('\n');
    }

    private record Entry(Segment segment, List<Part> parts) {
    }
}
