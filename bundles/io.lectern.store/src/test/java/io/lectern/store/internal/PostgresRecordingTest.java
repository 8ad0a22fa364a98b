package io.lectern.store.internal;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The recording contract on a real PostgreSQL server that the test starts and stops. */
class PostgresRecordingTest extends RecordingContract {

    private static TestDatabase database;

    @BeforeAll
    static void open() throws Exception {
        database = TestDatabase.postgres();
    }

    @AfterAll
    static void close() throws Exception {
        if (database != null) {
            database.close();
        }
    }

    @Override
    Database db() {
        return database.database();
    }
}
