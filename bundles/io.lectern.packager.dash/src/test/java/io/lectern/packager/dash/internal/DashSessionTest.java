package io.lectern.packager.dash.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.xml.parsers.DocumentBuilderFactory;

import io.lectern.api.delivery.Manifest;
import io.lectern.api.delivery.Rendition;
import io.lectern.api.delivery.Segment;
import io.lectern.api.media.AudioFormat;
import io.lectern.api.media.Codec;
import io.lectern.api.media.TimeBase;
import io.lectern.api.media.Track;
import io.lectern.api.media.VideoFormat;
import io.lectern.api.profile.LatencyMode;
import io.lectern.api.profile.LatencyProfile;
import io.lectern.cmaf.Codecs;
import io.lectern.cmaf.testing.Feed;
import io.lectern.cmaf.testing.Flv;
import io.lectern.cmaf.testing.Tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class DashSessionTest {

    static final Rendition P720 = new Rendition("720p", Track.video(1, Codec.H264, TimeBase.MPEG,
            new VideoFormat(1280, 720, TimeBase.of(30, 1), null), ByteBuffer.allocate(0), 0), 3_000_000, "avc1.64001f");
    static final Rendition AUDIO = new Rendition("audio", Track.audio(1, Codec.AAC, TimeBase.of(1, 48000),
            new AudioFormat(48000, 2, null), ByteBuffer.allocate(0), 0), 128_000, "mp4a.40.2");
    static final long T0 = 1_767_225_600_000L;

    @TempDir
    Path dir;

    private static Document mpd(DashSession s) throws Exception {
        Manifest m = s.manifest("manifest.mpd", Map.of()).orElseThrow().toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertEquals("application/dash+xml", m.contentType());
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(m.body()));
    }

    private static Segment video(long seq, long start, boolean discontinuity, long wall) {
        return new Segment("720p", seq, start, 180_000, "720p/seg-" + seq + ".m4s", 1000, discontinuity, wall);
    }

    private static Segment audio(long seq, long start, boolean discontinuity, long wall) {
        return new Segment("audio", seq, start, 96_000, "audio/seg-" + seq + ".m4s", 1000, discontinuity, wall);
    }

    /** The segment was written when its last sample came in: 2 s after its first (every test segment lasts 2 s). */
    private static void written(DashSession s, Segment seg) {
        s.segment(seg, seg.wallClockMillis() + 2000);
    }

    private static List<Element> children(Element e, String name) {
        NodeList list = e.getElementsByTagNameNS("*", name);
        return java.util.stream.IntStream.range(0, list.getLength()).mapToObj(i -> (Element) list.item(i)).toList();
    }

    @Test
    void dynamicMpdHasAContinuousTimelinePerRepresentation() throws Exception {
        DashSession s = new DashSession(List.of(P720, AUDIO), LatencyMode.TUTORIAL.defaults(), "/api/v1/time", 1);
        for (int i = 0; i < 5; i++) {
            written(s, video(10 + i, 90_000 + i * 180_000L, false, T0 + i * 2000));
            written(s, audio(3 + i, 48_000 + i * 96_000L, false, T0 + i * 2000));
        }
        Document d = mpd(s);
        Element root = d.getDocumentElement();
        assertEquals("MPD", root.getLocalName());
        assertEquals("dynamic", root.getAttribute("type"));
        assertEquals(Instant.ofEpochMilli(T0).toString(), root.getAttribute("availabilityStartTime"));
        assertEquals(Duration.ofSeconds(7200), Duration.parse(root.getAttribute("timeShiftBufferDepth")));
        // Reloads four times a 2 s segment; plays a segment, a reload and 1.5 s behind live.
        assertEquals(Duration.ofMillis(500), Duration.parse(root.getAttribute("minimumUpdatePeriod")));
        assertEquals(Duration.ofMillis(4000), Duration.parse(root.getAttribute("suggestedPresentationDelay")));
        assertFalse(root.getAttribute("publishTime").isEmpty());
        Element utc = children(root, "UTCTiming").get(0);
        assertEquals("urn:mpeg:dash:utc:http-iso:2014", utc.getAttribute("schemeIdUri"));
        assertEquals("/api/v1/time", utc.getAttribute("value"));

        List<Element> periods = children(root, "Period");
        assertEquals(1, periods.size());
        List<Element> sets = children(periods.get(0), "AdaptationSet");
        assertEquals(List.of("video", "audio"), sets.stream().map(e -> e.getAttribute("contentType")).toList());

        Element videoTemplate = children(sets.get(0), "SegmentTemplate").get(0);
        assertEquals("90000", videoTemplate.getAttribute("timescale"));
        assertEquals("90000", videoTemplate.getAttribute("presentationTimeOffset"));
        assertEquals("10", videoTemplate.getAttribute("startNumber"));
        assertEquals("$RepresentationID$/init.mp4", videoTemplate.getAttribute("initialization"));
        assertEquals("$RepresentationID$/seg-$Number$.m4s", videoTemplate.getAttribute("media"));
        assertTimeline(videoTemplate, 90_000, 180_000, 5);
        Element audioTemplate = children(sets.get(1), "SegmentTemplate").get(0);
        assertEquals("48000", audioTemplate.getAttribute("presentationTimeOffset"));
        assertTimeline(audioTemplate, 48_000, 96_000, 5);
        Element rep = children(sets.get(0), "Representation").get(0);
        assertEquals("720p", rep.getAttribute("id"));
        assertEquals("avc1.64001f", rep.getAttribute("codecs"));
        assertEquals("1280", rep.getAttribute("width"));
    }

    @Test
    void lowLatencyAnnouncesTheSegmentBeingWrittenForChunkedDelivery() throws Exception {
        DashSession s = new DashSession(List.of(P720, AUDIO), LatencyMode.LOW_LATENCY.defaults(), "/api/v1/time", 1);
        for (int i = 0; i < 3; i++) {
            written(s, video(10 + i, 90_000 + i * 180_000L, false, T0 + i * 2000));
            written(s, audio(3 + i, 48_000 + i * 96_000L, false, T0 + i * 2000));
        }
        Element root = mpd(s).getDocumentElement();
        // One segment behind live, which dash.js reads from the service description.
        assertEquals(Duration.ofMillis(2000), Duration.parse(root.getAttribute("suggestedPresentationDelay")));
        Element latency = children(root, "Latency").get(0);
        assertEquals("2000", latency.getAttribute("target"));
        Element video = children(root, "SegmentTemplate").get(0);
        // All of a 2 s segment but its first 1/3 s part may be fetched before its end.
        assertEquals("1.667", video.getAttribute("availabilityTimeOffset"));
        assertEquals("false", video.getAttribute("availabilityTimeComplete"));
        // Three written segments, and the fourth, being written, as long as the last.
        assertTimeline(video, 90_000, 180_000, 4);
        assertTimeline(children(root, "SegmentTemplate").get(1), 48_000, 96_000, 4);

        // Ended: only what was written, and nothing to fetch early.
        s.end();
        Element ended = mpd(s).getDocumentElement();
        assertEquals("static", ended.getAttribute("type"));
        Element template = children(ended, "SegmentTemplate").get(0);
        assertFalse(template.hasAttribute("availabilityTimeOffset"));
        assertTimeline(template, 90_000, 180_000, 3);
        assertTrue(children(ended, "ServiceDescription").isEmpty());
    }

    /** Walks the S elements: each segment starts where the last one ended. */
    private static void assertTimeline(Element template, long start, long d, int count) {
        long expected = start;
        int n = 0;
        for (Element e : children(template, "S")) {
            if (e.hasAttribute("t")) {
                assertEquals(expected, Long.parseLong(e.getAttribute("t")));
            }
            assertEquals(d, Long.parseLong(e.getAttribute("d")));
            int repeat = e.hasAttribute("r") ? Integer.parseInt(e.getAttribute("r")) : 0;
            expected += d * (repeat + 1);
            n += repeat + 1;
        }
        assertEquals(count, n);
    }

    @Test
    void aDiscontinuityStartsANewPeriodAndEndMakesItStatic() throws Exception {
        DashSession s = new DashSession(List.of(P720), LatencyMode.TUTORIAL.defaults(), "/api/v1/time", 1);
        written(s, video(1, 0, false, T0));
        written(s, video(2, 180_000, false, T0 + 2000));
        written(s, video(3, 0, true, T0 + 10_000));
        written(s, video(4, 180_000, false, T0 + 12_000));

        List<Element> periods = children(mpd(s).getDocumentElement(), "Period");
        assertEquals(2, periods.size());
        assertEquals(Duration.ZERO, Duration.parse(periods.get(0).getAttribute("start")));
        assertEquals(Duration.ofSeconds(10), Duration.parse(periods.get(1).getAttribute("start")));
        assertEquals("3", children(periods.get(1), "SegmentTemplate").get(0).getAttribute("startNumber"));

        s.expired(video(2, 180_000, false, T0 + 2000));
        assertEquals(1, children(mpd(s).getDocumentElement(), "Period").size());

        s.end();
        Element root = mpd(s).getDocumentElement();
        assertEquals("static", root.getAttribute("type"));
        assertEquals(Duration.ofSeconds(14), Duration.parse(root.getAttribute("mediaPresentationDuration")));
    }

    @Test
    void firstRequestWaitsForTheFirstSegment() throws Exception {
        DashSession s = new DashSession(List.of(P720), LatencyMode.TUTORIAL.defaults(), "/api/v1/time", 1);
        assertTrue(s.manifest("master.m3u8", Map.of()).isEmpty());
        CompletableFuture<Manifest> f = s.manifest("manifest.mpd", Map.of()).orElseThrow().toCompletableFuture();
        assertFalse(f.isDone());
        written(s, video(1, 0, false, T0));
        assertTrue(new String(f.get(10, TimeUnit.SECONDS).body()).contains("startNumber=\"1\""));
    }

    @Test
    void ffmpegPlaysTheMpdOfARealRun() throws Exception {
        Flv flv = Flv.read(Tools.makeFlv(dir, 6));
        LatencyProfile profile = LatencyMode.TUTORIAL.defaults();
        Rendition video = new Rendition("240p", flv.videoTrack(), 500_000, Codecs.rfc6381(flv.videoTrack()));
        Rendition audio = new Rendition("audio", flv.audioTrack(), 128_000, Codecs.rfc6381(flv.audioTrack()));
        DashSession session = new DashSession(List.of(video, audio), profile, "/api/v1/time", 1);
        Path stream = Files.createDirectories(dir.resolve("class"));
        Feed.segment(video, stream, profile, session, flv.video);
        Feed.segment(audio, stream, profile, session, flv.audio);
        session.end();
        Manifest m = session.manifest("manifest.mpd", Map.of()).orElseThrow().toCompletableFuture().get();
        Files.write(stream.resolve("manifest.mpd"), m.body());

        String probe = Tools.run("ffprobe", "-v", "error", "-count_frames", "-show_entries", "stream=codec_name,nb_read_frames",
                "-of", "csv=p=0", stream.resolve("manifest.mpd").toString());
        List<String> lines = probe.lines().filter(l -> !l.isBlank()).distinct().sorted().toList();
        assertEquals(2, lines.size(), lines.toString());
        assertEquals("h264,150", lines.get(1));
        // The Period starts at the video's first sample (0.023 s): audio before that is not presented.
        int audioFrames = Integer.parseInt(lines.get(0).substring("aac,".length()));
        assertTrue(audioFrames >= flv.audio.size() - 1 && audioFrames <= flv.audio.size(), lines.toString());
        Tools.run("ffmpeg", "-v", "error", "-i", stream.resolve("manifest.mpd").toString(), "-f", "null", "-");
    }
}
