package io.lectern.store.internal;

import java.sql.Driver;
import java.util.Locale;

import org.eclipse.persistence.platform.database.DatabasePlatform;
import org.eclipse.persistence.platform.database.H2Platform;
import org.eclipse.persistence.platform.database.PostgreSQLPlatform;

/** The databases the store supports, chosen by the JDBC URL's scheme. */
enum Dialect {
    H2("h2", "jdbc:h2:", H2Platform.class) {
        @Override
        Driver driver() {
            return new org.h2.Driver();
        }
    },
    POSTGRESQL("postgresql", "jdbc:postgresql:", PostgreSQLPlatform.class) {
        @Override
        Driver driver() {
            return new org.postgresql.Driver();
        }
    };

    private final String id;
    private final String prefix;
    private final Class<? extends DatabasePlatform> platform;

    Dialect(String id, String prefix, Class<? extends DatabasePlatform> platform) {
        this.id = id;
        this.prefix = prefix;
        this.platform = platform;
    }

    /** Names migration script variants, e.g. {@code V1__streams.postgresql.sql}. */
    String id() {
        return id;
    }

    /** The EclipseLink platform; named by class so the bundle imports its package. */
    String platformClass() {
        return platform.getName();
    }

    /**
     * A new driver instance. The store never asks DriverManager: inside OSGi its service loading
     * does not see drivers in other bundles.
     */
    abstract Driver driver();

    static Dialect of(String url) {
        String lower = url == null ? "" : url.toLowerCase(Locale.ROOT);
        for (Dialect d : values()) {
            if (lower.startsWith(d.prefix)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unsupported database URL '" + DatabaseTarget.safe(url)
                + "': use jdbc:h2:… or jdbc:postgresql:…");
    }
}
