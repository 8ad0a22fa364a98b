package io.lectern.codec.ffmpeg.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lectern.api.media.AudioFormat;
import io.lectern.api.media.AudioFrame;
import io.lectern.api.media.Codec;
import io.lectern.api.media.Frame;
import io.lectern.api.media.Packet;
import io.lectern.api.media.PixelFormat;
import io.lectern.api.media.SampleFormat;
import io.lectern.api.media.TimeBase;
import io.lectern.api.media.Track;
import io.lectern.api.media.VideoFrame;
import io.lectern.api.plugin.DecoderSession;
import io.lectern.api.plugin.EncoderConfig;
import io.lectern.api.plugin.EncoderSession;
import io.lectern.api.plugin.PluginException;

class CodecTest {

    private static final int SECONDS = 2;

    @TempDir
    static Path dir;
    static MediaFile file;

    private final FFmpegDecoder decoder = new FFmpegDecoder();
    private final AacEncoder aac = new AacEncoder();

    /** Two seconds of 320x240 at 30 fps with B-frames, and a 48 kHz stereo tone, made by the Debian ffmpeg. */
    @BeforeAll
    static void makeInput() throws Exception {
        Path mp4 = dir.resolve("in.mp4");
        run("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-f", "lavfi",
                "-i", "sine=frequency=440:sample_rate=48000", "-t", String.valueOf(SECONDS), "-ac", "2",
                "-c:v", "libx264", "-g", "30", "-bf", "2", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "128k", mp4.toString());
        file = MediaFile.read(mp4);
    }

    CodecTest() {
        decoder.configure(config(0));
        aac.activate();
    }

    @Test
    void decodesH264IntoPicturesOfTheSourceSize() throws Exception {
        Track video = file.track(Codec.H264);
        assertTrue(decoder.supports(video));
        List<VideoFrame> kept = new ArrayList<>();
        long[] last = {Long.MIN_VALUE};
        int[] count = {0};
        try (DecoderSession s = decoder.open(video, PixelFormat.YUV420P)) {
            for (Packet p : file.packetsOf(video)) {
                s.decode(p, f -> {
                    VideoFrame v = (VideoFrame) f;
                    assertEquals(320, v.width());
                    assertEquals(240, v.height());
                    assertEquals(PixelFormat.YUV420P, v.format().pixelFormat());
                    assertEquals(3, v.planeCount());
                    assertTrue(v.stride(0) >= 320 && v.plane(0).remaining() >= v.stride(0) * 240);
                    assertTrue(v.pts() > last[0], "presentation order");
                    last[0] = v.pts();
                    count[0]++;
                    if (count[0] % 20 == 1) {
                        kept.add((VideoFrame) v.retain());
                    }
                });
            }
            s.flush(f -> count[0]++);
        }
        assertEquals(30 * SECONDS, count[0]);
        // Retained frames outlive the decoder session and still hold the picture.
        for (VideoFrame v : kept) {
            assertTrue(distinctValues(v.plane(0)) > 10, "a real picture, not blank memory");
            v.release();
        }
    }

    @Test
    void decodesAacIntoFloatPlanes() throws Exception {
        Track audio = file.track(Codec.AAC);
        long[] samples = {0};
        float[] peak = {0};
        try (DecoderSession s = decoder.open(audio, PixelFormat.YUV420P)) {
            for (Packet p : file.packetsOf(audio)) {
                s.decode(p, f -> {
                    AudioFrame a = (AudioFrame) f;
                    assertEquals(new AudioFormat(48000, 2, SampleFormat.FLTP), a.format());
                    assertEquals(2, a.planeCount());
                    ByteBuffer left = a.plane(0).order(ByteOrder.nativeOrder());
                    for (int i = 0; i < a.samples(); i++) {
                        peak[0] = Math.max(peak[0], Math.abs(left.getFloat(i * 4)));
                    }
                    samples[0] += a.samples();
                });
            }
            s.flush(f -> samples[0] += ((AudioFrame) f).samples());
        }
        assertTrue(Math.abs(samples[0] - 48000L * SECONDS) <= 2048, "about two seconds of samples: " + samples[0]);
        assertTrue(peak[0] > 0.05f && peak[0] <= 1.01f, "the tone is there: " + peak[0]);
    }

    @Test
    void refusesWhatItCannotDecode() {
        Track meta = new Track(0, Codec.TIMED_METADATA, TimeBase.MILLIS, null, null, null, 0);
        assertFalse(decoder.supports(meta));
        assertThrows(PluginException.class, () -> decoder.open(meta, PixelFormat.YUV420P));
    }

