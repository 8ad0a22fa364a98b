package io.lectern.api.stream;

import java.util.regex.Pattern;

/**
 * Stream names are slugs: they appear in URLs and folder names, so they can never hold a path
 * separator, a dot-dot, or anything URL-encoding could turn into one.
 */
public final class StreamNames {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");

    private StreamNames() {
    }

    public static boolean isValid(String name) {
        return name != null && SLUG.matcher(name).matches();
    }

    /** Returns {@code name} or throws with a message a person can act on. */
    public static String require(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("a stream name uses 1-64 lower-case letters, digits and '-', and starts and ends with a letter or digit");
        }
        return name;
    }
}
