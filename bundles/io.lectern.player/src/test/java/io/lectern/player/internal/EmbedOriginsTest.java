package io.lectern.player.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class EmbedOriginsTest {

    @Test
    void emptyAllowsEverySite() {
        assertNull(EmbedOrigins.frameAncestors(null));
        assertNull(EmbedOrigins.frameAncestors("  "));
    }

    @Test
    void listsTheOriginsAfterSelf() {
        assertEquals("frame-ancestors 'self' https://school.example http://127.0.0.1:8081 https://*.school.example",
                EmbedOrigins.frameAncestors("https://School.example/  http://127.0.0.1:8081,https://*.school.example"));
    }

    @Test
    void dropsWhatIsNotAnOriginAndFailsClosed() {
        assertEquals("frame-ancestors 'self' https://ok.example",
                EmbedOrigins.frameAncestors("https://ok.example https://x.example/path; script-src * 'unsafe-inline' javascript:alert(1)"));
        assertEquals("frame-ancestors 'self'", EmbedOrigins.frameAncestors("*; default-src *"));
    }
}
