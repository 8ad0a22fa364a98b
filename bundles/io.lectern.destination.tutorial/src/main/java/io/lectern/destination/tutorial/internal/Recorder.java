package io.lectern.destination.tutorial.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.lectern.api.delivery.Part;
import io.lectern.api.delivery.Rendition;
import io.lectern.api.delivery.Segment;
import io.lectern.api.media.MediaKind;
import io.lectern.api.media.Packet;
import io.lectern.api.media.TimeBase;
import io.lectern.api.media.Track;
import io.lectern.api.profile.LatencyProfile;
import io.lectern.cmaf.CmafSegmenter;
import io.lectern.cmaf.Codecs;
import io.lectern.cmaf.SegmentListener;
import io.lectern.packager.hls.HlsPlaylists;

/**
 * One recording being written into its folder: a CMAF segmenter per track ({@code video/},
 * {@code audio/}), an HLS media playlist per track ({@code video.m3u8}, {@code audio.m3u8}, type
 * EVENT, rewritten after each segment) and {@code master.m3u8}. {@link #finish()} ends the playlists
 * with {@code EXT-X-ENDLIST}. A destination session that comes back with the same tracks
 * {@link #resume() resumes} it, and the next segments follow an {@code EXT-X-DISCONTINUITY}.
 * <p>
 * Methods are synchronized: the destination's thread writes, the housekeeping thread may finish.
 */
final class Recorder {

    static final String MASTER = "master.m3u8";
    /** Kept this long, segments never leave the segmenter's window. */
    private static final int FOREVER_SECONDS = Integer.MAX_VALUE / 1000;

    /** Told how far the recording got: after each segment of the main track, and once when it ends. */
    interface Progress {
        void report(long durationMillis, long bytes, boolean ended);
    }

    private final Path dir;
    private final List<Track> tracks;
    private final Map<Integer, Output> byTrack = new LinkedHashMap<>();
    private final Output main;
    private final Progress progress;
    private long bytes;
    private boolean finished;

