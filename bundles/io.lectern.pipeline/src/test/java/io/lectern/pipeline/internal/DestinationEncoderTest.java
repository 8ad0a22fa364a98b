package io.lectern.pipeline.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.lectern.api.media.Codec;
import io.lectern.api.media.MediaKind;
import io.lectern.api.media.Packet;
import io.lectern.api.media.PixelFormat;
import io.lectern.api.media.TimeBase;
import io.lectern.api.media.Track;
import io.lectern.api.media.VideoFormat;
import io.lectern.api.media.VideoFrame;
import io.lectern.api.pipeline.OutputInfo;
import io.lectern.api.plugin.DestinationConstraints;
import io.lectern.api.plugin.IngestContext;
import io.lectern.api.plugin.IngestProtocol;
import io.lectern.api.plugin.IngestSession;
import io.lectern.api.plugin.PluginKind;
import io.lectern.api.profile.Ladder;
import io.lectern.api.profile.LatencyMode;
import io.lectern.api.profile.LatencyProfile;
import io.lectern.api.stream.DestinationDefinition;
import io.lectern.api.stream.DestinationEncode;
import io.lectern.api.stream.StreamDefinition;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A destination the chosen rendition does not fit gets its own encode from the decoded frames. */
class DestinationEncoderTest {

    private static final DestinationConstraints INSTAGRAM = new DestinationConstraints(1280, 0, 2, true, true);
    private static final DestinationConstraints TWITCH = new DestinationConstraints(1080, 6_000_000, 2, false, false);
    private static final VideoFormat HD = new VideoFormat(1280, 720, TimeBase.of(30, 1), PixelFormat.YUV420P);
    private static final LatencyProfile PROFILE = LatencyMode.TUTORIAL.defaults();

    @TempDir
    Path dir;

    private static Track video(int width, int height, long bitrate) {
        return Track.video(0, Codec.H264, TimeBase.MILLIS, new VideoFormat(width, height, null, PixelFormat.UNKNOWN), null, bitrate);
    }

    private static DestinationEncode settings(String... pairs) {
        Map<String, String> m = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return DestinationEncode.of(m);
    }

    @Test
    void aRenditionThatFitsIsSentAsItIs() {
        assertNull(DestinationEncoder.plan(settings(), TWITCH, HD, video(1280, 720, 2_800_000), 2, PROFILE));
        assertNull(DestinationEncoder.plan(settings("encode", "never"), INSTAGRAM, HD, video(1280, 720, 2_800_000), 2, PROFILE),
                "never: sent as it is, whatever the platform says");
    }

    @Test
    void aVerticalPlatformGetsACentreCropScaledTo720x1280() {
        DestinationEncoder.Plan p = DestinationEncoder.plan(settings(), INSTAGRAM, HD, video(426, 240, 400_000), 4, PROFILE);
        assertNotNull(p);
        assertEquals(List.of(404, 720, 438, 0), List.of(p.cropWidth(), p.cropHeight(), p.cropX(), p.cropY()));
        assertEquals(List.of(720, 1280), List.of(p.width(), p.height()));
        assertEquals(2.0, p.gopSeconds(), 1e-9);
        assertTrue(p.reason().contains("vertical 9:16") && p.reason().contains("keyframes come every 4 s"), p.reason());
    }

    @Test
    void tooTallOrTooFastIsEncodedDownAndExplicitSettingsWin() {
        DestinationEncoder.Plan p = DestinationEncoder.plan(settings(), TWITCH, new VideoFormat(2560, 1440, TimeBase.of(60, 1), PixelFormat.YUV420P),
                video(2560, 1440, 9_000_000), 2, PROFILE);
        assertEquals(List.of(1920, 1080), List.of(p.width(), p.height()));
        assertEquals(6_000_000, p.bitrate(), "at most what the platform takes");
        DestinationEncoder.Plan asked = DestinationEncoder.plan(settings("encodeHeight", "480", "encodeBitrate", "1200"),
                DestinationConstraints.NONE, HD, video(1280, 720, 2_800_000), 2, PROFILE);
        assertEquals(List.of(854L, 480L, 1_200_000L), List.of((long) asked.width(), (long) asked.height(), asked.bitrate()));
        assertEquals("the destination asks for it", asked.reason());
        DestinationEncoder.Plan vertical = DestinationEncoder.plan(settings("encodeVertical", "true"), DestinationConstraints.NONE, HD,
                video(1280, 720, 2_800_000), 2, PROFILE);
        assertEquals(List.of(720, 1280), List.of(vertical.width(), vertical.height()));
    }

