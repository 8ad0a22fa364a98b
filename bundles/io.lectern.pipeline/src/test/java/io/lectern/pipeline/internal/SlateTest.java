package io.lectern.pipeline.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import io.lectern.api.media.AudioFormat;
import io.lectern.api.media.AudioFrame;
import io.lectern.api.media.Packet;
import io.lectern.api.media.PixelFormat;
import io.lectern.api.media.SampleFormat;
import io.lectern.api.media.TimeBase;
import io.lectern.api.media.Track;
import io.lectern.api.media.VideoFormat;
import io.lectern.api.media.VideoFrame;
import io.lectern.api.plugin.DestinationState.Phase;
import io.lectern.api.plugin.Encoder;
import io.lectern.api.plugin.EncoderConfig;
import io.lectern.api.plugin.EncoderSession;
import io.lectern.api.profile.Ladder;
import io.lectern.api.profile.LatencyMode;
import io.lectern.api.profile.Preset;
import io.lectern.api.profile.Tune;
import io.lectern.api.stream.DestinationDefinition;
import io.lectern.api.stream.StreamDefinition;

import org.junit.jupiter.api.Test;

/**
 * The slate with the real x264, AAC and FFmpeg decoder plugins: while the publisher is away a
 * destination gets a still picture and silence that continue the timeline, keyframes at the
 * interval asked for, SPS and PPS in band; real media follows on the same connection; after the
 * time limit the destination disconnects until the publisher is back.
 */
class SlateTest {

    /** 1 s keyframes (low-latency) at 15 fps: 15 pictures per group. */
    private static final StreamDefinition STREAM = StreamDefinition.simple("slate-test", "rtmp", LatencyMode.LOW_LATENCY, Ladder.passthrough());
    private static final DestinationDefinition DEST = new DestinationDefinition("out", "recorder", "source", Map.of(), true);
    private static final TimeBase RATE = TimeBase.of(15, 1);

    /** Real media: 2 s of H.264 at 640x360 (track 0) and AAC (track 1), timestamps in milliseconds from {@code startMillis}. */
    private record Media(Track video, Track audio, List<Packet> packets) {
    }

    private static Media media(Plugins plugins, long startMillis) throws Exception {
        VideoFormat format = new VideoFormat(640, 360, RATE, PixelFormat.YUV420P);
        List<Packet> packets = new ArrayList<>();
        Encoder x264 = (Encoder) plugins.encoderFor(io.lectern.api.media.Codec.H264, List.of()).orElseThrow().plugin();
        Track video;
        try (EncoderSession s = x264.open(EncoderConfig.video(format, format, TimeBase.MILLIS, 800_000, 15, Preset.VERYFAST, Tune.ZEROLATENCY))) {
            for (int i = 0; i < 30; i++) {
                ByteBuffer y = ByteBuffer.allocateDirect(640 * 360);
                for (int j = 0; j < 640 * 360; j++) {
                    y.put(j, (byte) (j % 640 < 20 * i ? 200 : 60));
                }
                ByteBuffer c = ByteBuffer.allocateDirect(320 * 180);
                for (int j = 0; j < 320 * 180; j++) {
                    c.put(j, (byte) 128);
                }
                s.encode(new VideoFrame(format, startMillis + i * 1000L / 15, TimeBase.MILLIS, new ByteBuffer[] {y, c, c.duplicate()},
                        new int[] {640, 320, 320}, false, null), p -> packets.add(p.withTrackId(0)));
            }
            s.flush(p -> packets.add(p.withTrackId(0)));
            video = s.track().withId(0);
        }
        Encoder aac = (Encoder) plugins.encoderFor(io.lectern.api.media.Codec.AAC, List.of()).orElseThrow().plugin();
        AudioFormat af = new AudioFormat(48_000, 2, SampleFormat.FLTP);
        Track audio;
        try (EncoderSession s = aac.open(EncoderConfig.audio(af, TimeBase.MILLIS, 128_000))) {
            ByteBuffer tone = ByteBuffer.allocateDirect(1024 * 4);
            for (int i = 0; i < 94; i++) {
                s.encode(new AudioFrame(af, startMillis + i * 1024L * 1000 / 48_000, TimeBase.MILLIS, 1024, new ByteBuffer[] {tone, tone.duplicate()}, null),
                        p -> packets.add(p.withTrackId(1)));
            }
            audio = s.track().withId(1);
        }
        packets.sort((a, b) -> Long.compare(a.dts(), b.dts()));
        return new Media(video, audio, packets);
    }

