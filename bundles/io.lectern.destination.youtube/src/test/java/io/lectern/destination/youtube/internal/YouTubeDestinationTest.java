package io.lectern.destination.youtube.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import io.lectern.api.plugin.FieldError;
import io.lectern.api.plugin.FieldSpec;

import org.junit.jupiter.api.Test;

class YouTubeDestinationTest {

    private final YouTubeDestination youtube = new YouTubeDestination();

    @Test
    void asksForServerAndSecretKey() {
        assertEquals("youtube", youtube.id());
        assertEquals("rtmp://a.rtmp.youtube.com/live2", youtube.fields().get(0).defaultValue());
        assertEquals(FieldSpec.Type.SECRET, youtube.fields().get(1).type());
        assertEquals(1080, youtube.constraints().maxHeight());
        assertEquals(2.0, youtube.constraints().keyframeSeconds());
    }

    @Test
    void validatesWithFieldMessages() {
        assertEquals(java.util.List.of(), youtube.validate(Map.of("key", "abcd-efgh-ijkl")));
        assertEquals(java.util.List.of(), youtube.validate(Map.of("url", "rtmps://a.rtmps.youtube.com/live2", "key", "abcd")));
        FieldError e = youtube.validate(Map.of("url", "rtmp://live.twitch.tv/app", "key", "k")).get(0);
        assertEquals("url", e.field());
        assertTrue(e.message().contains("not a YouTube Live server"), e.message());
        assertEquals("key", youtube.validate(Map.of()).get(0).field());
    }
}
