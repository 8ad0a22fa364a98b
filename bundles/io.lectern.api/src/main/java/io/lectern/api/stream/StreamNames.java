package io.lectern.api.stream;

/**
 * Stream names are slugs: they appear in URLs and folder names, so they can never hold a path
 * separator, a dot-dot, or anything URL-encoding could turn into one.
 */
public final class StreamNames {

    /** The longest name. */
    static final int MAX_LENGTH = 64;

    private StreamNames() {
    }

    /**
     * 1-64 lower-case letters, digits and '-', starting and ending with a letter or digit. Checked by
     * hand rather than with a regular expression: every request for a stream's media asks this.
     */
    public static boolean isValid(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
            return false;
        }
        int last = name.length() - 1;
        for (int i = 0; i <= last; i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' && i > 0 && i < last)) {
                return false;
            }
        }
        return true;
    }

    /** Returns {@code name} or throws with a message a person can act on. */
    public static String require(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("a stream name uses 1-64 lower-case letters, digits and '-', and starts and ends with a letter or digit");
        }
        return name;
    }
}
