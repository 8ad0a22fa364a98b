package io.lectern.api.plugin;

/** A setting that is wrong, and what to do about it. */
public record FieldError(String field, String message) {
}
