package io.lectern.destination.push.internal;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.Loader;

import io.lectern.api.media.AudioFormat;
import io.lectern.api.media.Codec;
import io.lectern.api.media.Packet;
import io.lectern.api.media.SampleFormat;
import io.lectern.api.media.TimeBase;
import io.lectern.api.media.Track;
import io.lectern.api.media.VideoFormat;

/**
 * A short H.264 + AAC clip made by Debian's ffmpeg as FLV, read back with libavformat into the
 * tracks and packets the pipeline would hand a destination (avcC, length-prefixed NAL units, raw AAC).
 */
record Clip(List<Track> tracks, List<Packet> packets) {

    static Clip make(Path dir, int seconds) throws IOException, InterruptedException {
        Path file = dir.resolve("clip.flv");
        Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=10",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", String.valueOf(seconds),
                "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k", file.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("ffmpeg.log").toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("ffmpeg could not make the clip");
        }
        return read(file);
    }

    private static Clip read(Path file) throws IOException {
        Loader.load(avformat.class);
        AVFormatContext ctx = new AVFormatContext(null);
        if (avformat_open_input(ctx, file.toString(), null, null) < 0 || avformat_find_stream_info(ctx, (org.bytedeco.ffmpeg.avutil.AVDictionary) null) < 0) {
            throw new IOException("cannot read " + file);
        }
        List<Track> tracks = new ArrayList<>();
        List<Packet> packets = new ArrayList<>();
        AVPacket pkt = av_packet_alloc();
        try {
            for (int i = 0; i < ctx.nb_streams(); i++) {
                AVStream st = ctx.streams(i);
                AVCodecParameters par = st.codecpar();
                TimeBase tb = TimeBase.of(st.time_base().num(), st.time_base().den());
                byte[] config = new byte[par.extradata_size()];
                par.extradata().get(config);
                if (par.codec_type() == avutil.AVMEDIA_TYPE_VIDEO) {
                    tracks.add(Track.video(i, Codec.H264, tb, new VideoFormat(par.width(), par.height(), TimeBase.of(10, 1), null),
                            ByteBuffer.wrap(config), 0));
                } else if (par.codec_id() == avcodec.AV_CODEC_ID_AAC) {
                    tracks.add(Track.audio(i, Codec.AAC, tb, new AudioFormat(par.sample_rate(), par.ch_layout().nb_channels(), SampleFormat.FLTP),
                            ByteBuffer.wrap(config), 64_000));
                }
            }
            while (av_read_frame(ctx, pkt) >= 0) {
                try {
                    byte[] data = new byte[pkt.size()];
                    pkt.data().get(data);
                    AVStream st = ctx.streams(pkt.stream_index());
                    packets.add(new Packet(pkt.stream_index(), pkt.pts(), pkt.dts(), pkt.duration(),
                            TimeBase.of(st.time_base().num(), st.time_base().den()),
                            (pkt.flags() & AV_PKT_FLAG_KEY) != 0 ? Packet.KEYFRAME : 0, ByteBuffer.wrap(data)));
                } finally {
                    av_packet_unref(pkt);
                }
            }
        } finally {
            av_packet_free(pkt);
            avformat_close_input(ctx);
        }
        return new Clip(tracks, packets);
    }

    /** Sends the clip at about real time (an SRT receiver loses what comes faster). */
    void play(PushSession session) throws Exception {
        session.tracks(tracks);
        long start = System.nanoTime();
        for (Packet p : packets) {
            long due = start + (long) (p.ptsSeconds() * 1e9);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            session.packet(p);
        }
    }
}
