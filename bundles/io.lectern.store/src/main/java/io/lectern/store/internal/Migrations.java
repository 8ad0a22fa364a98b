package io.lectern.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema to the version this bundle knows, with ordered SQL scripts.
 *
 * <p>Why not Flyway: since version 10 it finds its database support through ServiceLoader in
 * separate jars, which inside OSGi needs SPI Fly wiring and more bundles, all for two dozen lines
 * of work. This runner reads {@code V<n>__<description>.sql} from the bundle, prefers a variant
 * {@code V<n>__<description>.<dialect>.sql} where the databases differ, runs each script in its own
 * transaction and records it in {@code lectern_schema_version}. It refuses a database whose schema
 * is newer than the bundle, or whose applied scripts have changed since.
 *
 * <p>PostgreSQL runs a failed script's DDL back; H2 commits each DDL statement, so a script that
 * fails half-way on H2 must be repaired by hand (the error names it).
 */
final class Migrations {

    static final String TABLE = "lectern_schema_version";

    /** The store's scripts, in order; add new ones at the end and never edit applied ones. */
    static final List<String> STORE_SCRIPTS = List.of("V1__streams", "V2__accounts", "V3__recordings");

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    private static final Pattern NAME = Pattern.compile("V(\\d+)__([a-z0-9_]+)");
    /** Arbitrary, fixed: serialises migrations of Lectern servers that start together. */
    private static final long PG_LOCK = 0x4c65637465726eL;

    record Script(int version, String description, String sql, String checksum) {
    }

    private final List<Script> scripts;
    private final Dialect dialect;

    /**
     * @param folder resource folder holding the scripts, e.g. {@code db/migration}
     * @param names  script names without extension, in version order
     */
    Migrations(ClassLoader loader, String folder, List<String> names, Dialect dialect) {
        this.dialect = dialect;
        List<Script> list = new ArrayList<>();
        int last = 0;
        for (String name : names) {
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                throw new IllegalArgumentException("migration name '" + name + "' is not V<n>__<description>");
            }
            int version = Integer.parseInt(m.group(1));
            if (version <= last) {
                throw new IllegalArgumentException("migration " + name + " is out of order");
            }
            last = version;
            String sql = read(loader, folder + "/" + name + "." + dialect.id() + ".sql");
            if (sql == null) {
                sql = read(loader, folder + "/" + name + ".sql");
            }
            if (sql == null) {
                throw new IllegalArgumentException("migration " + name + " is missing from " + folder);
            }
            list.add(new Script(version, m.group(2).replace('_', ' '), sql, sha256(sql)));
        }
        this.scripts = List.copyOf(list);
    }

    /** The newest schema version this bundle knows. */
    int latest() {
        return scripts.isEmpty() ? 0 : scripts.get(scripts.size() - 1).version();
    }

    /**
     * Applies what is missing; answers how many scripts ran.
     *
     * @throws IllegalStateException when the database is newer or an applied script changed
     * @throws SQLException          when a script fails
     */
    int migrate(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            lock(c, true);
            try {
                return apply(c);
            } finally {
                // Ends a transaction an error left open, so PostgreSQL accepts the unlock.
                c.rollback();
                lock(c, false);
            }
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private int apply(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (version INTEGER NOT NULL PRIMARY KEY,"
                    + " description VARCHAR(200) NOT NULL, checksum VARCHAR(64) NOT NULL, applied_at TIMESTAMP NOT NULL)");
        }
        c.commit();
        Map<Integer, String> applied = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version, checksum FROM " + TABLE)) {
            while (rs.next()) {
                applied.put(rs.getInt(1), rs.getString(2));
            }
        }
        c.commit();
        int newest = applied.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        if (newest > latest()) {
            throw new IllegalStateException("the database schema is at version " + newest + ", newer than this Lectern knows ("
                    + latest() + "): run a newer Lectern, or restore a backup made for this version");
        }
        int count = 0;
        for (Script script : scripts) {
            String checksum = applied.get(script.version());
            if (checksum != null) {
                if (!checksum.equals(script.checksum())) {
                    throw new IllegalStateException("migration V" + script.version() + " (" + script.description()
                            + ") differs from the one applied to this database (checksum " + checksum + ", bundle has "
                            + script.checksum() + "): applied scripts must never change");
                }
                continue;
            }
            run(c, script);
            count++;
        }
        return count;
    }

    private void run(Connection c, Script script) throws SQLException {
        LOG.info("Applying schema migration V{} ({})", script.version(), script.description());
        try {
            try (Statement s = c.createStatement()) {
                for (String statement : statements(script.sql())) {
                    s.execute(statement);
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO " + TABLE
                    + " (version, description, checksum, applied_at) VALUES (?, ?, ?, ?)")) {
                p.setInt(1, script.version());
                p.setString(2, script.description());
                p.setString(3, script.checksum());
                p.setObject(4, LocalDateTime.now(ZoneOffset.UTC));
                p.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw new SQLException("migration V" + script.version() + " (" + script.description() + ") failed: "
                    + e.getMessage(), e.getSQLState(), e);
        }
    }

    /** PostgreSQL: one server migrates at a time. H2 embedded has one process only. */
    private void lock(Connection c, boolean take) throws SQLException {
        if (dialect != Dialect.POSTGRESQL) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute((take ? "SELECT pg_advisory_lock(" : "SELECT pg_advisory_unlock(") + PG_LOCK + ")");
        }
        c.commit();
    }

    /**
     * Splits a script at semicolons that end a line, dropping {@code --} comment lines. The store's
     * scripts hold no procedures or string literals with semicolons, so this is enough.
     */
    static List<String> statements(String sql) {
        List<String> list = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(trimmed).append('\n');
            if (trimmed.endsWith(";")) {
                list.add(current.substring(0, current.lastIndexOf(";")).strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            list.add(current.toString().strip());
        }
        return list;
    }

    private static String read(ClassLoader loader, String path) {
        try (InputStream in = loader.getResourceAsStream(path)) {
            // Line ends normalised: a checkout with CRLF must not look like a changed script.
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration " + path, e);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }
}
