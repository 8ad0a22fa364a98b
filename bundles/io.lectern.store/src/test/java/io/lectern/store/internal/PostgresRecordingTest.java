package io.lectern.store.internal;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The recording contract on a real PostgreSQL server that the test starts and stops. */
class PostgresRecordingTest extends RecordingContract {

    private static PostgresServer server;
    private static Database database;

    @BeforeAll
    static void open() throws Exception {
        server = PostgresServer.start();
        database = new Database(new DatabaseTarget(server.url(), "lectern", ""));
    }

    @AfterAll
    static void close() throws Exception {
        try {
            if (database != null) {
                database.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @Override
    Database db() {
        return database;
    }
}
