package io.lectern.rest.internal;

/** An answer with a status other than 200; {@code body} null means no content. */
record Reply(int status, Object body, String location) {

    static Reply created(Object body, String location) {
        return new Reply(201, body, location);
    }

    static Reply noContent() {
        return new Reply(204, null, null);
    }
}