    /**
     * @param tracks         the destination's tracks; packets name them by {@link Track#id()}
     * @param stream         the stream's profile: keyframe interval, encoder settings
     * @param segmentSeconds wanted segment length; never below the keyframe interval
     * @throws IOException if the folder cannot be made or a track cannot go into CMAF
     */
    Recorder(Path dir, List<Track> tracks, LatencyProfile stream, double segmentSeconds, Progress progress) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.tracks = List.copyOf(tracks);
        this.progress = progress;
        double seg = Math.max(segmentSeconds, stream.gopSeconds());
        LatencyProfile profile = new LatencyProfile(stream.gopSeconds(), seg, 0, (int) Math.ceil(seg * 3), FOREVER_SECONDS,
                stream.preset(), stream.tune(), stream.bitrateFactor(), true);
        List<Rendition> renditions = new ArrayList<>();
        for (Track t : tracks) {
            boolean media = t.kind() == MediaKind.VIDEO || t.kind() == MediaKind.AUDIO;
            if (!media || byTrack.values().stream().anyMatch(o -> o.kind() == t.kind())) {
                continue;
            }
            Track own = t.withId(1);
            Rendition r = new Rendition(t.kind() == MediaKind.VIDEO ? "video" : "audio", own, bandwidth(own), Codecs.rfc6381(own));
            Output o = new Output(r, seg);
            o.segmenter = new CmafSegmenter(r, dir, profile, o);
            byTrack.put(t.id(), o);
            renditions.add(r);
        }
        // Duration and progress follow the video, or the audio when there is no video.
        this.main = byTrack.values().stream().filter(o -> o.kind() == MediaKind.VIDEO).findFirst()
                .or(() -> byTrack.values().stream().findFirst())
                .orElseThrow(() -> new IOException("there is neither video nor audio to record"));
        Folders.write(dir.resolve(MASTER), HlsPlaylists.master(renditions));
        for (Output o : byTrack.values()) {
            o.writePlaylist(false);
        }
    }

    private static long bandwidth(Track t) {
        if (t.bitrate() > 0) {
            return (long) (t.bitrate() * 1.2);
        }
        return t.kind() == MediaKind.AUDIO ? 128_000 : 6_000_000;
    }

    Path directory() {
        return dir;
    }

    /** Whether a session with these tracks can go on writing this recording. */
    boolean accepts(List<Track> other) {
        if (other.size() != tracks.size()) {
            return false;
        }
        for (int i = 0; i < other.size(); i++) {
            Track x = tracks.get(i);
            Track y = other.get(i);
            if (x.id() != y.id() || x.codec() != y.codec() || !Objects.equals(x.video(), y.video())
                    || !Objects.equals(x.audio(), y.audio()) || !x.codecConfig().equals(y.codecConfig())) {
                return false;
            }
        }
        return true;
    }

    synchronized void write(Packet p) throws IOException {
        Output o = byTrack.get(p.trackId());
        if (o != null && !finished) {
            try {
                o.segmenter.write(p.withTrackId(1));
            } catch (UncheckedIOException e) {
                throw e.getCause(); // a playlist could not be written
            }
        }
    }

    /** A new session goes on: what follows is marked as a discontinuity. */
    synchronized void resume() {
        byTrack.values().forEach(o -> o.segmenter.discontinuity());
    }

    synchronized boolean finished() {
        return finished;
    }

    /** Writes what is buffered, ends the playlists and reports the final figures; once. */
    synchronized void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        IOException failed = null;
        for (Output o : byTrack.values()) {
            try {
                o.segmenter.finish();
            } catch (IOException e) {
                failed = e;
            }
            o.segmenter.close();
            o.writePlaylist(true);
        }
        progress.report(main.durationMillis(), bytes, true);
        if (failed != null) {
            throw failed;
        }
    }

    /** One track's segmenter and playlist. */
    private final class Output implements SegmentListener {
        private final Rendition rendition;
        private final TimeBase timeBase;
        private final List<Segment> segments = new ArrayList<>();
        private CmafSegmenter segmenter;
        private int targetSeconds;
        private long duration;

        Output(Rendition rendition, double segmentSeconds) {
            this.rendition = rendition;
            this.timeBase = rendition.track().timeBase();
            this.targetSeconds = (int) Math.ceil(segmentSeconds - 1e-6);
        }

        MediaKind kind() {
            return rendition.kind();
        }

        long durationMillis() {
            return timeBase.rescale(duration, TimeBase.MILLIS);
        }

        @Override
        public void init(Rendition r, String uri) {
            try {
                bytes += Files.size(dir.resolve(uri));
            } catch (IOException e) {
                // only the size figure is off
            }
        }

        @Override
        public void part(Part part) {
            // Recordings have no parts (part length 0).
        }

        @Override
        public void segment(Segment s) {
            segments.add(s);
            bytes += s.bytes();
            duration += s.duration();
            targetSeconds = Math.max(targetSeconds, (int) Math.round(timeBase.seconds(s.duration())));
            try {
                writePlaylist(false);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (this == main) {
                progress.report(durationMillis(), bytes, false);
            }
        }

        @Override
        public void expired(Segment segment) {
            // The window is longer than any recording.
        }

        void writePlaylist(boolean ended) throws IOException {
            StringBuilder b = new StringBuilder(256 + segments.size() * 48);
            HlsPlaylists.head(b, 7, targetSeconds);
            b.append("#EXT-X-PLAYLIST-TYPE:EVENT\n#EXT-X-INDEPENDENT-SEGMENTS\n");
            HlsPlaylists.map(b, rendition, segments.isEmpty() ? 1 : segments.get(0).sequence(), 0);
            for (int i = 0; i < segments.size(); i++) {
                HlsPlaylists.segmentHead(b, segments.get(i), i == 0);
                HlsPlaylists.extinf(b, segments.get(i), timeBase);
            }
            if (ended) {
                b.append("#EXT-X-ENDLIST\n");
            }
            Folders.write(dir.resolve(rendition.id() + HlsPlaylists.SUFFIX), b.toString());
        }
    }
}
