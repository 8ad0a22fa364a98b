package io.lectern.ingest.testpattern.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.lectern.api.media.AudioFrame;
import io.lectern.api.media.Codec;
import io.lectern.api.media.Frame;
import io.lectern.api.media.MediaSink;
import io.lectern.api.media.Packet;
import io.lectern.api.media.PixelFormat;
import io.lectern.api.media.TimeBase;
import io.lectern.api.media.Track;
import io.lectern.api.media.VideoFrame;
import io.lectern.api.plugin.IngestContext;
import io.lectern.api.plugin.IngestProtocol;
import io.lectern.api.plugin.IngestSession;
import io.lectern.api.plugin.PluginException;
import io.lectern.api.profile.LatencyMode;
import io.lectern.api.stream.StreamDefinition;

class TestPatternTest {

    private final TestPattern pattern = new TestPattern();

    TestPatternTest() {
        pattern.configure(new TestPattern.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return TestPattern.Config.class;
            }

            @Override
            public int width() {
                return 1280;
            }

            @Override
            public int height() {
                return 720;
            }

            @Override
            public int fps() {
                return 30;
            }

            @Override
            public int toneHz() {
                return 440;
            }
        });
    }

    @Test
    void producesPicturesAndToneAtTheirRates() throws Exception {
        assertEquals(IngestProtocol.Mode.SOURCE, pattern.mode());
        Recorder sink = new Recorder(12);
        IngestSession session = pattern.open(context("lesson", Map.of("width", "320", "height", "180", "fps", "25"), sink));
        assertTrue(sink.enough.await(20, TimeUnit.SECONDS), "a dozen pictures arrive");
        session.close();
        assertTrue(sink.ended.await(5, TimeUnit.SECONDS), "closing ends the sink");
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("testpattern-lesson")),
                "the thread is gone");

        Track video = sink.tracks.get(0);
        Track audio = sink.tracks.get(1);
        assertEquals(Codec.RAW_VIDEO, video.codec());
        assertEquals(320, video.video().width());
        assertEquals(180, video.video().height());
        assertEquals(TimeBase.of(25, 1), video.video().frameRate());
        assertEquals(Codec.RAW_AUDIO, audio.codec());
        assertEquals(48000, audio.audio().sampleRate());

        List<VideoFrame> pictures = sink.pictures;
        assertTrue(pictures.size() >= 12);
        for (int i = 0; i < pictures.size(); i++) {
            VideoFrame v = pictures.get(i);
            assertEquals(PixelFormat.YUV420P, v.format().pixelFormat());
            assertEquals(320 * 180, v.plane(0).remaining());
            assertEquals(160 * 90, v.plane(1).remaining());
            assertEquals(160, v.stride(2));
            assertEquals(TimeBase.MPEG, v.timeBase());
            assertEquals(i * 3600L, v.pts(), "one frame duration (1/25 s) apart");
        }
        assertNotEquals(pictures.get(0).plane(0), pictures.get(1).plane(0), "the picture moves");

        long next = 0;
        for (AudioFrame a : sink.sounds) {
            assertEquals(2, a.planeCount());
            assertEquals(next, a.pts(), "chunks follow each other without gaps");
            next += a.samples();
            ByteBuffer left = a.plane(0).order(ByteOrder.nativeOrder());
            float peak = 0;
            for (int i = 0; i < a.samples(); i++) {
                peak = Math.max(peak, Math.abs(left.getFloat(i * 4)));
            }
            assertTrue(peak > 0.2f && peak < 0.4f, "a -10 dBFS tone: " + peak);
        }
        assertTrue(next > 0, "some tone was sent");
        pictures.forEach(Frame::release);
        sink.sounds.forEach(Frame::release);
    }

    @Test
    void refusesBadSettings() {
        Recorder sink = new Recorder(1);
        PluginException e = assertThrows(PluginException.class, () -> pattern.open(context("odd", Map.of("width", "321"), sink)));
        assertTrue(e.isPermanent());
        assertThrows(PluginException.class, () -> pattern.open(context("fast", Map.of("fps", "lots"), sink)));
    }

    private static IngestContext context(String name, Map<String, String> settings, MediaSink sink) {
        StreamDefinition def = new StreamDefinition(name, null, "testpattern", LatencyMode.TUTORIAL, null, null, null, null, null, settings);
        return new IngestContext() {
            @Override
            public StreamDefinition stream() {
                return def;
            }

            @Override
            public MediaSink sink() {
                return sink;
            }
        };
    }

    /** Keeps every frame it gets (retained, as a queueing consumer would). */
    private static final class Recorder implements MediaSink {
        final CountDownLatch enough;
        final CountDownLatch ended = new CountDownLatch(1);
        final List<VideoFrame> pictures = new ArrayList<>();
        final List<AudioFrame> sounds = new ArrayList<>();
        List<Track> tracks;

        Recorder(int pictures) {
            enough = new CountDownLatch(pictures);
        }

        @Override
        public void tracks(List<Track> list) {
            tracks = list;
        }

        @Override
        public void packet(Packet packet) {
            throw new AssertionError("the test pattern sends raw frames only");
        }

        @Override
        public void frame(int trackId, Frame frame) {
            if (frame instanceof VideoFrame v) {
                assertEquals(tracks.get(0).id(), trackId);
                pictures.add((VideoFrame) v.retain());
                enough.countDown();
            } else {
                assertEquals(tracks.get(1).id(), trackId);
                sounds.add((AudioFrame) frame.retain());
            }
        }

        @Override
        public void end() {
            ended.countDown();
        }
    }
}
