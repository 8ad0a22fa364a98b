package io.lectern.pipeline.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import javax.imageio.ImageIO;

import io.lectern.api.media.PixelFormat;
import io.lectern.api.media.TimeBase;
import io.lectern.api.media.VideoFormat;
import io.lectern.api.media.VideoFrame;
import io.lectern.api.plugin.PluginKind;
import io.lectern.api.profile.Ladder;
import io.lectern.api.profile.LatencyMode;
import io.lectern.api.stream.StreamDefinition;
import io.lectern.codec.ffmpeg.internal.AacEncoder;
import io.lectern.codec.ffmpeg.internal.FFmpegDecoder;
import io.lectern.encoder.x264.internal.X264Encoder;
import io.lectern.ingest.testpattern.internal.TestPattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thumbnails from a real pipeline: the test pattern, encoded by x264 into a 240p rung, whose latest
 * keyframe the FFmpeg decoder turns into a small JPEG when asked.
 */
class ThumbnailTest {

    @TempDir
    Path dir;

    /** The real plugins a test-pattern stream needs. */
    static Plugins realPlugins() throws ReflectiveOperationException {
        Plugins plugins = new Plugins();
        plugins.add(new PluginEntry(PluginKind.INGEST, Components.activate(new TestPattern()), 1, 0, 1, "testpattern", "1"));
        plugins.add(new PluginEntry(PluginKind.ENCODER, Components.activate(new X264Encoder()), 2, 0, 2, "x264", "1"));
        plugins.add(new PluginEntry(PluginKind.ENCODER, Components.activate(new AacEncoder()), 3, 0, 3, "aac", "1"));
        plugins.add(new PluginEntry(PluginKind.DECODER, Components.activate(new FFmpegDecoder()), 4, 0, 3, "ffmpeg", "1"));
        return plugins;
    }

    /** A pipeline run by a registry that keeps streams under {@code root}. */
    static Pipeline pipeline(Plugins plugins, Path root, StreamDefinition def) {
        return new Pipeline(new Pipeline.Host() {
            @Override
            public Plugins pluginSet() {
                return plugins;
            }

            @Override
            public Path streamDirectory(String stream) {
                return root.resolve(stream);
            }

            @Override
            public int packetQueue() {
                return 1024;
            }

            @Override
            public int frameQueue() {
                return 8;
            }

            @Override
            public void changed(Pipeline pipeline) {
                // nobody listens here
            }

            @Override
            public Slate slate(StreamDefinition stream, List<DestinationOutput> outputs) {
                return null; // these streams have no destinations to hold
            }
        }, def);
    }

