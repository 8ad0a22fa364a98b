package io.lectern.destination.instagram.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class InstagramDestinationTest {

    private final InstagramDestination instagram = new InstagramDestination();

    @Test
    void theServerMustBePastedOverTheDocumentedForm() {
        assertTrue(instagram.constraints().vertical());
        assertTrue(instagram.validate(Map.of("key", "k")).get(0).message().contains("replace the *"));
        assertTrue(instagram.validate(Map.of("url", "rtmp://edgetee-upload-fra3.facebook.com/rtmp/", "key", "k")).get(0).message()
                .contains("rtmps://"));
        assertEquals(List.of(), instagram.validate(Map.of("url", "rtmps://edgetee-upload-fra3-1.xx.fbcdn.net:443/rtmp/", "key", "k")));
    }
}
