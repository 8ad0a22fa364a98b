package io.lectern.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lectern.store.PlaybackSigner.Check;
import io.lectern.store.PlaybackToken;

/** Signed playback links: only the right stream, before the expiry, with the untouched signature. */
class HmacPlaybackSignerTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @TempDir
    Path dir;

    private HmacPlaybackSigner at(SecretBox box, Instant when) {
        return new HmacPlaybackSigner(box.derive(HmacPlaybackSigner.PURPOSE), Clock.fixed(when, ZoneOffset.UTC));
    }

    @Test
    void aTokenOpensItsStreamUntilItExpires() {
        SecretBox box = new SecretBox(dir.resolve(SecretBox.FILE));
        PlaybackToken t = at(box, NOW).sign("maths", Duration.ofHours(1));
        assertEquals(NOW.getEpochSecond() + 3600, t.expires());
        assertEquals(Check.VALID, at(box, NOW).check(t));
        assertEquals(Check.VALID, at(box, NOW.plusSeconds(3599)).check(t));
        assertEquals(Check.EXPIRED, at(box, NOW.plusSeconds(3600)).check(t));
        assertEquals(Check.MISSING, at(box, NOW).check(null));
        // The same key after a restart: the link survives it.
        assertEquals(Check.VALID, at(new SecretBox(dir.resolve(SecretBox.FILE)), NOW).check(t));
    }

    @Test
    void anotherStreamALaterExpiryOrAChangedSignatureAreRefused() {
        SecretBox box = new SecretBox(dir.resolve(SecretBox.FILE));
        HmacPlaybackSigner signer = at(box, NOW);
        PlaybackToken t = signer.sign("maths", Duration.ofMinutes(5));
        assertEquals(Check.INVALID, signer.check(new PlaybackToken("physics", t.expires(), t.signature())));
        assertEquals(Check.INVALID, signer.check(new PlaybackToken("maths", t.expires() + 86400, t.signature())));
        byte[] sig = Base64.getUrlDecoder().decode(t.signature());
        sig[sig.length - 1] ^= 1;
        assertEquals(Check.INVALID, signer.check(new PlaybackToken("maths", t.expires(),
                Base64.getUrlEncoder().withoutPadding().encodeToString(sig))));
        assertEquals(Check.INVALID, signer.check(new PlaybackToken("maths", t.expires(), t.signature().substring(1))));
        assertEquals(Check.INVALID, signer.check(new PlaybackToken("maths", t.expires(), "not*base64")));
    }

    @Test
    void anotherServersKeyOrARotatedMasterKeyEndsOldLinks() throws Exception {
        SecretBox box = new SecretBox(dir.resolve(SecretBox.FILE));
        PlaybackToken t = at(box, NOW).sign("maths", Duration.ofHours(1));
        assertEquals(Check.INVALID, at(new SecretBox(dir.resolve("other").resolve(SecretBox.FILE)), NOW).check(t));
        // Rotation: a new first line; the old key stays for decrypting, but links follow the current key.
        Path file = box.file();
        Path fresh = dir.resolve("fresh").resolve(SecretBox.FILE);
        new SecretBox(fresh);
        String newKey = Files.readAllLines(fresh).stream().filter(l -> !l.startsWith("#")).findFirst().orElseThrow();
        Files.writeString(file, newKey + "\n" + Files.readString(file));
        assertEquals(Check.INVALID, at(new SecretBox(file), NOW).check(t));
    }

    @Test
    void tokensTravelInQueriesAndPathSegments() {
        HmacPlaybackSigner signer = at(new SecretBox(dir.resolve(SecretBox.FILE)), NOW);
        PlaybackToken t = signer.sign("maths", Duration.ofDays(1));
        assertEquals(t, PlaybackToken.ofPathSegment("maths", t.pathSegment()).orElseThrow());
        String[] q = t.query().split("&");
        assertEquals(t, PlaybackToken.of("maths", q[0].substring(4), q[1].substring(4)).orElseThrow());
        assertEquals("/live/maths/" + t.pathSegment() + "/master.m3u8", t.media("/live/maths/master.m3u8"));
        assertEquals("/watch/maths?" + t.query(), t.page("/watch/maths"));
        assertTrue(PlaybackToken.ofPathSegment("maths", "720p").isEmpty());
        assertTrue(PlaybackToken.ofPathSegment("maths", "signed-12x-abc").isEmpty());
        assertTrue(PlaybackToken.of("maths", "1", "a/b").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> signer.sign("maths", Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> signer.sign("maths", Duration.ofDays(400)));
    }
}
