package io.lectern.store.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lectern.store.StoreException;
import io.lectern.store.StoreException.Reason;

/**
 * Encrypts destination settings (stream keys) for the database with AES-256-GCM under a master key
 * kept in a file of the data folder, outside the database: a stolen database dump or backup alone
 * reveals no key.
 *
 * <p>The file holds one Base64 key per line; the first is the current one, later lines are older
 * keys kept for rotation. A sealed value reads {@code v1:<key id>:<Base64 of nonce and ciphertext>},
 * the key id being the start of the key's SHA-256, so a value names the key it needs. The file is
 * made on first start, readable by its owner only.
 */
@Component(service = SecretBox.class, configurationPid = "io.lectern.store")
public final class SecretBox {

    static final String FILE = "master.key";
    private static final String VERSION = "v1";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Logger LOG = LoggerFactory.getLogger(SecretBox.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    /** Key id to key, the current one first. */
    private final Map<String, SecretKeySpec> keys;
    private final String current;

    @Activate
    public SecretBox(StoreConfig config, BundleContext context) {
        this(DatabaseTarget.dataFolder(config.dataFolder(), context.getProperty("lectern.data")).resolve(FILE));
    }

    SecretBox(Path file) {
        this.file = file;
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            this.keys = read(file);
        } catch (IOException e) {
            LOG.error("Master key {} cannot be read or made: {}", file, e.toString());
            throw new IllegalStateException("cannot read or make the master key " + file + ": " + e.getMessage(), e);
        }
        this.current = keys.keySet().iterator().next();
        warnIfOpen(file);
    }

    /** The id of the key new values are sealed with. */
    String currentKey() {
        return current;
    }

    Path file() {
        return file;
    }

    /** Encrypts {@code plain} with the current key; {@code context} (e.g. stream and destination) binds it to its row. */
    String seal(String plain, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, keys.get(current), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad(context));
            byte[] sealed = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return VERSION + ":" + current + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this Java", e);
        }
    }

    /**
     * A key for another purpose (such as signing playback links), derived from the current master key
     * with HMAC-SHA256 over {@code purpose}: one file to back up, and rotating it ends the derived key too.
     */
    byte[] derive(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keys.get(current).getEncoded(), "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this Java", e);
        }
    }

    /** Whether a sealed value uses the current key (else it should be sealed again). */
    boolean isCurrent(String sealed) {
        return sealed.startsWith(VERSION + ":" + current + ":");
    }

    /**
     * Decrypts a value made by {@link #seal} with the same context.
     *
     * @throws StoreException (unavailable) naming the key file when the key is missing or wrong
     */
    String open(String sealed, String context) {
        String[] parts = sealed.split(":", 3);
        if (parts.length != 3 || !parts[0].equals(VERSION)) {
            throw new StoreException(Reason.UNAVAILABLE, "an encrypted destination setting is damaged (unknown format)");
        }
        SecretKeySpec key = keys.get(parts[1]);
        if (key == null) {
            throw new StoreException(Reason.UNAVAILABLE, "destination settings are encrypted with master key " + parts[1]
                    + ", which is not in " + file + " (it has " + String.join(", ", keys.keySet())
                    + "): restore that file from the backup made with the database, or add the old key as a later line");
        }
        try {
            byte[] in = Base64.getDecoder().decode(parts[2]);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            c.updateAAD(aad(context));
            return new String(c.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException | IllegalArgumentException e) {
            throw new StoreException(Reason.UNAVAILABLE, "an encrypted destination setting (" + context
                    + ") does not open with master key " + parts[1] + " from " + file + ": the value was changed in the database", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this Java", e);
        }
    }

    private static byte[] aad(String context) {
        return ("lectern destination settings " + context).getBytes(StandardCharsets.UTF_8);
    }

    /** Writes a fresh random key to a new file that only its owner can read. */
    private static void create(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        String text = "# Lectern master key: encrypts destination stream keys in the database. Back it up with the\n"
                + "# database, apart from it. See docs/operations.md before changing this file.\n"
                + Base64.getEncoder().encodeToString(key) + "\n";
        boolean posix = Files.getFileStore(file.toAbsolutePath().getParent()).supportsFileAttributeView(PosixFileAttributeView.class);
        try {
            if (posix) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(EnumSet.of(PosixFilePermission.OWNER_READ,
                        PosixFilePermission.OWNER_WRITE)));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            return; // another start made it at the same moment: use theirs
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII);
        LOG.info("Made a new master key {} for destination secrets: back it up with the database", file);
    }

    private static Map<String, SecretKeySpec> read(Path file) throws IOException {
        Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
        List<String> bad = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(t);
            } catch (IllegalArgumentException e) {
                key = new byte[0];
            }
            if (key.length != KEY_BYTES) {
                bad.add(t.length() > 8 ? t.substring(0, 4) + "…" : "a short line");
                continue;
            }
            keys.putIfAbsent(id(key), new SecretKeySpec(key, "AES"));
        }
        if (!bad.isEmpty()) {
            throw new IOException("lines that are not a Base64 key of 32 bytes: " + String.join(", ", bad));
        }
        if (keys.isEmpty()) {
            throw new IOException("it holds no key");
        }
        return keys;
    }

    private static String id(byte[] key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }

    private static void warnIfOpen(Path file) {
        try {
            if (Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
                Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
                if (p.stream().anyMatch(x -> x.name().startsWith("GROUP") || x.name().startsWith("OTHERS"))) {
                    LOG.warn("Master key {} can be read by other users ({}): chmod 600 it", file, PosixFilePermissions.toString(p));
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot read the permissions of {}", file, e);
        }
    }
}
