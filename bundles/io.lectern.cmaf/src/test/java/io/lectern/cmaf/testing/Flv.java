package io.lectern.cmaf.testing;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.lectern.api.media.AudioFormat;
import io.lectern.api.media.Codec;
import io.lectern.api.media.Packet;
import io.lectern.api.media.TimeBase;
import io.lectern.api.media.Track;
import io.lectern.api.media.VideoFormat;

/**
 * Reads an FLV file with H.264 and AAC into tracks and packets, as an RTMP ingest would see them:
 * the avcC and AudioSpecificConfig come from the sequence headers, times are in milliseconds.
 */
public final class Flv {

    public final List<Packet> video = new ArrayList<>();
    public final List<Packet> audio = new ArrayList<>();
    private byte[] avcC;
    private byte[] asc;

    public static Flv read(Path file) throws IOException {
        Flv flv = new Flv();
        try (InputStream in = Files.newInputStream(file); DataInputStream d = new DataInputStream(in)) {
            byte[] header = new byte[9];
            d.readFully(header);
            if (header[0] != 'F' || header[1] != 'L' || header[2] != 'V') {
                throw new IOException("not an FLV file");
            }
            d.skipBytes(4);
            while (true) {
                int type;
                try {
                    type = d.readUnsignedByte() & 0x1F;
                } catch (EOFException end) {
                    break;
                }
                int size = (d.readUnsignedByte() << 16) | d.readUnsignedShort();
                int ts = (d.readUnsignedByte() << 16) | d.readUnsignedShort();
                ts |= d.readUnsignedByte() << 24;
                d.skipBytes(3);
                byte[] data = new byte[size];
                d.readFully(data);
                d.skipBytes(4);
                if (type == 9 && (data[0] & 0x0F) == 7) {
                    flv.videoTag(data, ts);
                } else if (type == 8 && ((data[0] & 0xFF) >> 4) == 10) {
                    flv.audioTag(data, ts);
                }
            }
        }
        return flv;
    }

    private void videoTag(byte[] data, int ts) {
        int cts = ((data[2] << 16) | ((data[3] & 0xFF) << 8) | (data[4] & 0xFF));
        byte[] body = java.util.Arrays.copyOfRange(data, 5, data.length);
        if (data[1] == 0) {
            avcC = body;
        } else if (data[1] == 1) {
            boolean key = ((data[0] & 0xFF) >> 4) == 1;
            video.add(new Packet(1, ts + cts, ts, 0, TimeBase.MILLIS, key ? Packet.KEYFRAME : 0, ByteBuffer.wrap(body)));
        }
    }

    private void audioTag(byte[] data, int ts) {
        byte[] body = java.util.Arrays.copyOfRange(data, 2, data.length);
        if (data[1] == 0) {
            asc = body;
        } else {
            audio.add(new Packet(1, ts, ts, 0, TimeBase.MILLIS, Packet.KEYFRAME, ByteBuffer.wrap(body)));
        }
    }

    /** The video track (320x240, 25 fps as made by {@link Tools#makeFlv}). */
    public Track videoTrack() {
        return Track.video(1, Codec.H264, TimeBase.MILLIS, new VideoFormat(320, 240, TimeBase.of(25, 1), null),
                ByteBuffer.wrap(avcC), 500_000);
    }

    public Track audioTrack() {
        return Track.audio(1, Codec.AAC, TimeBase.MILLIS, new AudioFormat(44100, 1, null), ByteBuffer.wrap(asc), 128_000);
    }
}
