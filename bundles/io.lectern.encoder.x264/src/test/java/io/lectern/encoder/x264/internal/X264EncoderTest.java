package io.lectern.encoder.x264.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lectern.api.media.Codec;
import io.lectern.api.media.Packet;
import io.lectern.api.media.PixelFormat;
import io.lectern.api.media.TimeBase;
import io.lectern.api.media.Track;
import io.lectern.api.media.VideoFormat;
import io.lectern.api.media.VideoFrame;
import io.lectern.api.plugin.EncoderConfig;
import io.lectern.api.plugin.EncoderSession;
import io.lectern.api.plugin.PluginException;
import io.lectern.api.plugin.PluginHealth;
import io.lectern.api.profile.Preset;
import io.lectern.api.profile.Tune;
import io.lectern.ffmpeg.Avc;

class X264EncoderTest {

    private static final int W = 640;
    private static final int H = 480;
    private static final int FRAMES = 90;
    private static final int TICKS = 3000; // one frame at 30 fps in 1/90000
    private static final VideoFormat INPUT = new VideoFormat(W, H, TimeBase.of(30, 1), PixelFormat.YUV420P);

    @TempDir
    static Path dir;
    /** Three seconds of testsrc2 as raw YUV420P, made by the Debian ffmpeg. */
    static ByteBuffer raw;

    private final X264Encoder x264 = new X264Encoder();

    @BeforeAll
    static void makeInput() throws Exception {
        Path yuv = dir.resolve("in.yuv");
        run("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=" + W + "x" + H + ":rate=30", "-frames:v", String.valueOf(FRAMES),
                "-pix_fmt", "yuv420p", "-f", "rawvideo", yuv.toString());
        byte[] bytes = Files.readAllBytes(yuv);
        raw = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    }

    X264EncoderTest() {
        x264.configure(config(""));
    }

    @Test
    void encodesTwoRungsWithKeyframesExactlyEveryGop() throws Exception {
        int gop = 25;
        for (int[] rung : new int[][] {{640, 480, 800_000}, {320, 240, 300_000}}) {
            VideoFormat out = new VideoFormat(rung[0], rung[1], TimeBase.of(30, 1), PixelFormat.YUV420P);
            EncoderConfig cfg = EncoderConfig.video(INPUT, out, TimeBase.MPEG, rung[2], gop, Preset.VERYFAST, Tune.NONE);
            List<Packet> packets = new ArrayList<>();
            Track track;
            try (EncoderSession s = x264.open(cfg)) {
                track = s.track();
                for (int i = 0; i < FRAMES; i++) {
                    s.encode(frame(i, false), packets::add);
                }
                s.flush(packets::add);
            }
            assertEquals(Codec.H264, track.codec());
            assertEquals(rung[1] <= 360 ? 77 : 100, track.codecConfigBytes()[1] & 0xff, "main or high profile");
            assertEquals(FRAMES, packets.size());
            long lastDts = Long.MIN_VALUE;
            boolean reordered = false;
            for (Packet p : packets) {
                assertEquals(TimeBase.MPEG, p.timeBase());
                assertTrue(p.dts() > lastDts, "decode times rise");
                assertTrue(p.dts() <= p.pts(), "no picture decodes after it shows");
                assertEquals(p.pts() / TICKS % gop == 0, p.isKeyframe(), "keyframe flag at pts " + p.pts());
                reordered |= p.dts() != p.pts();
                lastDts = p.dts();
            }
            assertTrue(reordered, "B-frames outside zerolatency");

            Path file = dir.resolve("out-" + rung[1] + ".h264");
            Files.write(file, annexB(track, packets));
            List<String> frames = run("ffprobe", "-v", "error", "-select_streams", "v", "-show_entries",
                    "frame=key_frame,width,height", "-of", "csv=p=0", file.toString()).lines()
                    // The first frame's line also names x264's SEI side data: keep the three fields asked for.
                    .filter(l -> l.matches("\\d,\\d+,\\d+.*")).map(l -> String.join(",", List.of(l.split(",")).subList(0, 3)))
                    .toList();
            assertEquals(FRAMES, frames.size());
            for (int i = 0; i < FRAMES; i++) {
                assertEquals((i % gop == 0 ? 1 : 0) + "," + rung[0] + "," + rung[1], frames.get(i), "frame " + i);
            }
            long bits = packets.stream().mapToLong(Packet::size).sum() * 8;
            double rate = bits / (FRAMES / 30.0);
            assertTrue(rate > rung[2] * 0.4 && rate < rung[2] * 1.6, "bitrate " + (long) rate + " for a target of " + rung[2]);
        }
    }

