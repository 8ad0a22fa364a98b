package io.lectern.itests.distro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/lectern's class data sharing: a run without an archive writes one into the data folder as it
 * stops, the next run maps it, and the JVM's list of classes it left out stays out of the log.
 */
class ClassDataSharingTest {

    @Test
    void theFirstRunWritesTheArchiveAndTheNextMapsIt(@TempDir Path dir) throws Exception {
        try (LecternProcess lectern = new LecternProcess(dir).env("LECTERN_CDS", "on")) {
            lectern.start();
            assertEquals(List.of(), archives(dir), "no archive while the first run runs");
            int exit = lectern.stop();
            assertTrue(exit == 0 || exit == 143, "exit " + exit);
            List<Path> written = archives(dir);
            assertEquals(1, written.size(), "the first run wrote one archive as it stopped: " + written);
            assertTrue(Files.size(written.get(0)) > 1_000_000, "it holds the classes the run loaded");
            assertFalse(Files.readString(lectern.log()).contains("[warning][cds]"), "no list of skipped classes in the log");

            lectern.start();
            String maps = Files.readString(Paths.get("/proc", String.valueOf(lectern.pid()), "maps"));
            assertTrue(maps.contains(written.get(0).toRealPath().toString()), "the second run maps the archive");
            lectern.stop();
            assertEquals(written, archives(dir), "and keeps it");
        }
    }

    private static List<Path> archives(Path dir) throws Exception {
        Path cds = dir.resolve("lectern-data/cds");
        if (!Files.isDirectory(cds)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cds)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsa")).sorted().toList();
        }
    }
}
