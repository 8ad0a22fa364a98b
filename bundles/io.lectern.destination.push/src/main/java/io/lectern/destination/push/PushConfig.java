package io.lectern.destination.push;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings every push destination component takes from ConfigAdmin (PID: the component name). */
@ObjectClassDefinition(name = "Lectern push destination", description = "How long a platform may keep a stream waiting")
public @interface PushConfig {

    @AttributeDefinition(name = "Timeout (seconds)", description = "Longest wait for a connection or a write before the destination reconnects", min = "1", max = "120")
    int timeout_seconds() default 10;
}
