package io.lectern.ingest.rtmp.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;

/**
 * Reads from a socket at most about once per interval, taking everything that arrived meanwhile.
 * A publisher sends each audio and video packet (and often each chunk header) on its own, so reading
 * as data arrives wakes the connection's thread 100 to 200 times a second; each wake-up costs far
 * more CPU than the bytes it brings (tens of microseconds on a virtual machine). Waiting for the rest
 * of the interval when nothing is there yet makes it one wake-up per interval, for at most one
 * interval of delay. Data already waiting is read at once.
 *
 * <p>"Waiting" is asked of the socket too, not only of the stream read: over TLS the stream hands out
 * one record per read and reports nothing available between records, while the next ones already
 * sit in the socket. Asking only the stream would take one record per interval and fall behind.
 */
final class PacedInputStream extends FilterInputStream {

    private final InputStream socket;
    private volatile long intervalNanos;
    private long lastRead = System.nanoTime();

    /**
     * @param in     what to read (the socket's stream, or the TLS stream over it)
     * @param socket the plain socket's own stream, asked whether bytes are waiting
     */
    PacedInputStream(InputStream in, InputStream socket) {
        super(in);
        this.socket = socket;
    }

    /** Starts pacing reads at this interval; 0 reads as data arrives. */
    void pace(int millis) {
        intervalNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis));
    }

    @Override
    public int read() throws IOException {
        waitForTurn();
        int b = super.read();
        lastRead = System.nanoTime();
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        waitForTurn();
        int n = super.read(b, off, len);
        lastRead = System.nanoTime();
        return n;
    }

    private void waitForTurn() throws IOException {
        long interval = intervalNanos;
        if (interval == 0) {
            return;
        }
        long wait = lastRead + interval - System.nanoTime();
        if (wait <= 0 || in.available() > 0 || socket.available() > 0) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to read");
        }
    }
}