    @Test
    void aCropIsAViewOfThePlanesThatReleasesTheFrame() {
        // 8x4 luma with value 10*row+column; 4x2 chroma planes with 100+10*row+column and 200+...
        ByteBuffer y = ByteBuffer.allocateDirect(32);
        ByteBuffer u = ByteBuffer.allocateDirect(8);
        ByteBuffer v = ByteBuffer.allocateDirect(8);
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 8; c++) {
                y.put(r * 8 + c, (byte) (10 * r + c));
            }
        }
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 4; c++) {
                u.put(r * 4 + c, (byte) (100 + 10 * r + c));
                v.put(r * 4 + c, (byte) (200 + 10 * r + c));
            }
        }
        boolean[] freed = {false};
        VideoFrame frame = new VideoFrame(new VideoFormat(8, 4, null, PixelFormat.YUV420P), 7, TimeBase.MILLIS,
                new ByteBuffer[] {y, u, v}, new int[] {8, 4, 4}, true, () -> freed[0] = true);
        VideoFrame crop = DestinationEncoder.crop(frame, 2, 2, 4, 2);
        frame.release();
        assertEquals(List.of(4, 2), List.of(crop.width(), crop.height()));
        assertEquals(22, crop.plane(0).get(0));
        assertEquals(32, crop.plane(0).get(crop.stride(0)), "the next row keeps the stride");
        assertEquals(111, crop.plane(1).get(0));
        assertEquals((byte) 211, crop.plane(2).get(0));
        assertTrue(crop.forceKeyframe());
        assertTrue(!freed[0], "the crop keeps the frame");
        crop.release();
        assertTrue(freed[0]);
    }

    @Test
    void aRealPipelineSendsAVerticalPictureWhileTheLadderStaysLandscape() throws Exception {
        Plugins plugins = ThumbnailTest.realPlugins();
        CollectingDestination receiver = new CollectingDestination("receiver", INSTAGRAM);
        plugins.add(new PluginEntry(PluginKind.DESTINATION, receiver, 9, 0, 9, "receiver", "1"));
        StreamDefinition def = new StreamDefinition("vertical", "", "testpattern", LatencyMode.TUTORIAL, null, Ladder.of("240p"), null, null,
                List.of(new DestinationDefinition("insta", "receiver", "240p", Map.of(), true)), Map.of("width", "640", "height", "360", "fps", "15"));
        Pipeline p = ThumbnailTest.pipeline(plugins, dir, def);
        p.start();
        try {
            ThumbnailTest.await("three seconds of video at the receiver", () -> receiver.video().size() >= 45 ? Optional.of(true) : Optional.empty());
            Track sent = receiver.tracks.stream().filter(t -> t.kind() == MediaKind.VIDEO).findFirst().orElseThrow();
            assertEquals(List.of(720, 1280), List.of(sent.video().width(), sent.video().height()));
            long keyframes = receiver.video().stream().filter(Packet::isKeyframe).count();
            assertTrue(keyframes >= 2, "a keyframe at least every 2 s: " + keyframes + " in " + receiver.video().size() + " frames");
            OutputInfo rung = p.info().outputs().stream().filter(o -> o.id().equals("240p")).findFirst().orElseThrow();
            assertEquals("live", rung.state());
            // The thumbnail comes from the 240p rung: still a landscape 16:9 picture.
            java.awt.image.BufferedImage thumb = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
                    ThumbnailTest.await("a thumbnail", () -> p.thumbnail(0))));
            assertEquals(List.of(320, 180), List.of(thumb.getWidth(), thumb.getHeight()), "the ladder is untouched");
        } finally {
            p.stop();
        }
    }

    /** A source that sends one raw video track and no sound. */
    private static final class Silent implements IngestProtocol {
        @Override
        public String id() {
            return "silent";
        }

        @Override
        public Mode mode() {
            return Mode.SOURCE;
        }

        @Override
        public IngestSession open(IngestContext context) {
            context.sink().tracks(List.of(Track.video(0, Codec.RAW_VIDEO, TimeBase.MILLIS, HD, null, 0)));
            return () -> { };
        }
    }

    @Test
    void aPlatformThatNeedsAudioFailsClearlyWithoutIt() throws Exception {
        Plugins plugins = ThumbnailTest.realPlugins();
        plugins.add(new PluginEntry(PluginKind.INGEST, new Silent(), 8, 0, 8, "silent", "1"));
        plugins.add(new PluginEntry(PluginKind.DESTINATION, new CollectingDestination("receiver", new DestinationConstraints(1080, 0, 2, true, false)), 9, 0, 9, "receiver", "1"));
        StreamDefinition def = new StreamDefinition("silent", "", "silent", LatencyMode.LOW_LATENCY, null, Ladder.of("240p"), null, null,
                List.of(new DestinationDefinition("facebook-like", "receiver", "240p", Map.of(), true)), Map.of());
        Pipeline p = ThumbnailTest.pipeline(plugins, dir, def);
        p.start();
        try {
            String state = ThumbnailTest.await("the destination fails", () -> p.info().outputs().stream()
                    .filter(o -> o.id().equals("facebook-like") && o.state().startsWith("failed")).map(OutputInfo::state).findFirst());
            assertEquals("failed: needs audio: the publisher sends no sound, and receiver takes no stream without it", state);
        } finally {
            p.stop();
        }
    }
}
