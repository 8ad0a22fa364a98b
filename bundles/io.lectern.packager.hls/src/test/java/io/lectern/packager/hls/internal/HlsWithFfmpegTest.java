package io.lectern.packager.hls.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.lectern.api.delivery.Manifest;
import io.lectern.api.delivery.Rendition;
import io.lectern.api.media.Track;
import io.lectern.api.profile.LatencyMode;
import io.lectern.api.profile.LatencyProfile;
import io.lectern.cmaf.Codecs;
import io.lectern.cmaf.testing.Feed;
import io.lectern.cmaf.testing.Flv;
import io.lectern.cmaf.testing.Tools;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The real segmenter writes CMAF from ffmpeg-made media, and the ffmpeg CLI plays the playlists. */
class HlsWithFfmpegTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = LatencyMode.class, names = {"TUTORIAL", "LOW_LATENCY"})
    void ffmpegPlaysTheMasterPlaylist(LatencyMode mode) throws Exception {
        Flv flv = Flv.read(Tools.makeFlv(dir, 6));
        LatencyProfile profile = mode.defaults();
        Rendition video = rendition("240p", flv.videoTrack());
        Rendition audio = rendition("audio", flv.audioTrack());
        HlsSession session = new HlsSession(List.of(video, audio), profile, 1, 3);
        Path stream = Files.createDirectories(dir.resolve("class"));
        Feed.segment(video, stream, profile, session, flv.video);
        Feed.segment(audio, stream, profile, session, flv.audio);
        session.end();
        for (String name : List.of("master.m3u8", "240p.m3u8", "audio.m3u8")) {
            Manifest m = session.manifest(name, Map.of()).orElseThrow().toCompletableFuture().get(10, TimeUnit.SECONDS);
            Files.write(stream.resolve(name), m.body());
        }
        if (profile.lowLatency()) {
            assertTrue(Files.readString(stream.resolve("240p.m3u8")).contains("#EXT-X-PART:"));
        }

        String probe = Tools.run("ffprobe", "-v", "error", "-count_frames", "-show_entries", "stream=codec_name,nb_read_frames",
                "-of", "csv=p=0", stream.resolve("master.m3u8").toString());
        // ffprobe lists the streams once per program and once on their own.
        List<String> lines = probe.lines().filter(l -> !l.isBlank()).distinct().sorted().toList();
        assertEquals(List.of("aac," + flv.audio.size(), "h264,150"), lines);
        Tools.run("ffmpeg", "-v", "error", "-i", stream.resolve("master.m3u8").toString(), "-f", "null", "-");
    }

    private static Rendition rendition(String id, Track t) {
        return new Rendition(id, t, 500_000, Codecs.rfc6381(t));
    }
}
