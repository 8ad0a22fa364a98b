package io.lectern.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLNonTransientConnectionException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import javax.sql.DataSource;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.OptimisticLockException;

import org.eclipse.persistence.config.PersistenceUnitProperties;
import org.eclipse.persistence.jpa.PersistenceProvider;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.lectern.store.StoreException;
import io.lectern.store.StoreException.Reason;

/**
 * The open database: a connection pool, the migrated schema and the EntityManagerFactory. Immediate,
 * so the schema is migrated at start and a bad configuration shows in the log at once; when it
 * fails, the stores that need it never register.
 */
@Component(name = "io.lectern.store", configurationPid = "io.lectern.store", service = Database.class, immediate = true)
@Designate(ocd = StoreConfig.class)
public final class Database {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final AtomicInteger SESSIONS = new AtomicInteger();

    private final DatabaseTarget target;
    private final HikariDataSource pool;
    private final EntityManagerFactory factory;

    @Activate
    public Database(StoreConfig config, BundleContext context) {
        this(target(config, context.getProperty("lectern.data")));
    }

    Database(DatabaseTarget target) {
        this.target = target;
        LOG.info("Lectern store uses {}", target.describe());
        HikariDataSource ds = null;
        try {
            ds = pool(target);
            try (Connection c = ds.getConnection()) {
                Migrations migrations = new Migrations(Database.class.getClassLoader(), "db/migration", Migrations.STORE_SCRIPTS,
                        target.dialect());
                int applied = migrations.migrate(c);
                LOG.info("Database schema at version {} ({} migration(s) applied now)", migrations.latest(), applied);
            }
            EntityManagerFactory emf = new PersistenceProvider().createContainerEntityManagerFactory(new LecternUnit(ds),
                    properties(target));
            // Deploys the mappings now, so a mapping error fails the start instead of the first call.
            emf.createEntityManager().close();
            this.factory = emf;
            this.pool = ds;
        } catch (SQLException | RuntimeException e) {
            if (ds != null) {
                ds.close();
            }
            LOG.error("Lectern store not started: {} ({})", e.getMessage(), target.describe());
            throw new IllegalStateException("cannot open " + target.describe() + ": " + e.getMessage(), e);
        }
    }

    private static DatabaseTarget target(StoreConfig config, String frameworkData) {
        try {
            return DatabaseTarget.resolve(config.url(), config.user(), config.password(), config.dataFolder(), frameworkData,
                    System.getenv());
        } catch (IllegalArgumentException e) {
            LOG.error("Lectern store not started: {}", e.getMessage());
            throw e;
        }
    }

    private static HikariDataSource pool(DatabaseTarget target) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("lectern-store");
        config.setDataSource(new DriverDataSource(target.dialect().driver(), target.url(), target.user(), target.password()));
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(1);
        // A call waits at most this long for a connection, then fails as UNAVAILABLE.
        config.setConnectionTimeout(5_000);
        return new HikariDataSource(config);
    }

    private static Map<String, Object> properties(DatabaseTarget target) {
        Map<String, Object> p = new HashMap<>();
        p.put(PersistenceUnitProperties.WEAVING, "false");
        // EclipseLink shares one session among factories of the same name: each Database needs its
        // own, or a reopened or reconfigured store would keep talking to the old database.
        p.put(PersistenceUnitProperties.SESSION_NAME, "lectern-store-" + SESSIONS.incrementAndGet());
        p.put(PersistenceUnitProperties.TARGET_DATABASE, target.dialect().platformClass());
        // The migrations own the schema.
        p.put(PersistenceUnitProperties.DDL_GENERATION, PersistenceUnitProperties.NONE);
        p.put(PersistenceUnitProperties.SESSION_CUSTOMIZER, FailFastCustomizer.class.getName());
        p.put(PersistenceUnitProperties.LOGGING_LOGGER, Slf4jSessionLog.class.getName());
        p.put(PersistenceUnitProperties.LOGGING_LEVEL, "WARNING");
        // Bound values include key and password hashes: keep them out of logs and messages.
        p.put(PersistenceUnitProperties.LOGGING_PARAMETERS, "false");
        // Statistics arrive in batches of one row per live stream: send each batch's inserts together.
        p.put(PersistenceUnitProperties.BATCH_WRITING, "JDBC");
        p.put(PersistenceUnitProperties.BATCH_WRITING_SIZE, "100");
        return p;
    }

    @Deactivate
    void close() {
        try {
            factory.close();
        } finally {
            pool.close();
        }
        LOG.info("Lectern store closed {}", target.describe());
    }

    DatabaseTarget target() {
        return target;
    }

    DataSource dataSource() {
        return pool;
    }

    /** Runs {@code work} in one transaction; every failure leaves as a {@link StoreException}. */
    <T> T inTransaction(Function<EntityManager, T> work) {
        EntityManager em = null;
        EntityTransaction tx = null;
        try {
            em = factory.createEntityManager();
            tx = em.getTransaction();
            tx.begin();
            T result = work.apply(em);
            tx.commit();
            return result;
        } catch (StoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw translate(e);
        } finally {
            if (tx != null && tx.isActive()) {
                try {
                    tx.rollback();
                } catch (RuntimeException e) {
                    LOG.debug("Rollback failed", e);
                }
            }
            if (em != null) {
                em.close();
            }
        }
    }

    private StoreException translate(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OptimisticLockException) {
                return new StoreException(Reason.CONFLICT, "it was changed at the same time by another request; try again", e);
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState() == null ? "" : sql.getSQLState();
                if (state.equals("23505")) {
                    return new StoreException(Reason.CONFLICT, "it exists already", e);
                }
                if (state.startsWith("23")) {
                    return new StoreException(Reason.INVALID, "the values break a database rule", e);
                }
                if (state.startsWith("08") || sql instanceof SQLTransientConnectionException
                        || sql instanceof SQLNonTransientConnectionException) {
                    LOG.warn("Database unavailable ({}): {}", target.describe(), sql.getMessage());
                    return new StoreException(Reason.UNAVAILABLE, "the database cannot be reached", e);
                }
            }
        }
        LOG.warn("Database call failed ({})", target.describe(), e);
        return new StoreException(Reason.UNAVAILABLE, "the database call failed: " + e.getMessage(), e);
    }
}