    static <T> T await(String what, Supplier<Optional<T>> check) throws InterruptedException {
        long end = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < end) {
            Optional<T> v = check.get();
            if (v.isPresent()) {
                return v.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    @Test
    void theLatestKeyframeBecomesASmallJpegThatFollowsTheClock() throws Exception {
        // 640x360 at 15 fps into a 240p rung (426x240) with a keyframe every second.
        StreamDefinition def = new StreamDefinition("thumb", "Thumb", "testpattern", LatencyMode.LOW_LATENCY, null, Ladder.of("240p"),
                null, null, null, Map.of("width", "640", "height", "360", "fps", "15"));
        Pipeline p = pipeline(realPlugins(), dir, def);
        Path file = dir.resolve("thumb").resolve(Thumbnail.FILE);
        assertTrue(p.thumbnail(0).isEmpty(), "no picture before the first keyframe");
        p.start();
        try {
            byte[] first = await("a thumbnail", () -> p.thumbnail(0));
            BufferedImage a = jpeg(first);
            assertEquals(320, a.getWidth());
            assertEquals(180, a.getHeight());
            assertArrayEquals(first, Files.readAllBytes(file), "written to the stream's folder");
            assertSame(first, p.thumbnail(60_000).orElseThrow(), "reused while young, nothing decoded");

            Thread.sleep(2200);
            byte[] later = p.thumbnail(0).orElseThrow();
            BufferedImage b = jpeg(later);
            assertEquals(320, b.getWidth());
            // The timecode, frame counter and moving box have moved on by two keyframes.
            assertTrue(differing(a, b) > 200, "the picture follows the test pattern's clock: " + differing(a, b) + " pixels changed");
        } finally {
            p.stop();
        }
        byte[] kept = Thumbnail.stored(file).orElseThrow();
        assertEquals(320, jpeg(kept).getWidth(), "the last picture is kept for the stopped stream");
        Pipeline again = pipeline(realPlugins(), dir, def);
        assertArrayEquals(kept, again.thumbnail(0).orElseThrow(), "and shown until new pictures come");
    }

    @Test
    void scalesAndConvertsPlanarAndSemiPlanarPictures() {
        for (PixelFormat format : new PixelFormat[] {PixelFormat.YUV420P, PixelFormat.NV12}) {
            BufferedImage img = Thumbnail.scale(redAndWhite(640, 360, format), 320);
            assertEquals(320, img.getWidth(), format.name());
            assertEquals(180, img.getHeight(), format.name());
            assertColour(0xff0000, img.getRGB(40, 90), format + " left half is red");
            assertColour(0xffffff, img.getRGB(280, 90), format + " right half is white");
        }
        assertEquals(64, Thumbnail.scale(redAndWhite(64, 36, PixelFormat.YUV420P), 320).getWidth(), "small pictures are not enlarged");
    }

    /** BT.601 limited range: red is Y 81, Cb 90, Cr 240; white is Y 235 with neutral chroma. */
    private static VideoFrame redAndWhite(int w, int h, PixelFormat format) {
        ByteBuffer y = ByteBuffer.allocateDirect(w * h);
        for (int row = 0; row < h; row++) {
            for (int x = 0; x < w; x++) {
                y.put((byte) (x < w / 2 ? 81 : 235));
            }
        }
        int cw = w / 2;
        int ch = h / 2;
        ByteBuffer cb = ByteBuffer.allocateDirect(cw * ch);
        ByteBuffer cr = ByteBuffer.allocateDirect(cw * ch);
        ByteBuffer uv = ByteBuffer.allocateDirect(w * ch);
        for (int row = 0; row < ch; row++) {
            for (int x = 0; x < cw; x++) {
                byte u = (byte) (x < cw / 2 ? 90 : 128);
                byte v = (byte) (x < cw / 2 ? 240 : 128);
                cb.put(u);
                cr.put(v);
                uv.put(u).put(v);
            }
        }
        VideoFormat vf = new VideoFormat(w, h, TimeBase.of(30, 1), format);
        return format == PixelFormat.NV12
                ? new VideoFrame(vf, 0, TimeBase.MPEG, new ByteBuffer[] {y.flip(), uv.flip()}, new int[] {w, w}, false, null)
                : new VideoFrame(vf, 0, TimeBase.MPEG, new ByteBuffer[] {y.flip(), cb.flip(), cr.flip()}, new int[] {w, cw, cw}, false, null);
    }

    private static void assertColour(int expected, int actual, String what) {
        for (int shift = 0; shift <= 16; shift += 8) {
            int e = expected >> shift & 0xff;
            int a = actual >> shift & 0xff;
            assertTrue(Math.abs(e - a) <= 3, what + ": expected " + Integer.toHexString(expected) + ", got " + Integer.toHexString(actual & 0xffffff));
        }
    }

    static BufferedImage jpeg(byte[] bytes) throws IOException {
        assertEquals((byte) 0xff, bytes[0], "a JPEG starts with SOI");
        assertEquals((byte) 0xd8, bytes[1], "a JPEG starts with SOI");
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
        assertTrue(img != null, "ImageIO reads it");
        return img;
    }

    private static int differing(BufferedImage a, BufferedImage b) {
        int n = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                if (Math.abs((p >> 8 & 0xff) - (q >> 8 & 0xff)) > 40) {
                    n++;
                }
            }
        }
        return n;
    }
}
