package io.lectern.ingest.rtmp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

import io.lectern.api.media.Codec;
import io.lectern.api.media.Packet;
import io.lectern.api.media.Track;

import org.junit.jupiter.api.Test;

/** Chunk parsing and the session, driven in memory with bytes built in code. */
class SessionTest {

    private final TestGateway gateway = new TestGateway();

    static TestGateway.Recording replay(TestGateway gateway, byte[] input) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RtmpSession session = new RtmpSession("live", gateway, "test", () -> { });
        try {
            Handshake.serve(in, out);
            session.serve(in, out);
        } finally {
            session.close();
        }
        return gateway.publications.isEmpty() ? null : gateway.publications.get(gateway.publications.size() - 1);
    }

    @Test
    void allHeaderTypesAndExtendedTimestamps() throws IOException {
        byte[] payload = new byte[200];
        payload[199] = 42;
        SessionBuilder b = new SessionBuilder()
                // Type 0 with an extended timestamp, continued by a type 3 chunk that repeats it.
                .message(4, 9, 1, 0x12345678L, payload)
                // Type 1: delta 0x21, 3 bytes of type 8.
                .raw(0x44, 0, 0, 0x21, 0, 0, 3, 8, 1, 2, 3)
                // Type 2: an extended delta of 0x1000000.
                .raw(0x84, 0xff, 0xff, 0xff, 0x01, 0, 0, 0, 4, 5, 6)
                // Type 3 starting a new message: the same delta again, repeated as extended timestamp.
                .raw(0xC4, 0x01, 0, 0, 0, 7, 8, 9)
                // Two- and three-byte basic headers (chunk streams 100 and 400).
                .raw(0x00, 36, 0, 0, 5, 0, 0, 1, 20, 0, 0, 0, 0, 0x11)
                .raw(0x01, 0x50, 0x01, 0, 0, 6, 0, 0, 1, 20, 0, 0, 0, 0, 0x22);
        ChunkReader r = new ChunkReader(new ByteArrayInputStream(b.bytes()));
        RtmpMessage m = r.next();
        assertEquals(0x12345678L, m.timestamp());
        assertEquals(200, m.payload().length);
        assertEquals(42, m.payload()[199]);
        assertEquals(1, m.streamId());
        m = r.next();
        assertEquals(0x12345699L, m.timestamp());
        assertEquals(8, m.type());
        assertArrayEquals(new byte[] {1, 2, 3}, m.payload());
        m = r.next();
        assertEquals(0x13345699L, m.timestamp());
        assertArrayEquals(new byte[] {4, 5, 6}, m.payload());
        m = r.next();
        assertEquals(0x14345699L, m.timestamp());
        assertArrayEquals(new byte[] {7, 8, 9}, m.payload());
        m = r.next();
        assertEquals(100, m.chunkStreamId());
        assertEquals(5, m.timestamp());
        m = r.next();
        assertEquals(400, m.chunkStreamId());
        assertNull(r.next(), "clean end between chunks");
    }

    @Test
    void invalidChunkSizeAndHugeMessagesAreRefused() {
        byte[] zero = new SessionBuilder().message(2, 1, 0, 0, new byte[4]).bytes();
        assertThrows(ProtocolException.class, () -> new ChunkReader(new ByteArrayInputStream(zero)).next());
        byte[] negative = new SessionBuilder().message(2, 1, 0, 0, new byte[] {(byte) 0x80, 0, 0, 0}).bytes();
        assertThrows(ProtocolException.class, () -> new ChunkReader(new ByteArrayInputStream(negative)).next());
        byte[] huge = new SessionBuilder().raw(0x06, 0, 0, 0, 0xff, 0xff, 0xff, 9, 1, 0, 0, 0).bytes();
        assertThrows(ProtocolException.class, () -> new ChunkReader(new ByteArrayInputStream(huge)).next());
        byte[] type3First = new SessionBuilder().raw(0xC5, 1, 2, 3).bytes();
        assertThrows(ProtocolException.class, () -> new ChunkReader(new ByteArrayInputStream(type3First)).next());
        byte[] truncated = new SessionBuilder().raw(0x06, 0, 0, 0, 0, 0, 10, 9, 1, 0, 0, 0, 1, 2).bytes();
        assertThrows(ProtocolException.class, () -> new ChunkReader(new ByteArrayInputStream(truncated)).next());
    }

    @Test
    void publishDeliversTracksAndPacketsAcrossTheTimestampWrap() throws IOException {
        long start = 0xFFFFFFFFL - 100;
        SessionBuilder b = new SessionBuilder().handshake().chunkSize(4096).connect("live").publish("good")
                .metadata(Map.of("width", 320.0, "height", 240.0, "framerate", 25.0, "videocodecid", 7.0, "audiocodecid", 10.0))
                .videoConfig(start).audioConfig(start)
                // Audio before the first keyframe is dropped; the stream starts at the keyframe.
                .audio(start).video(start, false).video(start + 40, true).audio(start + 40);
        for (int i = 2; i < 10; i++) {
            long ts = (start + 40L * i) & 0xFFFFFFFFL;
            b.video(ts, false).audio(ts);
        }
        b.command(4, 1, "deleteStream", 0.0, null, 1.0);
        TestGateway.Recording r = replay(gateway, b.bytes());
        List<Track> tracks = r.tracks.get(0);
        assertEquals(Codec.H264, tracks.get(0).codec());
        assertEquals(320, tracks.get(0).video().width());
        assertEquals(240, tracks.get(0).video().height());
        assertEquals(25.0, tracks.get(0).video().fps());
        assertEquals(44100, tracks.get(1).audio().sampleRate());
        assertEquals(2, tracks.get(1).audio().channels());
        Packet first = r.packets.get(0);
        assertTrue(first.isKeyframe());
        assertEquals(start + 40, first.dts());
        List<Packet> video = r.of(MediaMapper.VIDEO_TRACK);
        assertEquals(9, video.size());
        assertEquals(start + 40 * 9, video.get(8).dts(), "timestamps continue past 2^32");
        assertTrue(video.get(8).dts() > 0xFFFFFFFFL);
        assertEquals(0, r.closed.getCount(), "deleteStream ends the publication");
    }

    @Test
    void onlyAudioStartsAfterOneSecond() throws IOException {
        SessionBuilder b = new SessionBuilder().handshake().connect("live").publish("good").audioConfig(0);
        for (int ts = 0; ts <= 1100; ts += 23) {
            b.audio(ts);
        }
        TestGateway.Recording r = replay(gateway, b.bytes());
        assertEquals(1, r.tracks.size());
        assertEquals(List.of(Codec.AAC), r.tracks.get(0).stream().map(Track::codec).toList());
        assertEquals(48, r.packets.size(), "nothing is lost while waiting for video");
    }

    @Test
    void wrongAppAndUnknownKeyEndTheSession() throws IOException {
        assertNull(replay(gateway, new SessionBuilder().handshake().connect("other").publish("good").bytes()));
        assertEquals(0, gateway.attempts.get());
        assertNull(replay(gateway, new SessionBuilder().handshake().connect("live").publish("bad").video(0, true).bytes()));
        assertEquals(1, gateway.attempts.get());
    }

    @Test
    void amfGarbageIsAProtocolError() {
        byte[] garbage = new SessionBuilder().handshake().message(3, 20, 0, 0, new byte[] {2, 0, 7, 'c', 'o', 'n', 'n', 'e', 'c', 't', 0x42}).bytes();
        assertThrows(ProtocolException.class, () -> replay(gateway, garbage));
        byte[] deep = new byte[200];
        java.util.Arrays.fill(deep, (byte) 10);
        assertThrows(ProtocolException.class, () -> Amf0.readAll(deep, 0));
    }

    @Test
    void enhancedRtmpHevcAndAv1() throws IOException {
        byte[] sps = java.util.HexFormat.of().parseHex("42010101600000030090000003000003003ca00a080f165959a4932bc05a020000030002000003003210");
        byte[] hvcc = new byte[23 + 5 + sps.length];
        hvcc[0] = 1;
        hvcc[22] = 1;
        hvcc[23] = (byte) (0x80 | 33);
        hvcc[25] = 1;
        hvcc[27] = (byte) sps.length;
        System.arraycopy(sps, 0, hvcc, 28, sps.length);
        TestGateway.Recording r = new TestGateway.Recording("rtmp", "test");
        MediaMapper m = new MediaMapper(r, "test");
        m.metadata(Map.of("width", 1280.0, "height", 720.0, "videocodecid", 7.0));
        m.video(0, SessionBuilder.concat(new byte[] {(byte) 0x90, 'h', 'v', 'c', '1'}, hvcc));
        m.video(0, new byte[] {(byte) 0x91, 'h', 'v', 'c', '1', 0, 0, 40, 0, 0, 0, 1, 0x26});
        m.video(40, new byte[] {(byte) 0xA3, 'h', 'v', 'c', '1', 0, 0, 0, 1, 0x02});
        assertEquals(Codec.HEVC, r.tracks.get(0).get(0).codec());
        assertEquals(320, r.tracks.get(0).get(0).video().width());
        assertEquals(240, r.tracks.get(0).get(0).video().height());
        assertEquals(2, r.packets.size());
        assertEquals(40, r.packets.get(0).pts(), "composition time offset");
        assertTrue(r.packets.get(0).isKeyframe());
        assertEquals(40, r.packets.get(1).dts());

        // AV1: the size comes from onMetaData; a new codec declares the tracks again.
        m.video(80, new byte[] {(byte) 0x90, 'a', 'v', '0', '1', (byte) 0x81, 0, 0, 0});
        m.video(80, new byte[] {(byte) 0x91, 'a', 'v', '0', '1', 0x12, 0});
        assertEquals(2, r.tracks.size());
        assertEquals(Codec.AV1, r.tracks.get(1).get(0).codec());
        assertEquals(1280, r.tracks.get(1).get(0).video().width());
        assertEquals(3, r.packets.size());
    }
}
