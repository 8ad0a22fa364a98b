package io.lectern.packager.dash.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import io.lectern.api.delivery.Manifest;
import io.lectern.api.delivery.Rendition;
import io.lectern.api.delivery.Segment;
import io.lectern.api.media.MediaKind;
import io.lectern.api.media.TimeBase;
import io.lectern.api.plugin.PackagerSession;
import io.lectern.api.profile.LatencyProfile;

/**
 * One stream's MPD. The clock: availabilityStartTime is set when the first segment is written, so
 * that this segment's end falls on that moment, and each Period maps its first segment's media time
 * the same way. A segment therefore becomes available to players when it is written, not earlier
 * (the segments' program date-time, the capture time, would promise segments before the encoder
 * has made them). A publisher reconnect (a discontinuity) starts a new Period, as the media
 * timeline jumps there.
 * <p>
 * Players reload the MPD four times a segment and stay {@link #presentationDelay one segment, one
 * reload and 1.5 s} behind live, which dash.js reads from {@code suggestedPresentationDelay}.
 * <p>
 * Low-latency mode is chunked CMAF: each segment is made of the LL-HLS parts, and delivery sends a
 * segment still being written part by part as they come (HTTP chunked transfer). The timeline
 * therefore announces the segment being written (with the length of the last one) and
 * {@code availabilityTimeOffset} lets players ask for it once its first part is there; they can
 * stay {@link #presentationDelay about one segment} behind live instead of two and a half.
 */
final class DashSession implements PackagerSession {

    static final String CONTENT_TYPE = "application/dash+xml";
    static final String NAME = "manifest.mpd";

    private final List<Rendition> renditions;
    private final LatencyProfile profile;
    private final String utcTiming;
    private final int maxAge;
    private final int windowSeconds;
    private final Deque<Period> periods = new ArrayDeque<>();
    private final Map<String, Integer> periodOf = new HashMap<>();
    private final List<CompletableFuture<Manifest>> waiting = new ArrayList<>();
    private long availabilityStart = -1;
    private boolean ended;

    DashSession(List<Rendition> renditions, LatencyProfile profile, String utcTiming, int maxAge) {
        this.renditions = List.copyOf(renditions);
        this.profile = profile;
        this.utcTiming = utcTiming;
        // A cached MPD older than the update period would hide the newest segment from players.
        this.maxAge = Math.min(maxAge, (int) updatePeriod(profile));
        this.windowSeconds = Math.max(profile.liveWindowSeconds(), profile.dvrWindowSeconds());
    }

    @Override
    public void segment(Segment s) {
        segment(s, System.currentTimeMillis());
    }

    /** Segment {@code s} was written at {@code writtenMillis}. */
    void segment(Segment s, long writtenMillis) {
        Rendition r = renditions.stream().filter(x -> x.id().equals(s.rendition())).findFirst().orElse(null);
        if (r == null) {
            return;
        }
        List<CompletableFuture<Manifest>> ready;
        String text;
        // When the segment's first sample would have been made for it to be complete just now.
        long startMillis = writtenMillis - Math.round(r.track().timeBase().seconds(s.duration()) * 1000);
        synchronized (this) {
            if (availabilityStart < 0) {
                availabilityStart = startMillis;
            }
            Integer current = periodOf.get(r.id());
            int number = current == null ? 0 : s.discontinuity() ? current + 1 : current;
            periodOf.put(r.id(), number);
            Period p = period(number, s, r, startMillis);
            p.segments.computeIfAbsent(r.id(), k -> new ArrayDeque<>()).addLast(s);
            trim(r);
            ready = new ArrayList<>(waiting);
            waiting.clear();
            text = ready.isEmpty() ? null : render(Instant.now());
        }
        ready.forEach(f -> f.complete(Manifest.of(CONTENT_TYPE, text, maxAge)));
    }

    /** The Period numbered {@code number}, made when its first segment arrives. */
    private Period period(int number, Segment first, Rendition r, long firstStartMillis) {
        for (Period p : periods) {
            if (p.number == number) {
                return p;
            }
        }
        double mediaStart = r.track().timeBase().seconds(first.start());
        long start = 0;
        Period last = periods.peekLast();
        if (last != null) {
            // Never before the end of the Period it follows, even if clocks disagree.
            start = Math.max(firstStartMillis - availabilityStart, last.startMillis + Math.round(last.durationSeconds(renditions) * 1000));
        }
        Period p = new Period(number, start, mediaStart);
        periods.addLast(p);
        return p;
    }

    /** Keeps the window's worth of a rendition's segments and drops Periods left empty. */
    private void trim(Rendition r) {
        TimeBase tb = r.track().timeBase();
        double total = 0;
        for (Period p : periods) {
            for (Segment s : p.segments.getOrDefault(r.id(), new ArrayDeque<>())) {
                total += tb.seconds(s.duration());
            }
        }
        for (Period p : periods) {
            Deque<Segment> list = p.segments.get(r.id());
            while (list != null && list.size() > 0 && total - tb.seconds(list.peekFirst().duration()) >= windowSeconds) {
                total -= tb.seconds(list.removeFirst().duration());
            }
        }
        dropEmptyPeriods();
    }

