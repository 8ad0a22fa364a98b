package io.lectern.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.lectern.api.profile.LatencyMode;
import io.lectern.api.stream.StreamDefinition;
import io.lectern.store.StoreException;
import io.lectern.store.StoreException.Reason;

/** The contract on a real PostgreSQL server that the test starts and stops. */
class PostgresStoreTest extends StoreContract {

    @RegisterExtension
    static final TestDatabase DATABASE = TestDatabase.postgres();

    @Override
    Database db() {
        return DATABASE.database();
    }

    @Override
    Database reopen() {
        return DATABASE.reopen();
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
