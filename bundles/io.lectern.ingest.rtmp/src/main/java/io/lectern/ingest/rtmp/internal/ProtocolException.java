package io.lectern.ingest.rtmp.internal;

import java.io.IOException;

/** The publisher sent something that is not valid RTMP; only its connection is closed. */
final class ProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    ProtocolException(String message) {
        super(message);
    }
}
