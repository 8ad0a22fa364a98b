package io.lectern.rest.internal;

import java.util.Map;

/** Ends a request with an error answer: {@code {"error": code, "message": message, "fields": {…}}}. */
final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient Map<String, String> fields;

    ApiException(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    ApiException(int status, String code, String message, Map<String, String> fields) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.fields = Map.copyOf(fields);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, "not-found", message);
    }

    static ApiException invalid(Map<String, String> fields) {
        String message = fields.size() == 1 ? fields.values().iterator().next() : "Some values are not right; see the fields.";
        return new ApiException(400, "invalid", message, fields);
    }

    static ApiException invalid(String field, String message) {
        return invalid(Map.of(field, message));
    }

    static ApiException unavailable(String message) {
        return new ApiException(503, "unavailable", message);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    Map<String, String> fields() {
        return fields;
    }
}
