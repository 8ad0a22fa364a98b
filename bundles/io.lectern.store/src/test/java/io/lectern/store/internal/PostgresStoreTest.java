package io.lectern.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.lectern.api.profile.LatencyMode;
import io.lectern.api.stream.StreamDefinition;
import io.lectern.store.StoreException;
import io.lectern.store.StoreException.Reason;

/** The contract on a real PostgreSQL server that the test starts and stops. */
class PostgresStoreTest extends StoreContract {

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

    @Override
    Database reopen() {
        return database.reopen();
    }

    @Test
    void stoppedServerIsUnavailable() throws Exception {
        PostgresServer second = PostgresServer.start();
        Database onSecond;
        try {
            onSecond = new Database(TestDatabase.postgresTarget(second));
        } finally {
            second.close();
        }
        try {
            StoreException e = assertThrows(StoreException.class,
                    () -> new JpaStreamStore(onSecond, secrets).create(StreamDefinition.simple("maths", "rtmp", LatencyMode.TUTORIAL, null), ""));
            assertEquals(Reason.UNAVAILABLE, e.reason());
        } finally {
            onSecond.close();
        }
    }
}
