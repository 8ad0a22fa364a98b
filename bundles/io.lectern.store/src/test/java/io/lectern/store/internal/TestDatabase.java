package io.lectern.store.internal;

import java.nio.file.Path;
import java.util.Map;

/**
 * The store's database opened for a test class: an embedded H2 file database in a folder, or a
 * real PostgreSQL server that it starts. Closing it closes the database, then the server.
 */
final class TestDatabase implements AutoCloseable {

    private final PostgresServer server;
    private final DatabaseTarget target;
    private final Database database;

    private TestDatabase(PostgresServer server, DatabaseTarget target) {
        this.server = server;
        this.target = target;
        this.database = new Database(target);
    }

    static TestDatabase h2(Path folder) {
        return new TestDatabase(null, h2Target(folder));
    }

    static TestDatabase postgres() throws Exception {
        PostgresServer server = PostgresServer.start();
        try {
            return new TestDatabase(server, postgresTarget(server));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    static DatabaseTarget h2Target(Path folder) {
        return DatabaseTarget.resolve("", "", "", folder.toString(), null, Map.of());
    }

    static DatabaseTarget postgresTarget(PostgresServer server) {
        return new DatabaseTarget(server.url(), "lectern", "");
    }

    Database database() {
        return database;
    }

    /** A second database on the same target, as after a restart. */
    Database reopen() {
        return new Database(target);
    }

    @Override
    public void close() throws Exception {
        try {
            database.close();
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }
}
