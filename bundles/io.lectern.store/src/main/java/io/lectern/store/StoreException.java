package io.lectern.store;

/** A store call that could not be done; {@link #reason()} says how a caller should answer. */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why the call failed. */
    public enum Reason {
        /** The name (or id) is taken already. */
        CONFLICT,
        /** Nothing has that name. */
        NOT_FOUND,
        /** The values given break a rule; the message says which. */
        INVALID,
        /** The database cannot be reached. */
        UNAVAILABLE
    }

    private final Reason reason;

    public StoreException(Reason reason, String message) {
        this(reason, message, null);
    }

    public StoreException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
