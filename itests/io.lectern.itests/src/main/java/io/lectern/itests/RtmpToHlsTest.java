package io.lectern.itests;

import static io.lectern.itests.PluginLifecycleTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lectern.api.pipeline.PipelineRegistry;
import io.lectern.api.pipeline.PipelineState;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

/**
 * The whole path a teacher's stream takes, with real peers: Debian's {@code ffmpeg} publishes over
 * RTMP with the key the API gave, Lectern decodes once and encodes a 360p/240p ladder with x264,
 * and {@code ffprobe} plays the HLS and DASH it serves. Then the publisher is killed and comes
 * back: the stream waits, resumes, and its playlist keeps counting with a discontinuity.
 */
class RtmpToHlsTest {

    private static final String STREAM = "rtmp-itest";

    private final BundleContext context = FrameworkUtil.getBundle(RtmpToHlsTest.class).getBundleContext();
    private final Publisher publisher = new Publisher("640x360");

    @AfterEach
    void tearDown() {
        publisher.close();
    }

    @Test
    void ffmpegPublishesOverRtmpAndPlaysBackAsHlsAndDash() throws Exception {
        Http http = Http.signIn(context);
        String publishUrl = Publisher.publishUrl(Playback.createAndStart(http, STREAM, "[\"360p\",\"240p\"]"), "rtmp");
        Playback playback = new Playback(http, STREAM);

        publisher.publish(publishUrl, 60);
        PipelineRegistry registry = Playback.registry(context);
        awaitLive(registry);
        await("both rungs have segments", () -> playback.segments("240p.m3u8") >= 2 && playback.segments("360p.m3u8") >= 2, 60);

        String master = playback.playlist("master.m3u8");
        assertTrue(master.contains("RESOLUTION=640x360") && master.contains("RESOLUTION=426x240"), master);
        assertEquals("426,240", playback.probe("240p.m3u8", "stream=width,height", "v"));
        assertEquals("aac", playback.probe("manifest.mpd", "stream=codec_name", "a"));

        // The teacher's encoder crashes: the stream waits, nothing already published is lost.
        long before = playback.mediaSequenceEnd("240p.m3u8");
        publisher.killAll();
        await("the stream waits for its publisher", () -> Playback.isIn(registry, STREAM, PipelineState.WAITING), 40);
        publisher.publish(publishUrl, 30);
        awaitLive(registry);
        await("new segments follow the old ones after a discontinuity",
                () -> playback.discontinuities("240p.m3u8") > 0 && playback.mediaSequenceEnd("240p.m3u8") > before + 1, 60);
    }

    private void awaitLive(PipelineRegistry registry) throws Exception {
        try {
            await("the stream is live", () -> Playback.isIn(registry, STREAM, PipelineState.LIVE), 30);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; pipeline: " + registry.pipeline(STREAM) + "; ffmpeg said: " + publisher.log(), e);
        }
    }
}
