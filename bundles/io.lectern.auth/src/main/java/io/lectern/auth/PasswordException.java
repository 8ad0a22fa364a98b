package io.lectern.auth;

/** A password that cannot be used or does not match; {@link #field()} names the input at fault. */
public class PasswordException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public PasswordException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
