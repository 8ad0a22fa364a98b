package io.lectern.destination.tutorial.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lectern.api.media.Packet;
import io.lectern.api.media.TimeBase;
import io.lectern.api.media.Track;
import io.lectern.api.profile.LatencyMode;
import io.lectern.cmaf.testing.Flv;
import io.lectern.cmaf.testing.Tools;

/** The recorder writes real CMAF and playlists from ffmpeg-made media, and ffprobe reads them back. */
class RecorderTest {

    @TempDir
    Path dir;

    private final List<long[]> reports = new ArrayList<>();

    private Recorder recorder(Path folder, Flv flv) throws Exception {
        return new Recorder(folder, tracks(flv), LatencyMode.TUTORIAL.defaults(), 2,
                (d, b, ended) -> reports.add(new long[] {d, b, ended ? 1 : 0}));
    }

    private static List<Track> tracks(Flv flv) {
        return List.of(flv.videoTrack().withId(0), flv.audioTrack().withId(1));
    }

    /** Video and audio packets in time order, as the destination's queue hands them over. */
    private static List<Packet> interleaved(Flv flv, long shiftMillis) {
        List<Packet> all = new ArrayList<>();
        flv.video.forEach(p -> all.add(p.withTrackId(0).shifted(TimeBase.MILLIS.rescale(shiftMillis, p.timeBase()))));
        flv.audio.forEach(p -> all.add(p.withTrackId(1).shifted(TimeBase.MILLIS.rescale(shiftMillis, p.timeBase()))));
        all.sort(Comparator.comparingDouble(p -> p.timeBase().seconds(p.dts())));
        return all;
    }

    @Test
    void aFinishedRecordingPlaysInFullWithItsDurationAndCodecs() throws Exception {
        Flv flv = Flv.read(Tools.makeFlv(dir, 6));
        Path folder = dir.resolve("rec");
        Recorder r = recorder(folder, flv);
        for (Packet p : interleaved(flv, 0)) {
            r.write(p);
        }
        String growing = Files.readString(folder.resolve("video.m3u8"));
        assertTrue(growing.contains("#EXT-X-PLAYLIST-TYPE:EVENT"), growing);
        assertFalse(growing.contains("#EXT-X-ENDLIST"), "a growing recording has no end yet");
        r.finish();
        r.finish();

        for (String list : List.of("video.m3u8", "audio.m3u8")) {
            assertTrue(Files.readString(folder.resolve(list)).endsWith("#EXT-X-ENDLIST\n"), list);
        }
        String probe = Tools.run("ffprobe", "-v", "error", "-show_entries", "stream=codec_name:format=duration",
                "-of", "default=noprint_wrappers=1", folder.resolve(Recorder.MASTER).toString());
        assertTrue(probe.contains("codec_name=h264") && probe.contains("codec_name=aac"), probe);
        double seconds = Double.parseDouble(Tools.value(probe.lines().toList(), "duration"));
        assertEquals(6.0, seconds, 0.3, probe);
        Tools.run("ffmpeg", "-v", "error", "-i", folder.resolve(Recorder.MASTER).toString(), "-f", "null", "-");

        long[] last = reports.get(reports.size() - 1);
        assertEquals(1, last[2], "the last report says it ended");
        assertEquals(6000, last[0], 100);
        assertEquals(Folders.size(folder), last[1], 2000, "bytes counts the media files (playlists aside)");
        assertEquals(1, reports.stream().filter(x -> x[2] == 1).count(), "finishing twice reports once");
    }

    @Test
    void aSessionThatComesBackContinuesAfterADiscontinuity() throws Exception {
        Flv flv = Flv.read(Tools.makeFlv(dir, 4));
        Path folder = dir.resolve("rec");
        Recorder r = recorder(folder, flv);
        interleaved(flv, 0).forEach(p -> write(r, p));
        assertTrue(r.accepts(tracks(flv)));
        assertFalse(r.accepts(List.of(flv.videoTrack().withId(0))), "other tracks start a new recording");
        r.resume();
        interleaved(flv, 4100).forEach(p -> write(r, p));
        r.finish();

        String video = Files.readString(folder.resolve("video.m3u8"));
        assertEquals(1, video.split("#EXT-X-DISCONTINUITY\n", -1).length - 1, video);
        assertEquals(8000, Leftovers.listed(video), 150);
        String probe = Tools.run("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "default=noprint_wrappers=1",
                folder.resolve(Recorder.MASTER).toString());
        assertEquals(8.0, Double.parseDouble(Tools.value(probe.lines().toList(), "duration")), 0.4, probe);
    }

    @Test
    void leftoversOfACrashGetTheirEndAndFigures() throws Exception {
        Flv flv = Flv.read(Tools.makeFlv(dir, 6));
        Path folder = dir.resolve("rec");
        Recorder r = recorder(folder, flv);
        interleaved(flv, 0).forEach(p -> write(r, p));
        // No finish(): Lectern "crashed" with the last segment still open.
        Leftovers.Closed closed = Leftovers.close(folder);
        String video = Files.readString(folder.resolve("video.m3u8"));
        assertTrue(video.endsWith("#EXT-X-ENDLIST\n"), video);
        assertTrue(closed.durationMillis() >= 3900 && closed.durationMillis() <= 6000, "the open segment is lost: " + closed);
        assertEquals(Folders.size(folder), closed.bytes());
        Leftovers.close(folder);
        assertEquals(1, Files.readString(folder.resolve("video.m3u8")).split("#EXT-X-ENDLIST", -1).length - 1, "closed once");
        Tools.run("ffmpeg", "-v", "error", "-i", folder.resolve(Recorder.MASTER).toString(), "-f", "null", "-");

        assertEquals(0, Leftovers.close(dir.resolve("nothing")).durationMillis());
    }

    private static void write(Recorder r, Packet p) {
        try {
            r.write(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
