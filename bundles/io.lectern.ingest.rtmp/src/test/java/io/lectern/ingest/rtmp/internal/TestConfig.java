package io.lectern.ingest.rtmp.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** A {@link RtmpIngest.Config} with the defaults, some of them replaced. */
final class TestConfig {

    private TestConfig() {
    }

    static RtmpIngest.Config of(Map<String, Object> values) {
        return (RtmpIngest.Config) Proxy.newProxyInstance(TestConfig.class.getClassLoader(), new Class<?>[] {RtmpIngest.Config.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> RtmpIngest.Config.class;
                    case "toString" -> "Config" + values;
                    case "hashCode" -> values.hashCode();
                    case "equals" -> proxy == args[0];
                    default -> values.getOrDefault(method.getName(), method.getDefaultValue());
                });
    }
}
