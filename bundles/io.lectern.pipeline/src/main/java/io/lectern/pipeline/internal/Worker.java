package io.lectern.pipeline.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pipeline stage: its own thread behind a bounded queue. Producers never block: when the queue is
 * full the item is dropped (and handed to {@code onDrop} so frames can be released), so a slow stage
 * never stalls the stages beside it.
 * <p>
 * A stage whose work is a few microseconds (remuxing a packet into a segment) runs {@link #inline}
 * instead, on the producer's thread: waking a thread per packet costs far more than the work itself
 * (tens of microseconds of CPU per hand-off on a virtual machine).
 */
final class Worker<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    /** Put in the queue to wake the thread for a stop; never handed to the handler. */
    private static final Object STOP = new Object();

    private final String name;
    private final BlockingQueue<Object> queue;
    private final Consumer<T> handler;
    private final Consumer<T> onDrop;
    /** Null for an inline stage. */
    private final Thread thread;
    private final AtomicLong handled = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean running = true;

    Worker(String name, int capacity, Consumer<T> handler, Consumer<T> onDrop) {
        this.name = name;
        this.queue = new ArrayBlockingQueue<>(capacity + 1); // +1 keeps room for STOP
        this.handler = handler;
        this.onDrop = onDrop;
        this.thread = new Thread(this::loop, "lectern-" + name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private Worker(String name, Consumer<T> handler, Consumer<T> onDrop) {
        this.name = name;
        this.queue = null;
        this.handler = handler;
        this.onDrop = onDrop;
        this.thread = null;
    }

    /** A stage without a thread of its own: each item is handled during {@link #offer}, one at a time. */
    static <T> Worker<T> inline(String name, Consumer<T> handler, Consumer<T> onDrop) {
        return new Worker<>(name, handler, onDrop);
    }

    /** Queues an item (inline: handles it); false (and the item dropped) when the stage is behind or stopped. */
    boolean offer(T item) {
        if (thread == null) {
            return handleInline(item);
        }
        if (running && queue.remainingCapacity() > 1 && queue.offer(item)) {
            return true;
        }
        dropped.incrementAndGet();
        onDrop.accept(item);
        return false;
    }

    long handled() {
        return handled.get();
    }

    long dropped() {
        return dropped.get();
    }

    int backlog() {
        return queue == null ? 0 : queue.size();
    }

    private synchronized boolean handleInline(T item) {
        if (!running) {
            dropped.incrementAndGet();
            onDrop.accept(item);
            return false;
        }
        handle(item);
        return true;
    }

    private void handle(T item) {
        try {
            handler.accept(item);
            handled.incrementAndGet();
        } catch (RuntimeException e) {
            LOG.warn("{}: {}", name, e.toString(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private void loop() {
        try {
            while (running) {
                Object item = queue.take();
                if (item == STOP) {
                    break;
                }
                handle((T) item);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            drain();
        }
    }

    @SuppressWarnings("unchecked")
    private void drain() {
        Object item;
        while ((item = queue.poll()) != null) {
            if (item != STOP) {
                onDrop.accept((T) item);
            }
        }
    }

    /** Stops the thread after the item in hand; queued items are dropped. Waits up to 5 s. */
    @Override
    public void close() {
        running = false;
        if (thread == null) {
            // Waits for an item being handled on another thread.
            synchronized (this) {
                return;
            }
        }
        queue.offer(STOP);
        if (Thread.currentThread() != thread) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
                if (thread.isAlive()) {
                    thread.interrupt();
                    thread.join(1000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        drain();
    }
}
