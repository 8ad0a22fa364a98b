package io.lectern.destination.push.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.lectern.api.plugin.FieldError;
import io.lectern.destination.push.PushPlatform;

import org.junit.jupiter.api.Test;

class TargetTest {

    private static final PushPlatform TUBE = new PushPlatform("youtube", "YouTube Live", "rtmp://a.rtmp.youtube.com/live2",
            Set.of("rtmp", "rtmps"), Set.of("youtube.com"), true, "from YouTube Studio", "from YouTube Studio", null);
    private static final PushPlatform ANY = new PushPlatform("custom", "Custom", "", Set.of("rtmp", "rtmps", "srt"), Set.of(), false, "", "", null);

    private static String problem(PushPlatform p, String url, String key) {
        List<FieldError> errors = Target.check(p, Map.of("url", url, "key", key));
        return errors.isEmpty() ? null : errors.get(0).field() + ": " + errors.get(0).message();
    }

    @Test
    void defaultServerAndKeyMakeTheAddress() {
        assertEquals(null, problem(TUBE, "", "abcd-1234"));
        Target t = Target.of(TUBE, Map.of("key", "abcd-1234"));
        assertEquals("rtmp://a.rtmp.youtube.com/live2/abcd-1234", t.address());
        assertEquals("rtmp://a.rtmp.youtube.com", t.toString());
        assertEquals("flv", t.format());
        assertEquals("rtmp,tcp", t.protocols());
    }

    @Test
    void refusesOtherSchemesHostsAndMissingKeys() {
        assertTrue(problem(TUBE, "file:///etc/passwd", "k").startsWith("url: the URL must start with rtmp://, rtmps://"));
        assertTrue(problem(ANY, "http://example.com/x", "").startsWith("url: the URL must start with"));
        assertTrue(problem(ANY, "concat:rtmp://a/b|file:x", "").startsWith("url:"));
        assertTrue(problem(TUBE, "rtmp://evil.example.com/live2", "k").contains("not a YouTube Live server"));
        assertTrue(problem(TUBE, "rtmp://a.rtmp.youtube.com/live2", "").startsWith("key: enter the stream key"));
        assertTrue(problem(TUBE, "rtmp://a.rtmp.youtube.com/live2", "ab cd").contains("spaces"));
        assertTrue(problem(TUBE, "rtmp://a.rtmp.youtube.com", "k").contains("needs the application"));
        assertTrue(problem(TUBE, "rtmps://edgetee-upload-*.youtube.com:443/rtmp/", "k").contains("replace the *"));
    }

    @Test
    void srtTakesThePortAndTheKeyAsStreamId() {
        assertEquals(null, problem(ANY, "srt://10.0.0.5:9000?latency=200000", "room/1"));
        assertEquals("srt://10.0.0.5:9000?latency=200000&streamid=room%2F1",
                Target.of(ANY, Map.of("url", "srt://10.0.0.5:9000?latency=200000", "key", "room/1")).address());
        assertTrue(problem(ANY, "srt://10.0.0.5", "").contains("needs a port"));
        assertTrue(problem(ANY, "srt://10.0.0.5:9000?mode=listener", "").contains("'mode' is not allowed"));
        assertFalse(Target.of(ANY, Map.of("url", "srt://h:1", "key", "secret")).toString().contains("secret"));
    }
}
