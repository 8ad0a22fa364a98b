package io.lectern.cmaf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;

import io.lectern.api.media.AudioFormat;
import io.lectern.api.media.Codec;
import io.lectern.api.media.TimeBase;
import io.lectern.api.media.Track;
import io.lectern.api.media.VideoFormat;

import org.junit.jupiter.api.Test;

class CodecsTest {

    private static Track video(Codec c, byte... config) {
        return Track.video(1, c, TimeBase.MPEG, new VideoFormat(1280, 720, null, null), ByteBuffer.wrap(config), 0);
    }

    private static Track audio(Codec c, byte... config) {
        return Track.audio(1, c, TimeBase.of(1, 48000), new AudioFormat(48000, 2, null), ByteBuffer.wrap(config), 0);
    }

    @Test
    void h264FromAvcC() {
        assertEquals("avc1.64001f", Codecs.rfc6381(video(Codec.H264, (byte) 1, (byte) 0x64, (byte) 0, (byte) 0x1f, (byte) 0xff, (byte) 0xe1)));
    }

    @Test
    void hevcFromHvcC() {
        byte[] hvcC = new byte[23];
        hvcC[0] = 1;
        hvcC[1] = 0x01;
        hvcC[2] = 0x60;
        hvcC[6] = (byte) 0xB0;
        hvcC[12] = 93;
        assertEquals("hvc1.1.6.L93.B0", Codecs.rfc6381(video(Codec.HEVC, hvcC)));
    }

    @Test
    void aacAndOpus() {
        assertEquals("mp4a.40.2", Codecs.rfc6381(audio(Codec.AAC, (byte) 0x11, (byte) 0x90)));
        assertEquals("mp4a.40.5", Codecs.rfc6381(audio(Codec.AAC, (byte) 0x2B, (byte) 0x92)));
        assertEquals("mp4a.40.2", Codecs.rfc6381(audio(Codec.AAC)));
        assertEquals("opus", Codecs.rfc6381(audio(Codec.OPUS)));
    }
}
