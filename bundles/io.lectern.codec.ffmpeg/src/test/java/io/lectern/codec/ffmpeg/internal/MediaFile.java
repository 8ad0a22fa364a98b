package io.lectern.codec.ffmpeg.internal;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
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

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;

import io.lectern.api.media.AudioFormat;
import io.lectern.api.media.Codec;
import io.lectern.api.media.Packet;
import io.lectern.api.media.TimeBase;
import io.lectern.api.media.Track;
import io.lectern.api.media.VideoFormat;

/** Reads an MP4 with libavformat into Lectern tracks and packets (MP4 already holds the avcC/length-prefixed form). */
record MediaFile(List<Track> tracks, List<Packet> packets) {

    static MediaFile read(Path file) throws IOException {
        AVFormatContext fmt = new AVFormatContext(null);
        if (avformat_open_input(fmt, file.toString(), null, (AVDictionary) null) < 0) {
            throw new IOException("cannot open " + file);
        }
        AVPacket pkt = av_packet_alloc();
        try {
            avformat_find_stream_info(fmt, (AVDictionary) null);
            List<Track> tracks = new ArrayList<>();
            for (int i = 0; i < fmt.nb_streams(); i++) {
                AVStream s = fmt.streams(i);
                AVCodecParameters par = s.codecpar();
                TimeBase tb = TimeBase.of(s.time_base().num(), s.time_base().den());
                byte[] extra = new byte[par.extradata_size()];
                par.extradata().get(extra);
                if (par.codec_id() == AV_CODEC_ID_H264) {
                    TimeBase rate = TimeBase.of(s.avg_frame_rate().num(), s.avg_frame_rate().den());
                    tracks.add(Track.video(i, Codec.H264, tb, new VideoFormat(par.width(), par.height(), rate, null), ByteBuffer.wrap(extra), 0));
                } else if (par.codec_id() == AV_CODEC_ID_AAC) {
                    tracks.add(Track.audio(i, Codec.AAC, tb, new AudioFormat(par.sample_rate(), par.ch_layout().nb_channels(), null),
                            ByteBuffer.wrap(extra), 0));
                }
            }
            List<Packet> packets = new ArrayList<>();
            while (av_read_frame(fmt, pkt) >= 0) {
                byte[] data = new byte[pkt.size()];
                pkt.data().get(data);
                AVStream s = fmt.streams(pkt.stream_index());
                TimeBase tb = TimeBase.of(s.time_base().num(), s.time_base().den());
                packets.add(new Packet(pkt.stream_index(), pkt.pts(), pkt.dts(), pkt.duration(), tb,
                        (pkt.flags() & AV_PKT_FLAG_KEY) != 0 ? Packet.KEYFRAME : 0, ByteBuffer.wrap(data)));
                av_packet_unref(pkt);
            }
            return new MediaFile(tracks, packets);
        } finally {
            av_packet_free(pkt);
            avformat_close_input(fmt);
        }
    }

    Track track(Codec codec) {
        return tracks.stream().filter(t -> t.codec() == codec).findFirst().orElseThrow();
    }

    List<Packet> packetsOf(Track t) {
        return packets.stream().filter(p -> p.trackId() == t.id()).toList();
    }
}
