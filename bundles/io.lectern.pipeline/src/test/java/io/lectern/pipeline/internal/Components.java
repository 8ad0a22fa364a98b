package io.lectern.pipeline.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;

/**
 * Activates a real plugin component outside OSGi as SCR does for one without configuration: its
 * activate method ({@code configure} or {@code activate}) gets its configuration type with every
 * default value.
 */
final class Components {

    private Components() {
    }

    static <T> T activate(T component) throws ReflectiveOperationException {
        for (Method m : component.getClass().getDeclaredMethods()) {
            if (m.getName().equals("configure") || m.getName().equals("activate")) {
                Object[] args = Arrays.stream(m.getParameterTypes()).map(Components::defaults).toArray();
                m.setAccessible(true);
                m.invoke(component, args);
            }
        }
        return component;
    }

    private static Object defaults(Class<?> type) {
        if (!type.isAnnotation()) {
            throw new IllegalArgumentException("only configuration types can be made up here, not " + type);
        }
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> method.getDefaultValue());
    }
}
