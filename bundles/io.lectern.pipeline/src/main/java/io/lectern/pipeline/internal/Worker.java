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
 */
final class Worker<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    /** Put in the queue to wake the thread for a stop; never handed to the handler. */
    private static final Object STOP = new Object();

    private final String name;
    private final BlockingQueue<Object> queue;
    private final Consumer<T> handler;
    private final Consumer<T> onDrop;
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

    /** Queues an item; false (and the item dropped) when the stage is behind or stopped. */
    boolean offer(T item) {
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
        return queue.size();
    }

    @SuppressWarnings("unchecked")
    private void loop() {
        try {
            while (running) {
                Object item = queue.take();
                if (item == STOP) {
                    break;
                }
                try {
                    handler.accept((T) item);
                    handled.incrementAndGet();
                } catch (RuntimeException e) {
                    LOG.warn("{}: {}", name, e.toString(), e);
                }
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