    @Test
    void holdsTheDestinationWithAPictureAndSilenceThenTheRealMediaFollows() throws Exception {
        Plugins plugins = ThumbnailTest.realPlugins();
        Media first = media(plugins, 0);
        CollectingDestination recorder = new CollectingDestination("recorder");
        try (DestinationOutput out = live(recorder, first)) {
            await(() -> recorder.received.size() >= first.packets().size() - 2);
            int real = recorder.received.size();
            long realEnd = recorder.received.stream().mapToLong(p -> p.dts() + p.duration()).max().orElseThrow();

            Slate slate = new Slate(STREAM, List.of(out), plugins, null, 60_000);
            try {
                await(() -> videoOf(receivedSince(recorder, real)).size() >= 35);
                first.packets().forEach(out::offer); // late packets of the publisher are not sent during the slate
            } finally {
                slate.resume();
            }
            List<Packet> held = receivedSince(recorder, real);
            List<Packet> pictures = videoOf(held);
            assertEquals(realEnd, pictures.get(0).dts(), "the slate starts where the real media ended");
            assertTrue(pictures.get(0).isKeyframe());
            assertEquals(7, firstNalType(pictures.get(0)), "the slate's SPS travels in band");
            for (int i = 0; i < pictures.size(); i++) {
                assertEquals(i % 15 == 0, pictures.get(i).isKeyframe(), "a keyframe every second, picture " + i);
                assertEquals(realEnd + i * 1000L / 15, pictures.get(i).dts(), 1, "15 fps, picture " + i);
            }
            List<Packet> silence = held.stream().filter(p -> p.trackId() == 1).toList();
            assertTrue(silence.size() >= pictures.size() * 48_000 / 1024 / 15 - 3, silence.size() + " chunks of silence");
            for (int i = 1; i < silence.size(); i++) {
                assertTrue(silence.get(i).dts() > silence.get(i - 1).dts(), "silence runs forward");
            }

            // What the receiver's decoder sees: the slate's card, dark with white words in the middle.
            BufferedImage card = ThumbnailTest.jpeg(Thumbnail.render(first.video(), pictures.get(0), plugins));
            int corner = card.getRGB(5, 5);
            assertTrue((corner & 0xff) > (corner >> 16 & 0xff) && (corner & 0xff) < 120, "a dark blue card: " + Integer.toHexString(corner));
            assertTrue(whitePixels(card) > 100, "with words on it");

            // The publisher is back: its timeline started over (as the pipeline rebases it), the destination's runs on.
            long slateEnd = held.stream().mapToLong(p -> p.dts() + p.duration()).max().orElseThrow();
            int before = recorder.received.size();
            Media again = media(plugins, realEnd + 1);
            again.packets().forEach(out::offer);
            await(() -> recorder.received.size() > before + 40);
            List<Packet> after = receivedSince(recorder, before);
            Packet key = after.get(0);
            assertEquals(0, key.trackId());
            assertTrue(key.isKeyframe());
            assertEquals(7, firstNalType(key), "the real SPS is sent in band again");
            assertTrue(key.dts() >= slateEnd, "real media follows the slate: " + key.dts() + " >= " + slateEnd);
            assertEquals(1, recorder.opens.get(), "all on one connection");
        }
    }

    @Test
    void afterTheTimeLimitTheDestinationDisconnectsUntilThePublisherIsBack() throws Exception {
        Plugins plugins = ThumbnailTest.realPlugins();
        Media first = media(plugins, 0);
        CollectingDestination recorder = new CollectingDestination("recorder");
        try (DestinationOutput out = live(recorder, first)) {
            Slate slate = new Slate(STREAM, List.of(out), plugins, null, 1500);
            await(() -> recorder.closes.get() >= 1);
            await(() -> out.state().phase() == Phase.IDLE);
            int sent = recorder.received.size();
            Thread.sleep(500);
            assertEquals(sent, recorder.received.size(), "nothing is sent while disconnected");
            assertEquals(1, recorder.opens.get(), "and it does not connect again by itself");
            slate.resume();
            await(() -> recorder.opens.get() == 2 && out.state().phase() == Phase.LIVE);
            media(plugins, 3000).packets().forEach(out::offer);
            await(() -> recorder.received.size() > sent + 20);
        }
    }

    /** A destination that is connected and got the publisher's first media. */
    private static DestinationOutput live(CollectingDestination recorder, Media media) throws InterruptedException {
        DestinationOutput out = new DestinationOutput(STREAM, DEST, recorder, List.of(media.video(), media.audio()), 1024, () -> { });
        await(() -> out.state().phase() == Phase.LIVE);
        media.packets().forEach(out::offer);
        return out;
    }

    /**
     * What the recorder received from {@code from} on, as it is now: a view of the list itself would
     * fail while the destination's thread adds to it (ConcurrentModificationException).
     */
    private static List<Packet> receivedSince(CollectingDestination recorder, int from) {
        List<Packet> now = List.copyOf(recorder.received);
        return now.subList(from, now.size());
    }

    private static List<Packet> videoOf(List<Packet> packets) {
        return packets.stream().filter(p -> p.trackId() == 0).toList();
    }

    private static int firstNalType(Packet p) {
        return p.payload().get(4) & 0x1f;
    }

    private static int whitePixels(BufferedImage img) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) >> 8 & 0xff) > 180) {
                    n++;
                }
            }
        }
        return n;
    }

    private static void await(BooleanSupplier check) throws InterruptedException {
        long end = System.nanoTime() + 20_000_000_000L;
        while (!check.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(20);
        }
    }
}
