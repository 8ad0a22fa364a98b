package io.lectern.store.internal;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The recording contract on an embedded H2 file database. */
class H2RecordingTest extends RecordingContract {

    @TempDir
    static Path folder;

    private static Database database;

    @BeforeAll
    static void open() {
        database = new Database(DatabaseTarget.resolve("", "", "", folder.toString(), null, Map.of()));
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Override
    Database db() {
        return database;
    }
}