    private void dropEmptyPeriods() {
        while (periods.size() > 1 && periods.peekFirst().segments.values().stream().allMatch(Deque::isEmpty)) {
            periods.removeFirst();
        }
    }

    @Override
    public synchronized void expired(Segment s) {
        for (Period p : periods) {
            Deque<Segment> list = p.segments.get(s.rendition());
            while (list != null && !list.isEmpty() && list.peekFirst().sequence() <= s.sequence()) {
                list.removeFirst();
            }
        }
        dropEmptyPeriods();
    }

    @Override
    public void end() {
        List<CompletableFuture<Manifest>> ready;
        String text;
        synchronized (this) {
            ended = true;
            ready = new ArrayList<>(waiting);
            waiting.clear();
            text = render(Instant.now());
        }
        ready.forEach(f -> f.complete(Manifest.of(CONTENT_TYPE, text, maxAge)));
    }

    @Override
    public void close() {
        end();
    }

    @Override
    public Optional<CompletionStage<Manifest>> manifest(String name, Map<String, String> query) {
        if (!NAME.equals(name)) {
            return Optional.empty();
        }
        CompletableFuture<Manifest> f;
        synchronized (this) {
            if (availabilityStart >= 0 || ended) {
                return Optional.of(CompletableFuture.completedFuture(Manifest.of(CONTENT_TYPE, render(Instant.now()), maxAge)));
            }
            // Nothing written yet: answer when the first segment is there, so players can start at once.
            f = new CompletableFuture<>();
            waiting.removeIf(CompletableFuture::isDone);
            waiting.add(f);
        }
        long timeout = Math.round(profile.segmentSeconds() * 3000);
        return Optional.of(f.completeOnTimeout(null, timeout, TimeUnit.MILLISECONDS).thenApply(m -> {
            if (m != null) {
                return m;
            }
            synchronized (this) {
                return Manifest.of(CONTENT_TYPE, render(Instant.now()), 0);
            }
        }));
    }

    String render(Instant now) {
        boolean dynamic = !ended;
        Xml x = new Xml();
        x.open("MPD").attr("xmlns", "urn:mpeg:dash:schema:mpd:2011")
                .attr("profiles", "urn:mpeg:dash:profile:isoff-live:2011")
                .attr("type", dynamic ? "dynamic" : "static");
        if (dynamic) {
            x.attr("availabilityStartTime", iso(availabilityStart >= 0 ? Instant.ofEpochMilli(availabilityStart) : now))
                    .attr("publishTime", iso(now))
                    .attr("minimumUpdatePeriod", duration(updatePeriod(profile)))
                    .attr("timeShiftBufferDepth", duration(windowSeconds))
                    .attr("suggestedPresentationDelay", duration(presentationDelay(profile)));
        } else {
            Period last = periods.peekLast();
            double end = last == null ? 0 : last.startMillis / 1000.0 + last.durationSeconds(renditions);
            x.attr("mediaPresentationDuration", duration(end));
        }
        x.attr("minBufferTime", duration(profile.lowLatency() ? profile.partSeconds() : profile.segmentSeconds())).end();
        if (dynamic && profile.lowLatency()) {
            // dash.js reads its target delay and catch-up range from here (DASH-IF low-latency guidelines).
            long target = Math.round(presentationDelay(profile) * 1000);
            x.open("ServiceDescription").attr("id", "0").end();
            x.open("Latency").attr("target", String.valueOf(target)).attr("min", String.valueOf(target * 3 / 4))
                    .attr("max", String.valueOf(target * 2)).empty();
            x.open("PlaybackRate").attr("min", "0.9").attr("max", "1.1").empty();
            x.close("ServiceDescription");
        }
        if (periods.isEmpty()) {
            x.open("Period").attr("id", "p0").attr("start", duration(0)).end().close("Period");
        }
        for (Period p : periods) {
            x.open("Period").attr("id", "p" + p.number).attr("start", duration(p.startMillis / 1000.0)).end();
            // Only the newest Period grows: it alone announces the segment being written.
            boolean growing = dynamic && profile.lowLatency() && p == periods.peekLast();
            adaptationSet(x, p, MediaKind.VIDEO, 0, growing);
            adaptationSet(x, p, MediaKind.AUDIO, 1, growing);
            x.close("Period");
        }
        x.open("UTCTiming").attr("schemeIdUri", "urn:mpeg:dash:utc:http-iso:2014").attr("value", utcTiming).empty();
        x.close("MPD");
        return x.toString();
    }

