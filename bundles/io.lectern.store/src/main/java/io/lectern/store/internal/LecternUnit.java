package io.lectern.store.internal;

import java.net.MalformedURLException;
import java.net.URL;
import java.util.List;
import java.util.Properties;

import javax.sql.DataSource;

import jakarta.persistence.SharedCacheMode;
import jakarta.persistence.ValidationMode;
import jakarta.persistence.spi.ClassTransformer;
import jakarta.persistence.spi.PersistenceUnitInfo;
import jakarta.persistence.spi.PersistenceUnitTransactionType;

import org.eclipse.persistence.jpa.PersistenceProvider;

/**
 * The persistence unit, described in code: inside OSGi nothing scans for persistence.xml, and the
 * entity classes come from this bundle's class loader.
 */
final class LecternUnit implements PersistenceUnitInfo {

    static final List<Class<?>> ENTITIES = List.of(StreamEntity.class, StreamOutputEntity.class, StreamStatsEntity.class,
            AccountEntity.class, ApiTokenEntity.class, RecordingEntity.class);

    private final DataSource dataSource;
    private final ClassLoader loader = new UnitClassLoader();

    LecternUnit(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public String getPersistenceUnitName() {
        return "lectern";
    }

    @Override
    public String getPersistenceProviderClassName() {
        return PersistenceProvider.class.getName();
    }

    @Override
    public PersistenceUnitTransactionType getTransactionType() {
        return PersistenceUnitTransactionType.RESOURCE_LOCAL;
    }

    @Override
    public DataSource getJtaDataSource() {
        return null;
    }

    @Override
    public DataSource getNonJtaDataSource() {
        return dataSource;
    }

    @Override
    public List<String> getMappingFileNames() {
        return List.of();
    }

    @Override
    public List<URL> getJarFileUrls() {
        return List.of();
    }

    /**
     * The root of this bundle (or class folder/jar on a plain class path). EclipseLink names the unit
     * after it and looks there for optional mapping files; there are none.
     */
    @Override
    public URL getPersistenceUnitRootUrl() {
        URL self = LecternUnit.class.getResource(LecternUnit.class.getSimpleName() + ".class");
        try {
            return new URL(self, "../../../../");
        } catch (MalformedURLException e) {
            throw new IllegalStateException("cannot find the bundle root from " + self, e);
        }
    }

    @Override
    public List<String> getManagedClassNames() {
        return ENTITIES.stream().map(Class::getName).toList();
    }

    @Override
    public boolean excludeUnlistedClasses() {
        return true;
    }

    /** No second-level cache: several servers may share a PostgreSQL database. */
    @Override
    public SharedCacheMode getSharedCacheMode() {
        return SharedCacheMode.NONE;
    }

    @Override
    public ValidationMode getValidationMode() {
        return ValidationMode.NONE;
    }

    @Override
    public Properties getProperties() {
        return new Properties();
    }

    @Override
    public String getPersistenceXMLSchemaVersion() {
        return "3.0";
    }

    @Override
    public ClassLoader getClassLoader() {
        return loader;
    }

    /** Weaving is off ({@code eclipselink.weaving=false}), so no transformer is ever used. */
    @Override
    public void addTransformer(ClassTransformer transformer) {
        // Nothing to do, see above.
    }

    @Override
    public ClassLoader getNewTempClassLoader() {
        return getClassLoader();
    }
}
