package io.lectern.store.internal;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Which database to open. The choice goes: configured URL, then the {@code LECTERN_DB_URL}
 * environment variable, then an embedded H2 file in the data folder.
 */
record DatabaseTarget(String url, String user, String password) {

    static final String DEFAULT_USER = "lectern";

    DatabaseTarget {
        if (Dialect.of(url) == Dialect.H2) {
            String lower = url.toLowerCase(Locale.ROOT);
            // Both run code or open a port: INIT runs any SQL (even from a URL), AUTO_SERVER starts a TCP server.
            if (lower.contains(";init=") || lower.contains(";auto_server=true")) {
                throw new IllegalArgumentException("H2 URLs with INIT or AUTO_SERVER are refused: " + safe(url));
            }
        }
        user = user == null || user.isBlank() ? DEFAULT_USER : user;
        password = password == null ? "" : password;
    }

    /**
     * @param dataFolder     the configured data folder, may be empty
     * @param frameworkData  the framework property {@code lectern.data}, may be null
     */
    static DatabaseTarget resolve(String url, String user, String password, String dataFolder, String frameworkData,
                                  Map<String, String> env) {
        if (url != null && !url.isBlank()) {
            return new DatabaseTarget(url.trim(), user, password);
        }
        String envUrl = env.get("LECTERN_DB_URL");
        if (envUrl != null && !envUrl.isBlank()) {
            return new DatabaseTarget(envUrl.trim(), env.get("LECTERN_DB_USER"), env.get("LECTERN_DB_PASSWORD"));
        }
        return new DatabaseTarget(h2Url(dataFolder(dataFolder, frameworkData)), user, password);
    }

    static Path dataFolder(String configured, String frameworkData) {
        String folder = configured != null && !configured.isBlank() ? configured
                : frameworkData != null && !frameworkData.isBlank() ? frameworkData : "./lectern-data";
        return Path.of(folder).toAbsolutePath().normalize();
    }

    static String h2Url(Path dataFolder) {
        // DB_CLOSE_ON_EXIT=FALSE: the store closes the database in @Deactivate, not a JVM shutdown hook.
        // WRITE_DELAY=0: a commit is on disk when it returns; H2 would otherwise lose the last second
        // of commits when the process is killed.
        return "jdbc:h2:file:" + dataFolder.resolve("db").resolve("lectern") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    }

    /** The URL without its options, which may hold a password. */
    static String safe(String url) {
        if (url == null) {
            return "";
        }
        int cut = url.length();
        for (char c : new char[] {'?', ';'}) {
            int i = url.indexOf(c);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        return url.substring(0, cut);
    }

    Dialect dialect() {
        return Dialect.of(url);
    }

    String describe() {
        return (dialect() == Dialect.H2 ? "H2" : "PostgreSQL") + " at " + safe(url) + " as user '" + user + "'";
    }

    @Override
    public String toString() {
        return describe();
    }
}