    @Test
    void zeroLatencyHasNoReorderingAndHonoursForcedKeyframesAndTheOutputRate() throws Exception {
        VideoFormat out = new VideoFormat(320, 240, TimeBase.of(15, 1), PixelFormat.YUV420P);
        EncoderConfig cfg = EncoderConfig.video(INPUT, out, TimeBase.MPEG, 300_000, 1000, Preset.ULTRAFAST, Tune.ZEROLATENCY);
        List<Packet> packets = new ArrayList<>();
        try (EncoderSession s = x264.open(cfg)) {
            for (int i = 0; i < FRAMES; i++) {
                // Frame 37 is one the halved rate would drop: a forced keyframe is kept anyway.
                s.encode(frame(i, i == 10 || i == 37), packets::add);
            }
            s.flush(packets::add);
        }
        List<Long> keys = new ArrayList<>();
        for (Packet p : packets) {
            assertEquals(p.pts(), p.dts(), "no B-frames in zerolatency");
            if (p.isKeyframe()) {
                keys.add(p.pts() / TICKS);
            }
        }
        assertEquals(List.of(0L, 10L, 37L), keys);
        assertTrue(Math.abs(packets.size() - FRAMES / 2) <= 2, "15 of 30 frames a second: " + packets.size());
    }

    @Test
    void reportsOpenFailures() throws Exception {
        VideoFormat odd = new VideoFormat(321, 241, TimeBase.of(30, 1), PixelFormat.YUV420P);
        EncoderConfig bad = EncoderConfig.video(INPUT, odd, TimeBase.MPEG, 300_000, 30, Preset.VERYFAST, Tune.NONE);
        assertThrows(PluginException.class, () -> x264.open(bad));
        assertEquals(PluginHealth.State.DEGRADED, x264.health().state());
        assertTrue(x264.health().reason().contains("libx264"), x264.health().reason());

        EncoderConfig good = EncoderConfig.video(INPUT, INPUT, TimeBase.MPEG, 300_000, 30, Preset.VERYFAST, Tune.SCREEN);
        x264.open(good).close();
        assertEquals(PluginHealth.State.UP, x264.health().state());
    }

    /** Open, encode, flush and close many times: native memory must not grow. */
    @Test
    void closingFreesEverything() throws Exception {
        VideoFormat in = new VideoFormat(64, 64, TimeBase.of(30, 1), PixelFormat.YUV420P);
        VideoFormat out = new VideoFormat(32, 32, TimeBase.of(30, 1), PixelFormat.YUV420P);
        EncoderConfig cfg = EncoderConfig.video(in, out, TimeBase.MPEG, 100_000, 30, Preset.VERYFAST, Tune.NONE);
        // Process memory (RSS) is left to the benchmarks: it moves with the Java heap and the C
        // allocator's arenas, so as a test it fails at random. JavaCPP's own count is exact.
        cycle(cfg, 20);
        System.gc();
        long bytes = Pointer.totalBytes();
        cycle(cfg, 200);
        assertEquals(bytes, Pointer.totalBytes(), "JavaCPP allocations are all freed");
    }

    private void cycle(EncoderConfig cfg, int times) throws Exception {
        // Heap planes here, so the copying path is exercised too.
        ByteBuffer[] planes = {ByteBuffer.allocate(64 * 64), ByteBuffer.allocate(32 * 32), ByteBuffer.allocate(32 * 32)};
        for (int i = 0; i < times; i++) {
            int[] packets = {0};
            try (EncoderSession s = x264.open(cfg)) {
                for (int f = 0; f < 3; f++) {
                    VideoFrame v = new VideoFrame(cfg.input(), f * TICKS, TimeBase.MPEG, planes, new int[] {64, 32, 32}, false, null);
                    s.encode(v, p -> packets[0]++);
                    v.release();
                }
                s.flush(p -> packets[0]++);
                // After a flush the session takes frames again (a publisher coming back).
                s.encode(new VideoFrame(cfg.input(), 10 * TICKS, TimeBase.MPEG, planes, new int[] {64, 32, 32}, true, null), p -> packets[0]++);
            }
            assertEquals(3, packets[0]);
        }
    }

    private static VideoFrame frame(int i, boolean key) {
        int y = W * H;
        int c = y / 4;
        int at = i * (y + 2 * c);
        ByteBuffer[] planes = {slice(at, y), slice(at + y, c), slice(at + y + c, c)};
        return new VideoFrame(INPUT, (long) i * TICKS, TimeBase.MPEG, planes, new int[] {W, W / 2, W / 2}, key, null);
    }

    private static ByteBuffer slice(int at, int len) {
        return raw.duplicate().position(at).limit(at + len).slice();
    }

    private static byte[] annexB(Track track, List<Packet> packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, Avc.parameterSetsAnnexB(track.codecConfig()));
        for (Packet p : packets) {
            write(out, Avc.toAnnexB(p.payload()));
        }
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        out.writeBytes(bytes);
    }

    private static X264Encoder.Config config(String params) {
        return new X264Encoder.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return X264Encoder.Config.class;
            }

            @Override
            public int threads() {
                return 0;
            }

            @Override
            public String x264Params() {
                return params;
            }
        };
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
        return out;
    }
}
