package io.lectern.store.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.lectern.store}. */
@ObjectClassDefinition(name = "Lectern store",
        description = "Where Lectern keeps streams, statistics and accounts: embedded H2 by default, or PostgreSQL.")
public @interface StoreConfig {

    @AttributeDefinition(name = "JDBC URL",
            description = "jdbc:h2:… or jdbc:postgresql:…. Empty: the LECTERN_DB_URL environment variable, else an embedded H2 database in the data folder.")
    String url() default "";

    @AttributeDefinition(name = "User", description = "Database user (empty: lectern).")
    String user() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD)
    String password() default "";

    @AttributeDefinition(name = "Data folder",
            description = "Holds the embedded database. Empty: the framework property lectern.data, else ./lectern-data.")
    String dataFolder() default "";

    @AttributeDefinition(name = "Statistics retention (days)",
            description = "Once an hour, samples older than an hour are thinned to one a minute, older than a day to one every 10 minutes, and older than this deleted; 0 keeps them forever.", min = "0")
    int statsRetentionDays() default 7;
}
