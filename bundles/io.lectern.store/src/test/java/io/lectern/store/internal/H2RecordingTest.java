package io.lectern.store.internal;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The recording contract on an embedded H2 file database. */
class H2RecordingTest extends RecordingContract {

    @TempDir
    static Path folder;

    private static TestDatabase database;

    @BeforeAll
    static void open() {
        database = TestDatabase.h2(folder);
    }

    @AfterAll
    static void close() throws Exception {
        database.close();
    }

    @Override
    Database db() {
        return database.database();
    }
}
