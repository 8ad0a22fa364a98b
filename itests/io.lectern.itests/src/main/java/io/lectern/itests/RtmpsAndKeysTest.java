package io.lectern.itests;

import static io.lectern.itests.PluginLifecycleTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;

import io.lectern.api.pipeline.PipelineRegistry;
import io.lectern.api.pipeline.PipelineState;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

/**
 * RTMPS through the product: ffmpeg publishes over TLS to the port the API names (the test
 * configuration asks for any free port, so the URL is the only way to know it), the stream plays as
 * HLS and DASH, and a publisher with a wrong key is turned away while the real one keeps flowing.
 */
class RtmpsAndKeysTest {

    private static final String STREAM = "rtmps-itest";

    private final BundleContext context = FrameworkUtil.getBundle(RtmpsAndKeysTest.class).getBundleContext();
    private final Publisher publisher = new Publisher("320x180");

    @AfterEach
    void tearDown() {
        publisher.close();
    }

    @Test
    void rtmpsPlaysAsHlsAndDashAndAWrongKeyIsRefused() throws Exception {
        Http http = Http.signIn(context);
        String created = Playback.createAndStart(http, STREAM, "[\"source\"]");
        String rtmps = Publisher.publishUrl(created, "rtmps");
        URI rtmpsUri = URI.create(rtmps);
        int rtmpPort = URI.create(Publisher.publishUrl(created, "rtmp")).getPort();
        // The test configuration (config/io.lectern.ingest.rtmp.cfg) asks for free ports, never the defaults.
        assertTrue(rtmpsUri.getPort() > 0 && rtmpsUri.getPort() != 1936 && rtmpPort != 1935 && rtmpPort != rtmpsUri.getPort(), created);

        publisher.publish(rtmps, 60);
        PipelineRegistry registry = Playback.registry(context);
        try {
            await("the stream is live over RTMPS", () -> Playback.isIn(registry, STREAM, PipelineState.LIVE), 30);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; pipeline: " + registry.pipeline(STREAM) + "; ffmpeg said: " + publisher.log(), e);
        }
        Playback playback = new Playback(http, STREAM);
        await("the source rendition has segments", () -> playback.segments("source.m3u8") >= 2, 60);
        assertEquals("320,180", playback.probe("source.m3u8", "stream=width,height", "v"));
        assertEquals("aac", playback.probe("manifest.mpd", "stream=codec_name", "a"));
        assertTrue(registry.pipeline(STREAM).orElseThrow().publisher().startsWith("127.0.0.1:"), () -> registry.pipeline(STREAM).toString());

        // Someone with a wrong key, on both ports: refused, and the teacher's stream does not notice.
        long before = playback.mediaSequenceEnd("source.m3u8");
        String wrongKey = rtmps.substring(0, rtmps.lastIndexOf('/') + 1) + "not-the-key";
        Publisher intruder = new Publisher("160x90");
        try {
            assertNotEquals(0, Publisher.await(intruder.publish(wrongKey, 5), 30), "a wrong key over RTMPS is refused");
            String plain = "rtmp://127.0.0.1:" + rtmpPort + rtmpsUri.getPath().substring(0, rtmpsUri.getPath().lastIndexOf('/') + 1) + "not-the-key";
            assertNotEquals(0, Publisher.await(intruder.publish(plain, 5), 30), "a wrong key over RTMP is refused");
        } finally {
            intruder.close();
        }
        assertTrue(Playback.isIn(registry, STREAM, PipelineState.LIVE), () -> "still live: " + registry.pipeline(STREAM));
        await("segments keep coming", () -> playback.mediaSequenceEnd("source.m3u8") > before + 1, 30);
        assertEquals(0, playback.discontinuities("source.m3u8"), () -> "no break in the real stream: " + playback.playlist("source.m3u8"));
    }
}
