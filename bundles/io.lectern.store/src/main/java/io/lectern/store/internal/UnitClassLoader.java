package io.lectern.store.internal;

import java.net.URL;

import org.eclipse.persistence.jpa.PersistenceProvider;

/**
 * The persistence unit's class loader: this bundle's classes first, then EclipseLink's. EclipseLink
 * loads some of its own classes (e.g. {@code IndirectList}) through the unit's loader, which inside
 * OSGi cannot see them unless this bundle imported every such package.
 */
final class UnitClassLoader extends ClassLoader {

    private final ClassLoader eclipseLink = PersistenceProvider.class.getClassLoader();

    UnitClassLoader() {
        super(UnitClassLoader.class.getClassLoader());
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        return eclipseLink.loadClass(name);
    }

    @Override
    protected URL findResource(String name) {
        return eclipseLink.getResource(name);
    }
}
