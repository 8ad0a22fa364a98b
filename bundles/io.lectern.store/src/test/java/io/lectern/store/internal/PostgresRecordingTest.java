package io.lectern.store.internal;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The recording contract on a real PostgreSQL server that the test starts and stops. */
class PostgresRecordingTest extends RecordingContract {

    @RegisterExtension
    static final TestDatabase DATABASE = TestDatabase.postgres();

    @Override
    Database db() {
        return DATABASE.database();
    }
}
