package io.lectern.store.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/** Stream keys: 32 random URL-safe characters; only their SHA-256 is stored. */
final class StreamKeys {

    static final int LENGTH = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private StreamKeys() {
    }

    static String generate() {
        byte[] bytes = new byte[LENGTH * 3 / 4];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String key) {
        return Migrations.sha256(key);
    }

    static String hint(String key) {
        return key.substring(key.length() - 4);
    }

    /** Compares hashes in constant time, so timing tells nothing about how much of a key matched. */
    static boolean matches(String key, String storedHash) {
        return MessageDigest.isEqual(hash(key).getBytes(StandardCharsets.US_ASCII), storedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
