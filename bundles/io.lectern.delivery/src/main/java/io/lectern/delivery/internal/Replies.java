package io.lectern.delivery.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the answers to waiting requests on at most one thread per core. A new LL-HLS part completes
 * the requests of every viewer waiting for it at once; one task each would wake a pool thread per
 * viewer and grow the pool to hundreds of threads taking turns on a few cores. Writing an answer
 * does not block (the web server finishes it when the socket takes it), so a few threads keep up.
 */
final class Replies {

    private static final Logger LOG = LoggerFactory.getLogger(Replies.class);

    private final Queue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger running = new AtomicInteger();
    private final int most;

    Replies(int most) {
        this.most = Math.max(1, most);
    }

    /** Runs {@code reply} soon on one of the threads {@code executor} lends. */
    void submit(Executor executor, Runnable reply) {
        pending.add(reply);
        start(executor);
    }

    private void start(Executor executor) {
        while (true) {
            int now = running.get();
            if (now >= most) {
                return;
            }
            if (running.compareAndSet(now, now + 1)) {
                executor.execute(() -> drain(executor));
                return;
            }
        }
    }

    private void drain(Executor executor) {
        Runnable r;
        while ((r = pending.poll()) != null) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("an answer failed: {}", e.toString());
            }
        }
        running.decrementAndGet();
        // Added after the last poll by a request that found every drainer busy: take it up.
        if (!pending.isEmpty()) {
            start(executor);
        }
    }
}