    /** Odd-sized frames in, whole AAC frames out, in the config's time base; ffprobe and ffmpeg read the result. */
    @Test
    void encodesAacThatFfmpegDecodes() throws Exception {
        AudioFormat format = new AudioFormat(48000, 2, SampleFormat.FLTP);
        List<Packet> packets = new ArrayList<>();
        Track track;
        try (EncoderSession s = aac.open(EncoderConfig.audio(format, TimeBase.MILLIS, 128_000))) {
            track = s.track();
            int chunk = 441;
            for (long n = 0; n < 48000L * SECONDS; n += chunk) {
                s.encode(sine(format, n, chunk), packets::add);
            }
            s.flush(packets::add);
        }
        assertEquals(Codec.AAC, track.codec());
        assertEquals(2, (track.codecConfigBytes()[0] & 0xff) >> 3, "AudioSpecificConfig of AAC-LC");
        long last = Long.MIN_VALUE;
        for (Packet p : packets) {
            assertEquals(TimeBase.MILLIS, p.timeBase());
            assertTrue(p.pts() >= last, "timestamps go forward");
            last = p.pts();
        }
        assertTrue(Math.abs(packets.size() - 48000 * SECONDS / 1024) <= 3, "one packet per 1024 samples: " + packets.size());

        Path adts = dir.resolve("out.aac");
        Files.write(adts, adts(track.codecConfigBytes(), packets));
        String probe = run("ffprobe", "-v", "error", "-show_entries", "stream=codec_name,sample_rate,channels", "-of", "csv=p=0", adts.toString());
        assertEquals("aac,48000,2", probe.trim());
        String decoded = run("ffmpeg", "-v", "error", "-i", adts.toString(), "-f", "null", "-");
        assertEquals("", decoded.trim(), "decodes without errors");
    }

    /** Open, use and close sessions many times: native memory must not grow. */
    @Test
    void closingFreesEverything() throws Exception {
        Track video = file.track(Codec.H264);
        Track audio = file.track(Codec.AAC);
        List<Packet> firstPictures = file.packetsOf(video).subList(0, 3);
        List<Packet> firstAudio = file.packetsOf(audio).subList(0, 3);
        AudioFormat format = new AudioFormat(48000, 2, SampleFormat.FLTP);
        // Process memory (RSS) is left to the benchmarks: it moves with the Java heap and the C
        // allocator's arenas, so as a test it fails at random. JavaCPP's own count is exact.
        cycle(video, audio, firstPictures, firstAudio, format, 20);
        System.gc();
        long bytes = Pointer.totalBytes();
        cycle(video, audio, firstPictures, firstAudio, format, 200);
        assertEquals(bytes, Pointer.totalBytes(), "JavaCPP allocations are all freed");
    }

    private void cycle(Track video, Track audio, List<Packet> pictures, List<Packet> sound, AudioFormat format, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            int[] frames = {0};
            try (DecoderSession v = decoder.open(video, PixelFormat.YUV420P);
                 DecoderSession a = decoder.open(audio, PixelFormat.YUV420P);
                 EncoderSession e = aac.open(EncoderConfig.audio(format, TimeBase.MILLIS, 96_000))) {
                for (Packet p : pictures) {
                    v.decode(p, f -> frames[0]++);
                }
                v.flush(f -> frames[0]++);
                for (Packet p : sound) {
                    a.decode(p, f -> frames[0]++);
                }
                for (int k = 0; k < 3; k++) {
                    Frame f = sine(format, k * 1000L, 1000);
                    e.encode(f, p -> frames[0]++);
                    f.release();
                }
                e.flush(p -> frames[0]++);
            }
            assertTrue(frames[0] >= 3);
        }
    }

    private static AudioFrame sine(AudioFormat format, long start, int samples) {
        ByteBuffer[] planes = new ByteBuffer[format.channels()];
        for (int c = 0; c < planes.length; c++) {
            ByteBuffer b = ByteBuffer.allocateDirect(samples * 4).order(ByteOrder.nativeOrder());
            for (int i = 0; i < samples; i++) {
                b.putFloat((float) (0.3 * Math.sin(2 * Math.PI * 440 * (start + i) / format.sampleRate())));
            }
            planes[c] = b.flip();
        }
        return new AudioFrame(format, start, TimeBase.of(1, format.sampleRate()), samples, planes, null);
    }

    /** Raw AAC packets behind ADTS headers, the form a .aac file has. */
    private static byte[] adts(byte[] asc, List<Packet> packets) {
        int profile = (asc[0] & 0xff) >> 3;
        int freq = ((asc[0] & 0x07) << 1) | ((asc[1] & 0xff) >> 7);
        int channels = (asc[1] >> 3) & 0x0f;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Packet p : packets) {
            int len = p.size() + 7;
            out.write(0xff);
            out.write(0xf1);
            out.write(((profile - 1) << 6) | (freq << 2) | (channels >> 2));
            out.write(((channels & 3) << 6) | (len >> 11));
            out.write((len >> 3) & 0xff);
            out.write(((len & 7) << 5) | 0x1f);
            out.write(0xfc);
            byte[] b = new byte[p.size()];
            p.payload().get(b);
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    private static long distinctValues(ByteBuffer plane) {
        boolean[] seen = new boolean[256];
        long n = 0;
        while (plane.hasRemaining()) {
            int v = plane.get() & 0xff;
            if (!seen[v]) {
                seen[v] = true;
                n++;
            }
        }
        return n;
    }

    private static FFmpegDecoder.Config config(int threads) {
        return new FFmpegDecoder.Config() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return FFmpegDecoder.Config.class;
            }

            @Override
            public int threads() {
                return threads;
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
