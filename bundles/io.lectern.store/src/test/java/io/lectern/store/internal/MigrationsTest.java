package io.lectern.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The runner on its own, with the scripts in src/test/resources/test-migrations. */
class MigrationsTest {

    private static final ClassLoader LOADER = MigrationsTest.class.getClassLoader();

    @Test
    void splitsStatements() {
        assertEquals(List.of("CREATE TABLE a (x INT)", "INSERT INTO a\nVALUES (1)", "SELECT 1"),
                Migrations.statements("-- comment\nCREATE TABLE a (x INT);\n\nINSERT INTO a\n  VALUES (1);\r\nSELECT 1"));
    }

    @Test
    void appliesInOrderPrefersDialectVariantsAndRecords() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:m1")) {
            Migrations m = new Migrations(LOADER, "test-migrations", List.of("V1__one", "V3__three"), Dialect.H2);
            assertEquals(3, m.latest());
            assertEquals(2, m.migrate(c));
            assertEquals(0, m.migrate(c));
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT x FROM t ORDER BY x")) {
                rs.next();
                assertEquals(1, rs.getInt(1));
                rs.next();
                assertEquals(30, rs.getInt(1), "V3 ran its h2 variant");
            }
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT version, description FROM lectern_schema_version ORDER BY version")) {
                rs.next();
                assertEquals("1 one", rs.getInt(1) + " " + rs.getString(2));
                rs.next();
                assertEquals("3 three", rs.getInt(1) + " " + rs.getString(2));
            }
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new Migrations(LOADER, "test-migrations", List.of("V1__one"), Dialect.H2).migrate(c));
            assertTrue(e.getMessage().contains("version 3, newer than this Lectern knows (1)"), e.getMessage());
        }
    }

    @Test
    void failedScriptIsNotRecorded() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:m2")) {
            Migrations m = new Migrations(LOADER, "test-migrations", List.of("V1__one", "V2__broken"), Dialect.H2);
            SQLException e = assertThrows(SQLException.class, () -> m.migrate(c));
            assertTrue(e.getMessage().startsWith("migration V2 (broken) failed"), e.getMessage());
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(version) FROM lectern_schema_version")) {
                rs.next();
                assertEquals(1, rs.getInt(1));
            }
        }
    }

    @Test
    void badNamesAndOrderAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Migrations(LOADER, "test-migrations", List.of("one"), Dialect.H2));
        assertThrows(IllegalArgumentException.class,
                () -> new Migrations(LOADER, "test-migrations", List.of("V3__three", "V1__one"), Dialect.H2));
        assertThrows(IllegalArgumentException.class, () -> new Migrations(LOADER, "test-migrations", List.of("V9__missing"), Dialect.H2));
    }
}
