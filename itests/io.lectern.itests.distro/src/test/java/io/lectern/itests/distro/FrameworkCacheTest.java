package io.lectern.itests.distro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Enumeration;
import java.util.Properties;
import java.util.Set;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product's launcher keeps the framework cache: a restart installs nothing, a new lectern.jar
 * updates only the bundle that changed and uninstalls the one it no longer holds, and a plugin
 * dropped into deploy/ is left to FileInstall.
 */
class FrameworkCacheTest {

    private static final Pattern CACHE = Pattern.compile(
            "framework cache .*: (\\d+) bundles installed, (\\d+) updated, (\\d+) uninstalled, (\\d+) unchanged \\((\\d+) ms\\)");
    private static final String CHANGED = "jar/io.lectern.destination.custom-";
    private static final String DROPPED = "jar/io.lectern.destination.instagram-";

    /** One start's line from the launcher. */
    private record Cache(int installed, int updated, int uninstalled, int unchanged, long millis) {

        static Cache of(Path log) throws IOException {
            Matcher m = CACHE.matcher(Files.readString(log));
            assertTrue(m.find(), "the launcher logs what it did with the cache:\n" + Files.readString(log));
            return new Cache(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4)), Long.parseLong(m.group(5)));
        }
    }

    @Test
    void restartReusesTheCacheAndANewJarChangesOnlyWhatChanged(@TempDir Path dir) throws Exception {
        Path plugin = Paths.get(System.getProperty("lectern.plugin.jar"));
        try (LecternProcess lectern = new LecternProcess(dir)) {
            lectern.start();
            Cache first = Cache.of(lectern.log());
            assertTrue(first.installed() > 50 && first.updated() + first.uninstalled() + first.unchanged() == 0, first.toString());
            long firstStart = lectern.startMillis();
            assertEquals(Set.of(ZipEntry.STORED), classMethods(cached(dir, "org.eclipse.persistence.core")),
                    "the cache keeps a bundle's classes stored, so a start reads them without inflating");
            assertEquals(Set.of(ZipEntry.DEFLATED), classMethods(cached(dir, "io.lectern.ffmpeg")),
                    "but keeps a bundle with native libraries as it came");
            Path deployed = Files.copy(plugin, dir.resolve("deploy").resolve(plugin.getFileName()));
            waitForPlugin(lectern, "itest-source", true);
            stopCleanly(lectern);

            lectern.start();
            Cache second = Cache.of(lectern.log());
            assertEquals(new Cache(0, 0, 0, first.installed(), second.millis()), second, "a restart installs and updates nothing");
            assertTrue(second.millis() < first.millis(), "setting up the bundles is faster on a restart: " + second + " vs " + first);
            System.out.printf("start-up until signed-in calls work: first start %d ms, restart %d ms; bundles set up in %d / %d ms%n",
                    firstStart, lectern.startMillis(), first.millis(), second.millis());
            waitForPlugin(lectern, "itest-source", true);
            stopCleanly(lectern);

            // An upgrade: one bundle changed, one no longer in the product.
            lectern.jar(nextRelease(lectern.jar(), dir.resolve("lectern-next.jar")));
            lectern.start();
            Cache third = Cache.of(lectern.log());
            assertEquals(new Cache(0, 1, 1, first.installed() - 2, third.millis()), third, "only the changed and the dropped bundle");
            String plugins = lectern.get("/api/v1/plugins", true).body();
            assertTrue(plugins.contains("\"custom\"") && plugins.contains("\"youtube\""), plugins);
            assertFalse(plugins.contains("\"instagram\""), "the bundle the new jar lacks is gone: " + plugins);
            waitForPlugin(lectern, "itest-source", true);

            Files.delete(deployed);
            waitForPlugin(lectern, "itest-source", false);
        }
    }

    /** The framework cache's copy of the bundle {@code symbolicName}. */
    private static Path cached(Path dir, String symbolicName) throws IOException {
        try (Stream<Path> jars = Files.find(dir.resolve("lectern-data/framework"), 3, (p, a) -> p.endsWith("bundle.jar"))) {
            for (Path jar : (Iterable<Path>) jars::iterator) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    Manifest m = new Manifest(zip.getInputStream(zip.getEntry("META-INF/MANIFEST.MF")));
                    String name = m.getMainAttributes().getValue("Bundle-SymbolicName");
                    if (name != null && name.split(";")[0].trim().equals(symbolicName)) {
                        return jar;
                    }
                }
            }
        }
        throw new AssertionError(symbolicName + " is not in the framework cache");
    }

    /** The compression methods of a jar's class entries. */
    private static Set<Integer> classMethods(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().filter(e -> e.getName().endsWith(".class")).map(ZipEntry::getMethod).collect(Collectors.toSet());
        }
    }

    private static void stopCleanly(LecternProcess lectern) throws InterruptedException {
        int exit = lectern.stop();
        assertTrue(exit == 0 || exit == 143, "SIGTERM stops it cleanly, exit " + exit);
    }

    private static void waitForPlugin(LecternProcess lectern, String name, boolean present) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String plugins = "";
        while (System.nanoTime() < deadline) {
            plugins = lectern.get("/api/v1/plugins", true).body();
            if (plugins.contains("\"" + name + "\"") == present) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(name + (present ? " missing from " : " still in ") + plugins);
    }

    /**
     * A copy of {@code jar} as the next build would be: the custom destination's bundle with one more
     * file in it, the Instagram destination's bundle gone (from the jar and from launcher.properties).
     */
    private static Path nextRelease(Path jar, Path next) throws IOException {
        try (ZipFile in = new ZipFile(jar.toFile()); OutputStream file = Files.newOutputStream(next);
                ZipOutputStream out = new ZipOutputStream(file)) {
            boolean changed = false;
            for (Enumeration<? extends ZipEntry> entries = in.entries(); entries.hasMoreElements();) {
                ZipEntry entry = entries.nextElement();
                if (entry.getName().startsWith(DROPPED)) {
                    continue;
                }
                byte[] content;
                try (InputStream stream = in.getInputStream(entry)) {
                    content = stream.readAllBytes();
                }
                if (entry.getName().startsWith(CHANGED)) {
                    content = withExtraFile(content);
                    changed = true;
                } else if (entry.getName().equals("launcher.properties")) {
                    content = withoutDropped(content);
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(content);
                out.closeEntry();
            }
            assertTrue(changed, "the jar holds " + CHANGED + "*");
        }
        return next;
    }

    private static byte[] withExtraFile(byte[] bundle) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bundle));
                ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                in.transferTo(out);
                out.closeEntry();
            }
            out.putNextEntry(new ZipEntry("next-release.txt"));
            out.write("changed".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static byte[] withoutDropped(byte[] launcherProperties) throws IOException {
        Properties p = new Properties();
        p.load(new ByteArrayInputStream(launcherProperties));
        String bundles = p.getProperty("launch.bundles");
        StringBuilder kept = new StringBuilder();
        for (String path : bundles.split(",")) {
            if (!path.startsWith(DROPPED)) {
                kept.append(kept.length() == 0 ? "" : ",").append(path);
            }
        }
        assertTrue(kept.length() < bundles.length(), "launcher.properties lists " + DROPPED + "*");
        p.setProperty("launch.bundles", kept.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.store(out, null);
        return out.toByteArray();
    }
}
