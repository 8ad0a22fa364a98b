package io.lectern.store.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The store's database, open for a whole test class ({@code @RegisterExtension static}): an embedded
 * H2 file database in a temporary folder, or a real PostgreSQL server that it starts. After the class
 * the database is closed, then the server stopped or the folder removed.
 */
final class TestDatabase implements BeforeAllCallback, AfterAllCallback {

    private final boolean postgres;
    private Path folder;
    private PostgresServer server;
    private DatabaseTarget target;
    private Database database;

    private TestDatabase(boolean postgres) {
        this.postgres = postgres;
    }

    static TestDatabase h2() {
        return new TestDatabase(false);
    }

    static TestDatabase postgres() {
        return new TestDatabase(true);
    }

    static DatabaseTarget h2Target(Path folder) {
        return DatabaseTarget.resolve("", "", "", folder.toString(), null, Map.of());
    }

    static DatabaseTarget postgresTarget(PostgresServer server) {
        return new DatabaseTarget(server.url(), "lectern", "");
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (postgres) {
            server = PostgresServer.start();
            target = postgresTarget(server);
        } else {
            folder = Files.createTempDirectory("lectern-h2");
            target = h2Target(folder);
        }
        database = new Database(target);
    }

    Database database() {
        return database;
    }

    /** A second database on the same target, as after a restart. */
    Database reopen() {
        return new Database(target);
    }

    /** The H2 database's folder, where a test may put another one. */
    Path folder() {
        return folder;
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (database != null) {
                database.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
            if (folder != null) {
                delete(folder);
            }
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
