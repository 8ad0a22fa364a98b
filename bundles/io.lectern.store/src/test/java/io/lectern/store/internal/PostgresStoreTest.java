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

    private static PostgresServer server;
    private static DatabaseTarget target;
    private static Database database;

    @BeforeAll
    static void open() throws Exception {
        server = PostgresServer.start();
        target = new DatabaseTarget(server.url(), "lectern", "");
        database = new Database(target);
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

    @Override
    Database reopen() {
        return new Database(target);
    }

    @Test
    void stoppedServerIsUnavailable() throws Exception {
        PostgresServer second = PostgresServer.start();
        Database onSecond;
        try {
            onSecond = new Database(new DatabaseTarget(second.url(), "lectern", ""));
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
