package io.lectern.auth.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Builds a component configuration annotation: the given values, else the declared defaults. */
public final class TestConfig {

    private TestConfig() {
    }

    public static <A> A of(Class<A> type, Map<String, Object> values) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            if (values.containsKey(method.getName())) {
                return values.get(method.getName());
            }
            if (method.getDefaultValue() != null) {
                return method.getDefaultValue();
            }
            throw new UnsupportedOperationException(method.getName());
        });
        return type.cast(proxy);
    }
}
