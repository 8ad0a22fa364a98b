package io.lectern.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lectern.store.StoreException;

/** The master key file and AES-GCM sealing. */
class SecretBoxTest {

    @TempDir
    Path dir;

    @Test
    void theFirstStartMakesAKeyOnlyItsOwnerCanReadAndLaterStartsReuseIt() throws Exception {
        Path file = dir.resolve("data").resolve(SecretBox.FILE);
        SecretBox box = new SecretBox(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String sealed = box.seal("{\"key\":\"abc\"}", "maths/yt");
        assertTrue(sealed.startsWith("v1:" + box.currentKey() + ":"), sealed);
        assertNotEquals(sealed, box.seal("{\"key\":\"abc\"}", "maths/yt"), "a fresh nonce every time");
        SecretBox again = new SecretBox(file);
        assertEquals(box.currentKey(), again.currentKey());
        assertEquals("{\"key\":\"abc\"}", again.open(sealed, "maths/yt"));
        assertThrows(StoreException.class, () -> again.open(sealed, "physics/yt"), "bound to its row");
        String tampered = sealed.substring(0, sealed.length() - 6) + (sealed.endsWith("AAAA==") ? "BBBB==" : "AAAA==");
        assertThrows(StoreException.class, () -> again.open(tampered, "maths/yt"));
    }

    @Test
    void aDamagedKeyFileIsRefusedWithoutTouchingIt() throws Exception {
        Path file = dir.resolve(SecretBox.FILE);
        Files.writeString(file, "# comment\nnot-a-key\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new SecretBox(file));
        assertTrue(e.getMessage().contains("not a Base64 key of 32 bytes"), e.getMessage());
        assertEquals("# comment\nnot-a-key\n", Files.readString(file));
        Files.writeString(file, "# only a comment\n");
        assertTrue(assertThrows(IllegalStateException.class, () -> new SecretBox(file)).getMessage().contains("holds no key"));
        assertFalse(Files.readString(file).contains("=="), "never replaced by a new key");
    }
}
