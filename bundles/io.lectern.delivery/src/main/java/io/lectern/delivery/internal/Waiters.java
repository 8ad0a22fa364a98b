package io.lectern.delivery.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Requests waiting for a stage that completes later, kept by stage. A blocking LL-HLS reload waits
 * for the next part, and every viewer at the live edge waits for the same one: when it comes, they
 * are answered from the thread pool in one task per core (of at least {@value #BATCH} answers),
 * rather than a task (a thread woken) and a timer per viewer, which with thousands of viewers cost
 * more than the answers. Their time limits are checked by one sweep every {@value #SWEEP_MILLIS} ms, only while
 * requests wait. A stage must complete in the end (the packagers' do, after three target durations
 * at the latest): its entry is removed then.
 */
final class Waiters<T> {

    static final int BATCH = 100;
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    static final long SWEEP_MILLIS = 250;

    /** One waiting request; answered once, by whoever sets it first. */
    private static final class Waiter<T> extends AtomicBoolean {
        final Consumer<CompletableFuture<T>> answer;
        final long deadline;

        Waiter(Consumer<CompletableFuture<T>> answer, long deadline) {
            this.answer = answer;
            this.deadline = deadline;
        }
    }

    private final ConcurrentHashMap<CompletableFuture<T>, Queue<Waiter<T>>> waiting = new ConcurrentHashMap<>();
    private final AtomicBoolean sweepPlanned = new AtomicBoolean();

    /**
     * Runs {@code answer} on {@code executor} with {@code stage} once it completes, or with a stage
     * failed with {@link TimeoutException} after about {@code timeoutMillis}. Never completes {@code stage}.
     */
    void await(CompletableFuture<T> stage, long timeoutMillis, Executor executor, Scheduler scheduler, Consumer<CompletableFuture<T>> answer) {
        Waiter<T> w = new Waiter<>(answer, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
        Queue<Waiter<T>> q = waiting.get(stage);
        if (q == null) {
            Queue<Waiter<T>> fresh = new ConcurrentLinkedQueue<>();
            q = waiting.putIfAbsent(stage, fresh);
            if (q == null) {
                q = fresh;
                stage.whenComplete((v, e) -> release(stage, executor));
            }
        }
        q.add(w);
        // Completed while this was added, its waiters perhaps taken already: this one is answered here.
        if (stage.isDone() && w.compareAndSet(false, true)) {
            q.remove(w);
            executor.execute(() -> answer.accept(stage));
            return;
        }
        planSweep(scheduler, executor);
    }

    /** How many requests wait now. */
    int size() {
        return waiting.values().stream().mapToInt(Queue::size).sum();
    }

    private void release(CompletableFuture<T> stage, Executor executor) {
        Queue<Waiter<T>> q = waiting.remove(stage);
        if (q == null) {
            return;
        }
        List<Waiter<T>> all = new ArrayList<>();
        for (Waiter<T> w; (w = q.poll()) != null;) {
            if (w.compareAndSet(false, true)) {
                all.add(w);
            }
        }
        // One task per core (at least BATCH answers each): more threads would only take turns on the cores.
        int per = Math.max(BATCH, (all.size() + CORES - 1) / CORES);
        for (int i = 0; i < all.size(); i += per) {
            run(all.subList(i, Math.min(all.size(), i + per)), stage, executor);
        }
    }

    private void run(List<Waiter<T>> batch, CompletableFuture<T> stage, Executor executor) {
        if (!batch.isEmpty()) {
            executor.execute(() -> batch.forEach(w -> w.answer.accept(stage)));
        }
    }

    private void planSweep(Scheduler scheduler, Executor executor) {
        if (sweepPlanned.compareAndSet(false, true)) {
            scheduler.schedule(() -> sweep(scheduler, executor), SWEEP_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void sweep(Scheduler scheduler, Executor executor) {
        long now = System.nanoTime();
        List<Waiter<T>> late = new ArrayList<>();
        for (Queue<Waiter<T>> q : waiting.values()) {
            for (Iterator<Waiter<T>> i = q.iterator(); i.hasNext();) {
                Waiter<T> w = i.next();
                if (now - w.deadline >= 0 && w.compareAndSet(false, true)) {
                    i.remove();
                    late.add(w);
                }
            }
        }
        sweepPlanned.set(false);
        if (!late.isEmpty()) {
            CompletableFuture<T> timedOut = CompletableFuture.failedFuture(new TimeoutException());
            run(late, timedOut, executor);
        }
        if (!waiting.isEmpty()) {
            planSweep(scheduler, executor);
        }
    }
}
