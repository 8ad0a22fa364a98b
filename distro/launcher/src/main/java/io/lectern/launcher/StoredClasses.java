package io.lectern.launcher;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites the bundles inside {@code lectern.jar} with their classes stored rather than deflated; the
 * distro build runs it ({@code distro/pom.xml}), the product does not. The framework cache keeps each
 * bundle as it came, and every class a start loads is read from there: a stored class is a plain
 * read, a deflated one costs an inflater and its decompression each. On 2 cores that was 0.2 s of a
 * 3 s restart (0.35 s until all bundles had started), for about 30 MB more in the cache. Other
 * entries stay deflated. A bundle with large other files (native libraries) is left as it is:
 * storing those would cost much disk for nothing at start-up.
 */
final class StoredClasses {

    /** A non-class entry this large (uncompressed) leaves its bundle as it is. */
    static final long LARGE = 1 << 20;
    private static final String BUNDLES = "jar/";

    private StoredClasses() {
    }

    /** {@code StoredClasses <lectern.jar>}: rewrites the jar in place. */
    public static void main(String[] args) throws IOException {
        Path jar = Paths.get(args[0]);
        Path rewritten = jar.resolveSibling(jar.getFileName() + ".stored");
        int stored = 0;
        int kept = 0;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
                OutputStream file = Files.newOutputStream(rewritten); ZipOutputStream out = new ZipOutputStream(file)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                byte[] data = in.readAllBytes();
                if (e.getName().startsWith(BUNDLES) && e.getName().endsWith(".jar")) {
                    byte[] repacked = repack(data);
                    if (repacked != null) {
                        data = repacked;
                        stored++;
                    } else {
                        kept++;
                    }
                }
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTime(e.getTime());
                out.putNextEntry(copy);
                out.write(data);
                out.closeEntry();
            }
        }
        Files.move(rewritten, jar, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("stored the classes of " + stored + " bundles in " + jar + "; " + kept + " left as they were");
    }

    /** The bundle {@code jar} with its classes stored, or null if it holds a large non-class entry. */
    static byte[] repack(byte[] jar) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(jar.length * 2);
        try (ZipInputStream source = new ZipInputStream(new ByteArrayInputStream(jar)); ZipOutputStream target = new ZipOutputStream(bytes)) {
            for (ZipEntry e; (e = source.getNextEntry()) != null;) {
                byte[] data = source.readAllBytes();
                boolean store = e.isDirectory() || e.getName().endsWith(".class");
                if (!store && data.length >= LARGE) {
                    return null;
                }
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTime(e.getTime());
                if (store) {
                    CRC32 crc = new CRC32();
                    crc.update(data);
                    copy.setMethod(ZipEntry.STORED);
                    copy.setSize(data.length);
                    copy.setCompressedSize(data.length);
                    copy.setCrc(crc.getValue());
                }
                target.putNextEntry(copy);
                target.write(data);
                target.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
