package io.lectern.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lectern.api.plugin.PluginHealth;

class FFmpegTest {

    @TempDir
    Path dir;

    @Test
    void loadsTheNativesAndFindsTheCodecs() throws Exception {
        assertTrue(FFmpeg.load().startsWith("61."), "libavcodec 61 (FFmpeg 7.1)");
        assertEquals(PluginHealth.State.UP, FFmpeg.health("libx264", true).state());
        assertEquals(PluginHealth.State.UP, FFmpeg.health("aac", true).state());
        assertEquals(PluginHealth.State.DOWN, FFmpeg.health("no_such_codec", true).state());
        assertEquals("End of file", FFmpeg.error(avutil.AVERROR_EOF));
    }

    /** Our avcC from x264's Annex B headers must equal what FFmpeg's MP4 muxer writes for the same stream. */
    @Test
    void buildsTheSameAvcCAsTheMp4Muxer() throws Exception {
        Path h264 = dir.resolve("in.h264");
        Path mp4 = dir.resolve("in.mp4");
        run("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25", "-frames:v", "10",
                "-c:v", "libx264", "-profile:v", "high", "-pix_fmt", "yuv420p", h264.toString());
        run("ffmpeg", "-v", "error", "-i", h264.toString(), "-c", "copy", mp4.toString());
        byte[] stream = Files.readAllBytes(h264);

        byte[] ours = bytes(Avc.avcC(ByteBuffer.wrap(stream)));
        byte[] muxer = mp4Extradata(mp4);
        assertEquals(100, ours[1] & 0xff, "High profile");
        assertArrayEquals(muxer, Arrays.copyOf(ours, muxer.length));
        assertTrue(ours.length == muxer.length || ours.length == muxer.length + 4, "at most the 4 High profile bytes more");

        ByteBuffer sets = Avc.parameterSetsAnnexB(ByteBuffer.wrap(ours));
        assertEquals(2, Avc.splitAnnexB(sets).size(), "one SPS and one PPS");

        List<ByteBuffer> nals = Avc.splitAnnexB(ByteBuffer.wrap(stream));
        ByteBuffer prefixed = Avc.toLengthPrefixed(ByteBuffer.wrap(stream));
        assertEquals(Avc.splitAnnexB(Avc.toAnnexB(prefixed)), nals);
        assertTrue(nals.size() >= 13, "SPS, PPS, SEI and ten slices at least");
    }

    private static byte[] mp4Extradata(Path mp4) throws IOException {
        AVFormatContext fmt = new AVFormatContext(null);
        if (avformat_open_input(fmt, mp4.toString(), null, (AVDictionary) null) < 0) {
            throw new IOException("cannot open " + mp4);
        }
        try {
            avformat_find_stream_info(fmt, (AVDictionary) null);
            AVCodecParameters par = fmt.streams(0).codecpar();
            byte[] b = new byte[par.extradata_size()];
            par.extradata().get(b);
            return b;
        } finally {
            avformat_close_input(fmt);
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    }
}
