package io.lectern.packager.hls.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.lectern.api.delivery.Manifest;
import io.lectern.api.delivery.Part;
import io.lectern.api.delivery.Rendition;
import io.lectern.api.delivery.Segment;
import io.lectern.api.media.AudioFormat;
import io.lectern.api.media.Codec;
import io.lectern.api.media.TimeBase;
import io.lectern.api.media.Track;
import io.lectern.api.media.VideoFormat;
import io.lectern.api.profile.LatencyMode;
import io.lectern.api.profile.LatencyProfile;
import io.lectern.api.profile.Preset;
import io.lectern.api.profile.Tune;

import org.junit.jupiter.api.Test;

class HlsSessionTest {

    static final Rendition P720 = new Rendition("720p", Track.video(1, Codec.H264, TimeBase.MPEG,
            new VideoFormat(1280, 720, TimeBase.of(30, 1), null), ByteBuffer.allocate(0), 0), 3_000_000, "avc1.64001f");
    static final Rendition P360 = new Rendition("360p", Track.video(1, Codec.H264, TimeBase.MPEG,
            new VideoFormat(640, 360, TimeBase.of(30, 1), null), ByteBuffer.allocate(0), 0), 800_000, "avc1.64001e");
    static final Rendition AUDIO = new Rendition("audio", Track.audio(1, Codec.AAC, TimeBase.of(1, 48000),
            new AudioFormat(48000, 2, null), ByteBuffer.allocate(0), 0), 128_000, "mp4a.40.2");

    private static String text(CompletionStage<Manifest> stage) throws Exception {
        Manifest m = stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertEquals("application/vnd.apple.mpegurl", m.contentType());
        return new String(m.body(), StandardCharsets.UTF_8);
    }

    private static String get(HlsSession s, String name) throws Exception {
        return text(s.manifest(name, Map.of()).orElseThrow());
    }

    private static Segment segment(String id, long seq, boolean discontinuity) {
        return new Segment(id, seq, (seq - 1) * 180_000, 180_000, id + "/seg-" + seq + ".m4s", 1000, discontinuity,
                1_767_225_600_000L + seq * 2000);
    }

    @Test
    void masterListsEveryVideoRenditionWithTheAudioGroup() throws Exception {
        HlsSession s = new HlsSession(List.of(P360, P720, AUDIO), LatencyMode.TUTORIAL.defaults(), 1, 3);
        Manifest m = s.manifest("master.m3u8", Map.of()).orElseThrow().toCompletableFuture().get();
        assertEquals(1, m.maxAgeSeconds());
        assertEquals("""
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="Audio",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2",URI="audio.m3u8"
                #EXT-X-STREAM-INF:BANDWIDTH=928000,RESOLUTION=640x360,FRAME-RATE=30.000,CODECS="avc1.64001e,mp4a.40.2",AUDIO="audio"
                360p.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=3128000,RESOLUTION=1280x720,FRAME-RATE=30.000,CODECS="avc1.64001f,mp4a.40.2",AUDIO="audio"
                720p.m3u8
                """, new String(m.body(), StandardCharsets.UTF_8));
        assertTrue(s.manifest("manifest.mpd", Map.of()).isEmpty());
        assertTrue(s.manifest("1080p.m3u8", Map.of()).isEmpty());
    }

    @Test
    void mediaPlaylistSlidesKeepsSequenceAndMarksDiscontinuities() throws Exception {
        LatencyProfile p = new LatencyProfile(2, 2, 0, 6, 6, Preset.VERYFAST, Tune.NONE, 1, false);
        HlsSession s = new HlsSession(List.of(P720), p, 1, 3);
        for (long seq = 1; seq <= 5; seq++) {
            s.segment(segment("720p", seq, seq == 2 || seq == 5));
        }
        assertEquals("""
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-TARGETDURATION:2
                #EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES
                #EXT-X-MEDIA-SEQUENCE:3
                #EXT-X-DISCONTINUITY-SEQUENCE:1
                #EXT-X-MAP:URI="720p/init.mp4"
                #EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:06Z
                #EXTINF:2.000,
                720p/seg-3.m4s
                #EXTINF:2.000,
                720p/seg-4.m4s
                #EXT-X-DISCONTINUITY
                #EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:10Z
                #EXTINF:2.000,
                720p/seg-5.m4s
                """, get(s, "720p.m3u8"));
        s.expired(segment("720p", 3, false));
        assertTrue(get(s, "720p.m3u8").contains("#EXT-X-MEDIA-SEQUENCE:4\n"));
        s.end();
        assertTrue(get(s, "720p.m3u8").endsWith("720p/seg-5.m4s\n#EXT-X-ENDLIST\n"));
    }

    @Test
    void theHeadIsDatedFromTheNewestSegmentOfItsRun() throws Exception {
        HlsSession s = new HlsSession(List.of(P720), LatencyMode.TUTORIAL.defaults(), 1, 3);
        // The first segment was dated while the capture clock still settled: 300 ms late.
        Segment first = segment("720p", 1, false);
        s.segment(new Segment("720p", 1, first.start(), first.duration(), first.uri(), 1000, false, first.wallClockMillis() + 300));
        s.segment(segment("720p", 2, false));
        s.segment(segment("720p", 3, false));
        String playlist = get(s, "720p.m3u8");
        assertTrue(playlist.contains("#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:02Z\n#EXTINF:2.000,\n720p/seg-1.m4s"), playlist);
    }

