package io.lectern.cmaf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.lectern.api.delivery.Part;
import io.lectern.api.delivery.Rendition;
import io.lectern.api.delivery.Segment;
import io.lectern.api.media.Packet;
import io.lectern.api.media.Track;
import io.lectern.api.profile.LatencyMode;
import io.lectern.api.profile.LatencyProfile;
import io.lectern.api.profile.Preset;
import io.lectern.api.profile.Tune;
import io.lectern.cmaf.internal.Nal;
import io.lectern.cmaf.testing.Flv;
import io.lectern.cmaf.testing.Tools;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CmafSegmenterTest {

    private static final LatencyProfile TUTORIAL = LatencyMode.TUTORIAL.defaults();
    private static final LatencyProfile LOW = LatencyMode.LOW_LATENCY.defaults();

    @TempDir
    static Path input;
    static Flv flv;

    @TempDir
    Path out;

    @BeforeAll
    static void makeInput() throws Exception {
        flv = Flv.read(Tools.makeFlv(input, 6));
        assertEquals(150, flv.video.size());
    }

    private Recorder run(Rendition r, LatencyProfile profile, List<Packet> packets) throws IOException {
        Recorder rec = new Recorder();
        try (CmafSegmenter s = new CmafSegmenter(r, out, profile, rec)) {
            for (Packet p : packets) {
                s.write(p);
            }
            s.finish();
        }
        return rec;
    }

    private static Rendition rendition(String id, Track t) {
        return new Rendition(id, t, 600_000, Codecs.rfc6381(t));
    }

    private Path joined(String id, List<Segment> segments) throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(out.resolve(id).resolve("init.mp4"));
        segments.forEach(s -> files.add(out.resolve(s.uri())));
        return Tools.concat(out.resolve(id + "-all.mp4"), files);
    }

    @Test
    void videoSegmentsCutAtKeyframesAndDecode() throws Exception {
        Recorder rec = run(rendition("240p", flv.videoTrack()), TUTORIAL, flv.video);

        assertEquals(List.of("240p/init.mp4"), rec.inits);
        assertEquals(3, rec.segments.size(), rec.segments.toString());
        long expectStart = flv.video.get(0).dts();
        for (int i = 0; i < 3; i++) {
            Segment s = rec.segments.get(i);
            assertEquals(i + 1, s.sequence());
            assertEquals("240p/seg-" + (i + 1) + ".m4s", s.uri());
            assertEquals(expectStart, s.start());
            assertEquals(2000, s.duration());
            assertEquals(Files.size(out.resolve(s.uri())), s.bytes());
            assertFalse(s.discontinuity());
            expectStart += s.duration();
        }
        assertTrue(rec.parts.isEmpty());

        List<String> probe = Tools.probe(joined("240p", rec.segments), "v");
        assertEquals("h264", Tools.value(probe, "codec_name"));
        assertEquals("150", Tools.value(probe, "nb_read_frames"));
        assertEquals(6.0, Double.parseDouble(Tools.value(probe, "duration")), 0.05);
    }

    @Test
    void audioSegmentsCutByDurationAndDecode() throws Exception {
        Recorder rec = run(rendition("audio", flv.audioTrack()), TUTORIAL, flv.audio);

        assertEquals(3, rec.segments.size(), rec.segments.toString());
        long total = rec.segments.stream().mapToLong(Segment::duration).sum();
        assertEquals(flv.audio.get(flv.audio.size() - 1).dts() - flv.audio.get(0).dts() + 23, total, 2);
        assertEquals(flv.audio.get(0).dts(), rec.segments.get(0).start());
        for (int i = 1; i < rec.segments.size(); i++) {
            Segment prev = rec.segments.get(i - 1);
            assertEquals(prev.start() + prev.duration(), rec.segments.get(i).start());
        }
        List<String> probe = Tools.probe(joined("audio", rec.segments), "a");
        assertEquals("aac", Tools.value(probe, "codec_name"));
        assertEquals(String.valueOf(flv.audio.size()), Tools.value(probe, "nb_read_frames"));
    }

    @Test
    void segmentsAreDatedByTheStreamsCaptureClock() throws Exception {
        // The ingest got the first picture at T0; the encoder's delay must not show in the dates.
        long t0 = 1_750_000_000_000L;
        CaptureClock clock = new CaptureClock();
        clock.arrived(flv.video.get(0).ptsSeconds(), t0);
        Recorder rec = new Recorder();
        try (CmafSegmenter s = new CmafSegmenter(rendition("240p", flv.videoTrack()), out, TUTORIAL, rec, clock)) {
            for (Packet p : flv.video) {
                s.write(p);
            }
            s.finish();
        }
        for (Segment seg : rec.segments) {
            double mediaSeconds = flv.videoTrack().timeBase().seconds(seg.start() - rec.segments.get(0).start());
            assertEquals(t0 + Math.round(mediaSeconds * 1000), seg.wallClockMillis(), 1, seg.toString());
        }
    }

    @Test
    void lowLatencyPartsMakeUpTheSegments() throws Exception {
        Recorder rec = run(rendition("240p", flv.videoTrack()), LOW, flv.video);

        assertEquals(3, rec.segments.size());
        for (Segment s : rec.segments) {
            List<Part> parts = rec.parts.stream().filter(p -> p.sequence() == s.sequence()).toList();
            assertEquals(6, parts.size(), parts.toString());
            assertTrue(parts.get(0).independent());
            assertEquals(s.duration(), parts.stream().mapToLong(Part::duration).sum());
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            for (int i = 0; i < parts.size(); i++) {
                Part p = parts.get(i);
                assertEquals(i, p.index());
                assertEquals("240p/seg-" + s.sequence() + "." + i + ".m4s", p.uri());
                joined.writeBytes(Files.readAllBytes(out.resolve(p.uri())));
            }
            byte[] segment = Files.readAllBytes(out.resolve(s.uri()));
            byte[] media = Arrays.copyOfRange(segment, segment.length - joined.size(), segment.length);
            assertArrayEquals(joined.toByteArray(), media);
            assertEquals("styp", new String(segment, 4, 4, java.nio.charset.StandardCharsets.US_ASCII));
        }
        // A 2 s segment has six 1/3 s parts; the 1st and 4th start on the 1 s keyframes, the others do not.
        assertTrue(rec.parts.get(3).independent());
        assertFalse(rec.parts.get(1).independent());
        assertFalse(rec.parts.get(2).independent());

        List<Path> files = new ArrayList<>();
        files.add(out.resolve("240p/init.mp4"));
        rec.parts.forEach(p -> files.add(out.resolve(p.uri())));
        List<String> probe = Tools.probe(Tools.concat(out.resolve("parts.mp4"), files), "v");
        assertEquals("150", Tools.value(probe, "nb_read_frames"));
    }

    @Test
    void sequenceNumbersContinueAndDiscontinuitiesAreMarked() throws Exception {
        Rendition r = rendition("240p", flv.videoTrack());
        Recorder first = run(r, TUTORIAL, flv.video);
        assertEquals(3, first.segments.get(2).sequence());

        Recorder second = new Recorder();
        try (CmafSegmenter s = new CmafSegmenter(r, out, TUTORIAL, second)) {
            flv.video.subList(0, 50).forEach(p -> write(s, p));
            s.discontinuity();
            // The publisher came back: its clock starts at 0 again, and the segmenter sees no flag.
            flv.video.subList(0, 100).forEach(p -> write(s, p));
            // And once more, flagged on the packet.
            flv.video.stream().limit(50).map(p -> p.withFlags(p.flags() | (p == flv.video.get(0) ? Packet.DISCONTINUITY : 0)))
                    .forEach(p -> write(s, p));
            s.finish();
        }
        List<Long> sequences = second.segments.stream().map(Segment::sequence).toList();
        List<Boolean> marks = second.segments.stream().map(Segment::discontinuity).toList();
        assertEquals(List.of(4L, 5L, 6L, 7L), sequences);
        assertEquals(List.of(false, true, false, true), marks);
        assertEquals(flv.video.get(0).dts(), second.segments.get(1).start());
    }

    private static void write(CmafSegmenter s, Packet p) {
        try {
            s.write(p);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void segmentsOutsideTheWindowAreExpiredAndDeleted() throws Exception {
        LatencyProfile small = new LatencyProfile(1, 1, 0, 3, 3, Preset.ULTRAFAST, Tune.NONE, 1, false);
        Recorder rec = run(rendition("240p", flv.videoTrack()), small, flv.video);

        assertEquals(6, rec.segments.size());
        assertEquals(List.of(1L, 2L, 3L), rec.expired.stream().map(Segment::sequence).toList());
        for (Segment s : rec.segments) {
            assertEquals(!rec.expired.contains(s), Files.exists(out.resolve(s.uri())), s.uri());
        }
    }

    @Test
    void annexBInputIsConverted() throws Exception {
        Track t = flv.videoTrack();
        byte[] avcC = t.codecConfigBytes();
        int spsLen = ((avcC[6] & 0xFF) << 8) | (avcC[7] & 0xFF);
        int ppsLen = ((avcC[9 + spsLen] & 0xFF) << 8) | (avcC[10 + spsLen] & 0xFF);
        ByteArrayOutputStream annexB = new ByteArrayOutputStream();
        annexB.writeBytes(new byte[] {0, 0, 0, 1});
        annexB.write(avcC, 8, spsLen);
        annexB.writeBytes(new byte[] {0, 0, 0, 1});
        annexB.write(avcC, 11 + spsLen, ppsLen);
        Track annexTrack = t.withCodecConfig(ByteBuffer.wrap(annexB.toByteArray()));
        assertEquals(Codecs.rfc6381(t), Codecs.rfc6381(annexTrack));

        List<Packet> packets = new ArrayList<>();
        for (Packet p : flv.video) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            byte[] data = new byte[p.size()];
            p.payload().get(data);
            for (byte[] nal : Nal.splitLengthPrefixed(data)) {
                b.writeBytes(new byte[] {0, 0, 0, 1});
                b.writeBytes(nal);
            }
            packets.add(new Packet(p.trackId(), p.pts(), p.dts(), 0, p.timeBase(), p.flags(), ByteBuffer.wrap(b.toByteArray())));
        }
        Recorder rec = run(rendition("annexb", annexTrack), TUTORIAL, packets);
        List<String> probe = Tools.probe(joined("annexb", rec.segments), "v");
        assertEquals("150", Tools.value(probe, "nb_read_frames"));
        assertEquals("320", Tools.value(probe, "width"));
    }
}
