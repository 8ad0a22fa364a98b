package io.lectern.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lectern.api.profile.LatencyMode;
import io.lectern.api.stream.StreamDefinition;
import io.lectern.store.StoreException;
import io.lectern.store.StoreException.Reason;

/** The contract on an embedded H2 file database in a temporary folder. */
class H2StoreTest extends StoreContract {

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

    @Override
    Database reopen() {
        return database.reopen();
    }

    @Test
    void closedDatabaseIsUnavailable() {
        Database other = new Database(TestDatabase.h2Target(folder.resolve("other")));
        other.close();
        StoreException e = assertThrows(StoreException.class,
                () -> new JpaStreamStore(other, secrets).create(StreamDefinition.simple("maths", "rtmp", LatencyMode.TUTORIAL, null), ""));
        assertEquals(Reason.UNAVAILABLE, e.reason());
    }
}