    @Test
    void withoutPartsABlockingReloadWaitsForTheNextSegment() throws Exception {
        HlsSession s = new HlsSession(List.of(P720), LatencyMode.TUTORIAL.defaults(), 1, 3);
        s.segment(segment("720p", 1, false));
        CompletableFuture<Manifest> f = s.manifest("720p.m3u8", Map.of("_HLS_msn", "2")).orElseThrow().toCompletableFuture();
        assertFalse(f.isDone());
        s.segment(segment("720p", 2, false));
        assertTrue(text(f).contains("720p/seg-2.m4s"));
    }

    @Test
    void firstRequestWaitsForTheFirstSegment() throws Exception {
        HlsSession s = new HlsSession(List.of(P720), LatencyMode.TUTORIAL.defaults(), 1, 3);
        CompletableFuture<Manifest> f = s.manifest("720p.m3u8", Map.of()).orElseThrow().toCompletableFuture();
        assertFalse(f.isDone());
        s.segment(segment("720p", 7, false));
        assertTrue(text(f).contains("720p/seg-7.m4s"));
    }

    @Test
    void lowLatencyListsPartsAndBlocksUntilTheAskedPartExists() throws Exception {
        HlsSession s = new HlsSession(List.of(P720), LatencyMode.LOW_LATENCY.defaults(), 1, 3);
        for (int i = 0; i < 4; i++) {
            s.part(new Part("720p", 1, i, 45_000, i % 2 == 0, "720p/seg-1." + i + ".m4s"));
        }
        s.segment(segment("720p", 1, false));
        s.part(new Part("720p", 2, 0, 45_000, true, "720p/seg-2.0.m4s"));

        String playlist = get(s, "720p.m3u8");
        assertTrue(playlist.contains("#EXT-X-VERSION:9\n"), playlist);
        assertTrue(playlist.contains("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.100\n"), playlist);
        assertTrue(playlist.contains("#EXT-X-PART-INF:PART-TARGET=0.367\n"), playlist);
        assertTrue(playlist.contains("""
                #EXT-X-PART:DURATION=0.500,URI="720p/seg-1.0.m4s",INDEPENDENT=YES
                #EXT-X-PART:DURATION=0.500,URI="720p/seg-1.1.m4s"
                #EXT-X-PART:DURATION=0.500,URI="720p/seg-1.2.m4s",INDEPENDENT=YES
                #EXT-X-PART:DURATION=0.500,URI="720p/seg-1.3.m4s"
                #EXTINF:2.000,
                720p/seg-1.m4s
                #EXT-X-PART:DURATION=0.500,URI="720p/seg-2.0.m4s",INDEPENDENT=YES
                #EXT-X-PRELOAD-HINT:TYPE=PART,URI="720p/seg-2.1.m4s"
                """), playlist);

        Manifest there = s.manifest("720p.m3u8", Map.of("_HLS_msn", "2", "_HLS_part", "0")).orElseThrow().toCompletableFuture().get();
        assertEquals(0, there.maxAgeSeconds());

        CompletableFuture<Manifest> waiting = s.manifest("720p.m3u8", Map.of("_HLS_msn", "2", "_HLS_part", "1"))
                .orElseThrow().toCompletableFuture();
        CompletableFuture<Manifest> nextSegment = s.manifest("720p.m3u8", Map.of("_HLS_msn", "3"))
                .orElseThrow().toCompletableFuture();
        assertFalse(waiting.isDone());
        // Every viewer waiting for the same part shares one answer, made once.
        assertSame(waiting, s.manifest("720p.m3u8", Map.of("_HLS_msn", "2", "_HLS_part", "1")).orElseThrow());
        assertNotSame(waiting, nextSegment);
        s.part(new Part("720p", 2, 1, 45_000, false, "720p/seg-2.1.m4s"));
        assertTrue(text(waiting).contains("URI=\"720p/seg-2.1.m4s\"\n#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"720p/seg-2.2.m4s\""));
        assertFalse(nextSegment.isDone());
        // Once there, the part is answered at once, not from the finished wait.
        assertTrue(s.manifest("720p.m3u8", Map.of("_HLS_msn", "2", "_HLS_part", "1")).orElseThrow().toCompletableFuture().isDone());
        s.end();
        assertTrue(text(nextSegment).endsWith("#EXT-X-ENDLIST\n"));
    }

    @Test
    void blockingRequestsTooFarAheadFailAndOthersTimeOutWithThePlaylist() throws Exception {
        LatencyProfile p = new LatencyProfile(1, 1, 0.5, 3, 3, Preset.VERYFAST, Tune.ZEROLATENCY, 1, false);
        HlsSession s = new HlsSession(List.of(P720), p, 1, 3);
        s.segment(segment("720p", 1, false));

        CompletableFuture<Manifest> far = s.manifest("720p.m3u8", Map.of("_HLS_msn", "4")).orElseThrow().toCompletableFuture();
        ExecutionException e = assertThrows(ExecutionException.class, far::get);
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        CompletableFuture<Manifest> bad = s.manifest("720p.m3u8", Map.of("_HLS_msn", "x")).orElseThrow().toCompletableFuture();
        assertInstanceOf(IllegalArgumentException.class, assertThrows(ExecutionException.class, bad::get).getCause());

        // Nothing more arrives: after three target durations the current playlist comes back.
        String playlist = text(s.manifest("720p.m3u8", Map.of("_HLS_msn", "3")).orElseThrow());
        assertTrue(playlist.contains("720p/seg-1.m4s"), playlist);
    }
}
