package io.lectern.packager.hls.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lectern.api.delivery.Manifest;
import io.lectern.api.delivery.Part;
import io.lectern.api.delivery.Rendition;
import io.lectern.api.delivery.Segment;
import io.lectern.api.media.MediaKind;
import io.lectern.api.plugin.PackagerSession;
import io.lectern.api.profile.LatencyProfile;
import io.lectern.packager.hls.HlsPlaylists;

/**
 * One stream's HLS playlists. Segment events come from the pipeline's packager thread, requests from
 * HTTP threads; both hold the session's lock only briefly, and blocking requests wait on a future, not
 * a thread.
 */
final class HlsSession implements PackagerSession {

    static final String CONTENT_TYPE = HlsPlaylists.CONTENT_TYPE;
    static final String MASTER = "master.m3u8";
    private static final String SUFFIX = HlsPlaylists.SUFFIX;

    private final Map<String, MediaPlaylist> playlists = new LinkedHashMap<>();
    /**
     * Blocking reloads by what they wait for: every viewer at the live edge waits for the same next
     * part, so thousands of requests share one future, completed once.
     */
    private final Map<Key, Waiter> waiters = new HashMap<>();
    private final String master;
    private final boolean lowLatency;
    private final int maxAge;
    private boolean ended;

    HlsSession(List<Rendition> renditions, LatencyProfile profile, int maxAge, int partSegments) {
        this.maxAge = maxAge;
        this.lowLatency = profile.lowLatency();
        // Parts end on a sample boundary at or just after the part duration, so allow one sample more.
        double longestSample = renditions.stream().mapToDouble(HlsSession::sampleSeconds).max().orElse(0);
        double partTarget = lowLatency ? profile.partSeconds() + longestSample : 0;
        int window = Math.max(profile.liveWindowSeconds(), profile.dvrWindowSeconds());
        for (Rendition r : renditions) {
            playlists.put(r.id(), new MediaPlaylist(r, window, profile.segmentSeconds(), partTarget, partSegments));
        }
        this.master = HlsPlaylists.master(renditions);
    }

    private static double sampleSeconds(Rendition r) {
        if (r.kind() == MediaKind.VIDEO) {
            double fps = r.track().video().fps();
            return fps > 0 ? 1 / fps : 0.04;
        }
        return r.track().audio() != null ? 1024.0 / r.track().audio().sampleRate() : 0;
    }

    @Override
    public void part(Part part) {
        synchronized (this) {
            MediaPlaylist p = playlists.get(part.rendition());
            if (p == null) {
                return;
            }
            p.part(part);
        }
        wake();
    }

    @Override
    public void segment(Segment segment) {
        synchronized (this) {
            MediaPlaylist p = playlists.get(segment.rendition());
            if (p == null) {
                return;
            }
            p.segment(segment);
        }
        wake();
    }

    @Override
    public synchronized void expired(Segment segment) {
        MediaPlaylist p = playlists.get(segment.rendition());
        if (p != null) {
            p.expired(segment);
        }
    }

    @Override
    public void end() {
        synchronized (this) {
            ended = true;
        }
        wake();
    }

    @Override
    public void close() {
        end();
    }

    @Override
    public Optional<CompletionStage<Manifest>> manifest(String name, Map<String, String> query) {
        if (MASTER.equals(name)) {
            return Optional.of(CompletableFuture.completedFuture(Manifest.of(CONTENT_TYPE, master, maxAge)));
        }
        if (!name.endsWith(SUFFIX)) {
            return Optional.empty();
        }
        MediaPlaylist p = playlists.get(name.substring(0, name.length() - SUFFIX.length()));
        if (p == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(media(p, query));
        } catch (IllegalArgumentException e) {
            return Optional.of(CompletableFuture.failedFuture(e));
        }
    }

    private CompletionStage<Manifest> media(MediaPlaylist p, Map<String, String> query) {
        String msnText = query.get("_HLS_msn");
        String partText = query.get("_HLS_part");
        if (msnText == null && partText != null) {
            throw new IllegalArgumentException("_HLS_part needs _HLS_msn");
        }
        // Every mode blocks for the next segment: players learn of it the moment it is written.
        long msn = msnText == null ? -1 : number(msnText, "_HLS_msn");
        int part = partText == null || !lowLatency ? -1 : (int) number(partText, "_HLS_part");
        Waiter w;
        synchronized (this) {
            if (ended) {
                return now(p, maxAge);
            }
            long last = p.lastSequence();
            if (msn >= 0 && last >= 0 && msn > last + 2) {
                throw new IllegalArgumentException("_HLS_msn=" + msn + " is more than two segments ahead of the playlist (last is " + last + ")");
            }
            if (msn < 0 && !p.isEmpty()) {
                return now(p, maxAge);
            }
            if (msn >= 0 && p.has(msn, part)) {
                return now(p, 0);
            }
            // A blocking reload, or the first request before any segment exists: wait for it.
            Key key = new Key(p, Math.max(msn, 0), msn < 0 ? -1 : part);
            w = waiters.get(key);
            if (w != null && !w.future.isDone()) {
                return w.answer;
            }
            w = new Waiter(key, p.targetSeconds() * 3000L);
            waiters.put(key, w);
        }
        return w.answer;
    }

    private CompletionStage<Manifest> now(MediaPlaylist p, int age) {
        return CompletableFuture.completedFuture(new Manifest(CONTENT_TYPE, p.bytes(ended), age));
    }

    private static long number(String text, String name) {
        try {
            long v = Long.parseLong(text);
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException(name + " must be a whole number >= 0, not '" + text + "'");
    }

    /** Completes the waiting requests whose segment or part is there now (or all, once ended). */
    private void wake() {
        List<Waiter> ready = new ArrayList<>();
        Map<MediaPlaylist, Manifest> answers = new HashMap<>();
        synchronized (this) {
            for (Iterator<Waiter> i = waiters.values().iterator(); i.hasNext();) {
                Waiter w = i.next();
                Key k = w.key;
                if (w.future.isDone()) {
                    i.remove();
                } else if (ended || k.playlist.has(k.msn, k.part)) {
                    i.remove();
                    ready.add(w);
                    answers.computeIfAbsent(k.playlist, x -> new Manifest(CONTENT_TYPE, x.bytes(ended), 0));
                }
            }
        }
        for (Waiter w : ready) {
            w.future.complete(answers.get(w.key.playlist));
        }
    }

    private record Key(MediaPlaylist playlist, long msn, int part) {
    }

    /**
     * The requests waiting for one part or segment. What they are answered: the playlist once it
     * lists what they wait for, or as it is after three target durations counted from the first of
     * them (later ones wait a little less; they all wait for the same next part).
     */
    private final class Waiter {
        final Key key;
        final CompletableFuture<Manifest> future = new CompletableFuture<>();
        final CompletionStage<Manifest> answer;

        Waiter(Key key, long timeoutMillis) {
            this.key = key;
            this.answer = future.orTimeout(timeoutMillis, TimeUnit.MILLISECONDS).exceptionally(e -> {
                if (e instanceof TimeoutException) {
                    synchronized (HlsSession.this) {
                        return new Manifest(CONTENT_TYPE, key.playlist.bytes(ended), 0);
                    }
                }
                throw new IllegalStateException(e);
            });
        }
    }
}
