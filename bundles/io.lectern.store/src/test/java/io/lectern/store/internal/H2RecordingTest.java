package io.lectern.store.internal;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The recording contract on an embedded H2 file database. */
class H2RecordingTest extends RecordingContract {

    @RegisterExtension
    static final TestDatabase DATABASE = TestDatabase.h2();

    @Override
    Database db() {
        return DATABASE.database();
    }
}
