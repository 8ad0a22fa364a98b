package io.lectern.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(1000, new SecureRandom());

    @Test
    void hashIsSelfDescribingWithAtLeastTheMinimumIterations() {
        String hash = hasher.hash("correct horse");
        String[] parts = hash.split("\\$");
        assertEquals(4, parts.length);
        assertEquals("pbkdf2-sha256", parts[0]);
        assertEquals(PasswordHasher.MIN_ITERATIONS, Integer.parseInt(parts[1]));
        assertEquals(16, Base64.getDecoder().decode(parts[2]).length);
        assertEquals(32, Base64.getDecoder().decode(parts[3]).length);
    }

    @Test
    void verifiesOnlyTheRightPassword() {
        String hash = hasher.hash("correct horse");
        assertTrue(hasher.verify("correct horse", hash));
        assertFalse(hasher.verify("correct hors", hash));
        assertFalse(hasher.verify("correct horse", "plain text"));
        assertFalse(hasher.verify("correct horse", "pbkdf2-sha256$x$y$z"));
    }

    @Test
    void saltMakesEveryHashDifferent() {
        assertNotEquals(hasher.hash("same"), hasher.hash("same"));
    }

    @Test
    void olderHashesStillVerifyAndAskForRehash() {
        // A hash made elsewhere with fewer iterations: same format, its own count.
        String hash = hasher.hash("secret-password");
        String[] p = hash.split("\\$");
        assertFalse(hasher.needsRehash(hash));
        String weaker = "pbkdf2-sha256$1000$" + p[2] + "$" + p[3];
        assertFalse(hasher.verify("secret-password", weaker));
        assertTrue(hasher.needsRehash(weaker));
    }

    @Test
    void tokenHashIsSha256Hex() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", PasswordHasher.sha256Hex("abc"));
    }
}
