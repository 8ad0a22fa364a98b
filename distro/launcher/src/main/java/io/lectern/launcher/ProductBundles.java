package io.lectern.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Keeps the bundles embedded in {@code lectern.jar} and the framework cache in step. Each is
 * installed under the location {@code lectern:<its path in the jar>}; a record in the cache folder
 * (so it goes when the cache goes) keeps the CRC-32 and size of the jar entry each was installed
 * from. The zip's central directory gives both without reading a bundle, so a restart with the same
 * jar installs and updates nothing. Bundles under other locations (those FileInstall installs from
 * {@code deploy/}) are never touched.
 */
final class ProductBundles {

    static final String LOCATION = "lectern:";
    private static final String RECORD = "lectern-bundles.properties";

    private final Path storage;
    private final Path record;

    ProductBundles(Path storage) {
        this.storage = storage;
        this.record = storage.resolve(RECORD);
    }

    /** Whether the cache is empty or was written by this launcher (then it holds the record). */
    boolean cacheIsOurs() throws IOException {
        if (Files.exists(record) || !Files.isDirectory(storage)) {
            return true;
        }
        try (Stream<Path> files = Files.list(storage)) {
            return files.findAny().isEmpty();
        }
    }

    /**
     * Uninstalls the product bundles the jar no longer holds, installs the new ones, updates those
     * whose entry changed, sets their start levels and marks them started; the framework (initialised,
     * not yet started) starts them by start level. Answers a line for the log.
     */
    String sync(Framework framework, ZipFile zip, Properties launch) throws IOException, BundleException {
        long began = System.nanoTime();
        BundleContext context = framework.getBundleContext();
        Properties recorded = new Properties();
        if (Files.exists(record)) {
            try (InputStream in = Files.newInputStream(record)) {
                recorded.load(in);
            }
        }
        List<String> paths = split(launch.getProperty("launch.bundles", ""));
        Set<String> wanted = new HashSet<>();
        paths.forEach(p -> wanted.add(LOCATION + p));
        Map<String, Bundle> installed = new HashMap<>();
        int uninstalled = 0;
        for (Bundle b : context.getBundles()) {
            if (!b.getLocation().startsWith(LOCATION)) {
                continue;
            }
            if (wanted.contains(b.getLocation())) {
                installed.put(b.getLocation(), b);
            } else {
                // First, so that a renamed jar with the same bundle does not clash with itself.
                b.uninstall();
                uninstalled++;
            }
        }

        Properties now = new Properties();
        List<Bundle> product = new ArrayList<>();
        int added = 0;
        int updated = 0;
        for (String path : paths) {
            ZipEntry entry = zip.getEntry(path);
            if (entry == null) {
                throw new IOException("launcher.properties names " + path + ", which the jar does not hold");
            }
            String location = LOCATION + path;
            String stamp = Long.toHexString(entry.getCrc()) + "/" + entry.getSize();
            Bundle bundle = installed.get(location);
            try {
                if (bundle == null) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        bundle = context.installBundle(location, in);
                    }
                    added++;
                } else if (!stamp.equals(recorded.getProperty(location))) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        bundle.update(in);
                    }
                    updated++;
                }
                now.setProperty(location, stamp);
                product.add(bundle);
            } catch (BundleException e) {
                // As bnd's launcher did: report it and start the rest. Not recorded, so tried again next start.
                Main.log("ERROR", "could not install or update " + path + ": " + e);
            }
        }

        String initial = launch.getProperty("launch.startlevel.default");
        if (initial != null && !initial.isBlank()) {
            // The level FileInstall's bundles get.
            framework.adapt(FrameworkStartLevel.class).setInitialBundleStartLevel(Integer.parseInt(initial.trim()));
        }
        Map<String, Integer> levels = startLevels(launch.getProperty("launch.runbundles.attrs", ""));
        for (Bundle bundle : product) {
            Integer level = levels.get(bundle.getSymbolicName());
            BundleStartLevel startLevel = bundle.adapt(BundleStartLevel.class);
            if (level != null && startLevel.getStartLevel() != level) {
                startLevel.setStartLevel(level);
            }
            if ((bundle.adapt(BundleRevision.class).getTypes() & BundleRevision.TYPE_FRAGMENT) == 0) {
                // Below its start level this only marks it, as every start did with bnd's launcher.
                bundle.start(Bundle.START_ACTIVATION_POLICY);
            }
        }
        save(now);
        return String.format("framework cache %s: %d bundles installed, %d updated, %d uninstalled, %d unchanged (%d ms)",
                storage, added, updated, uninstalled, product.size() - added - updated, (System.nanoTime() - began) / 1_000_000);
    }

    private void save(Properties now) throws IOException {
        Files.createDirectories(storage);
        Path temporary = storage.resolve(RECORD + ".new");
        try (OutputStream out = Files.newOutputStream(temporary)) {
            now.store(out, "CRC-32/size of the lectern.jar entry each product bundle was installed from");
        }
        Files.move(temporary, record, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Symbolic name to start level, from bnd's {@code name;version="…";startlevel=N,…}. */
    static Map<String, Integer> startLevels(String attrs) {
        Map<String, Integer> levels = new HashMap<>();
        for (String clause : split(attrs)) {
            String[] parts = clause.split(";");
            for (int i = 1; i < parts.length; i++) {
                String part = parts[i].trim();
                if (part.startsWith("startlevel=")) {
                    levels.put(parts[0].trim(), Integer.parseInt(part.substring("startlevel=".length()).trim()));
                }
            }
        }
        return levels;
    }

    /** Splits at commas outside double quotes (a version range may hold one). */
    static List<String> split(String list) {
        List<String> items = new ArrayList<>();
        StringBuilder item = new StringBuilder();
        boolean quoted = false;
        for (char c : list.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                add(items, item);
            } else {
                item.append(c);
            }
        }
        add(items, item);
        return items;
    }

    private static void add(List<String> items, StringBuilder item) {
        String s = item.toString().trim();
        if (!s.isEmpty()) {
            items.add(s);
        }
        item.setLength(0);
    }
}