    private void adaptationSet(Xml x, Period p, MediaKind kind, int id, boolean growing) {
        List<Rendition> list = renditions.stream()
                .filter(r -> r.kind() == kind && !p.segments.getOrDefault(r.id(), new ArrayDeque<>()).isEmpty()).toList();
        if (list.isEmpty()) {
            return;
        }
        boolean video = kind == MediaKind.VIDEO;
        x.open("AdaptationSet").attr("id", String.valueOf(id)).attr("contentType", video ? "video" : "audio")
                .attr("mimeType", video ? "video/mp4" : "audio/mp4").attr("segmentAlignment", "true").attr("startWithSAP", "1");
        if (!video) {
            x.attr("lang", "und");
        }
        x.end();
        for (Rendition r : list) {
            x.open("Representation").attr("id", r.id()).attr("codecs", r.codecs()).attr("bandwidth", String.valueOf(r.bandwidth()));
            if (video) {
                x.attr("width", String.valueOf(r.track().video().width())).attr("height", String.valueOf(r.track().video().height()));
                if (r.track().video().frameRate() != null) {
                    TimeBase fr = r.track().video().frameRate();
                    x.attr("frameRate", fr.den() == 1 ? String.valueOf(fr.num()) : fr.num() + "/" + fr.den());
                }
            } else {
                x.attr("audioSamplingRate", String.valueOf(r.track().audio().sampleRate()));
            }
            x.end();
            if (!video) {
                x.open("AudioChannelConfiguration").attr("schemeIdUri", "urn:mpeg:dash:23003:3:audio_channel_configuration:2011")
                        .attr("value", String.valueOf(r.track().audio().channels())).empty();
            }
            segmentTemplate(x, p, r, growing);
            x.close("Representation");
        }
        x.close("AdaptationSet");
    }

    /**
     * Segments by number, with a timeline in the track's timescale: a run of equal, back-to-back
     * segments is one S. A {@code growing} timeline ends with the segment being written, given the
     * last one's length; players may fetch it {@code availabilityTimeOffset} (all of it but one part)
     * before its end, and get it part by part.
     */
    private void segmentTemplate(Xml x, Period p, Rendition r, boolean growing) {
        TimeBase tb = r.track().timeBase();
        Deque<Segment> list = p.segments.get(r.id());
        long offset = Math.round(p.mediaStartSeconds * tb.den());
        x.open("SegmentTemplate").attr("timescale", String.valueOf(tb.den()))
                .attr("presentationTimeOffset", String.valueOf(offset))
                .attr("startNumber", String.valueOf(list.peekFirst().sequence()))
                .attr("initialization", "$RepresentationID$/init.mp4")
                .attr("media", "$RepresentationID$/seg-$Number$.m4s");
        if (growing) {
            x.attr("availabilityTimeOffset", String.format(Locale.ROOT, "%.3f", profile.segmentSeconds() - profile.partSeconds()))
                    .attr("availabilityTimeComplete", "false");
        }
        x.end();
        x.open("SegmentTimeline").end();
        long expected = Long.MIN_VALUE;
        long runT = 0;
        long runD = -1;
        int repeat = 0;
        for (Segment s : list) {
            long t = s.start() * tb.num();
            long d = s.duration() * tb.num();
            if (t == expected && d == runD) {
                repeat++;
            } else {
                if (runD >= 0) {
                    timelineEntry(x, runT, runD, repeat);
                }
                runT = t;
                runD = d;
                repeat = 0;
            }
            expected = t + d;
        }
        if (growing) {
            // The segment being written, back to back with the last and as long as it.
            repeat++;
        }
        timelineEntry(x, runT, runD, repeat);
        x.close("SegmentTimeline").close("SegmentTemplate");
    }

    private static void timelineEntry(Xml x, long t, long d, int repeat) {
        x.open("S").attr("t", String.valueOf(t)).attr("d", String.valueOf(d));
        if (repeat > 0) {
            x.attr("r", String.valueOf(repeat));
        }
        x.empty();
    }

    /** How often players reload the MPD to learn of new segments. */
    static double updatePeriod(LatencyProfile profile) {
        return profile.segmentSeconds() / 4;
    }

    /**
     * How far behind live players should play: a whole segment must be written, then the player
     * learns of it with its next MPD reload, and needs time to fetch it and keep a little in the
     * buffer: 1.5 s, as dash.js stalled now and then with 1 s on a busy machine. In low-latency
     * mode segments come part by part as they are written: one segment behind.
     */
    static double presentationDelay(LatencyProfile profile) {
        return profile.lowLatency() ? profile.segmentSeconds() : profile.segmentSeconds() + updatePeriod(profile) + 1.5;
    }

    private static String iso(Instant t) {
        return t.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    static String duration(double seconds) {
        return String.format(Locale.ROOT, "PT%.3fS", seconds);
    }

    /** One Period: where it starts after availabilityStartTime and the media time that maps there. */
    private static final class Period {
        final int number;
        final long startMillis;
        final double mediaStartSeconds;
        final Map<String, Deque<Segment>> segments = new LinkedHashMap<>();

        Period(int number, long startMillis, double mediaStartSeconds) {
            this.number = number;
            this.startMillis = startMillis;
            this.mediaStartSeconds = mediaStartSeconds;
        }

        /** From the Period start to the end of its longest rendition. */
        double durationSeconds(List<Rendition> renditions) {
            double longest = 0;
            for (Rendition r : renditions) {
                Deque<Segment> list = segments.get(r.id());
                if (list != null && !list.isEmpty()) {
                    Segment last = list.peekLast();
                    longest = Math.max(longest, r.track().timeBase().seconds(last.start() + last.duration()) - mediaStartSeconds);
                }
            }
            return longest;
        }
    }
}
