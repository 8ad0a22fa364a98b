package io.lectern.store;

/** A new (or re-keyed) stream with its key in clear: the only time the key is shown. */
public record CreatedStream(StoredStream stream, String key) {
}
