package io.lectern.itests.distro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first README command's product: it starts, answers on HTTP, and stops cleanly on SIGTERM. */
class ProductStartTest {

    @Test
    void startsAnswersAndStopsCleanly(@TempDir Path dir) throws Exception {
        try (LecternProcess lectern = new LecternProcess(dir).start()) {
            assertEquals(200, lectern.get("/api/v1/health", false).statusCode());
            assertEquals(401, lectern.get("/api/v1/plugins", false).statusCode(), "the API needs a login");
            String plugins = lectern.get("/api/v1/plugins", true).body();
            assertTrue(plugins.contains("\"rtmp\"") && plugins.contains("\"x264\"") && plugins.contains("\"hls\""), plugins);
            int exit = lectern.stop();
            assertTrue(exit == 0 || exit == 143, "SIGTERM stops it cleanly, exit " + exit);
            assertTrue(Files.readString(lectern.log()).contains("rtmp listening on 0.0.0.0:" + lectern.rtmpPort()),
                    "the deploy/ configuration was applied");
        }
    }
}
