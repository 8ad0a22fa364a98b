package io.lectern.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.lectern.api.profile.LatencyMode;
import io.lectern.api.stream.StreamDefinition;
import io.lectern.store.StoreException;
import io.lectern.store.StoreException.Reason;

/** The contract on an embedded H2 file database in a temporary folder. */
class H2StoreTest extends StoreContract {

    @RegisterExtension
    static final TestDatabase DATABASE = TestDatabase.h2();

    @Override
    Database db() {
        return DATABASE.database();
    }

    @Override
    Database reopen() {
        return DATABASE.reopen();
    }

    @Test
    void closedDatabaseIsUnavailable() {
        Database other = new Database(TestDatabase.h2Target(DATABASE.folder().resolve("other")));
        other.close();
        StoreException e = assertThrows(StoreException.class,
                () -> new JpaStreamStore(other, secrets).create(StreamDefinition.simple("maths", "rtmp", LatencyMode.TUTORIAL, null), ""));
        assertEquals(Reason.UNAVAILABLE, e.reason());
    }
}
