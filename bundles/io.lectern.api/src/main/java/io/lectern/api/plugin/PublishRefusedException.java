package io.lectern.api.plugin;

/** A publisher may not publish; the message says why in words fit to send back to it. */
public class PublishRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    public enum Reason { UNKNOWN_KEY, DISABLED, WRONG_PROTOCOL, BUSY, UNAVAILABLE }

    private final Reason reason;

    public PublishRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
