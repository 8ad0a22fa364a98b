package io.lectern.delivery.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WaitersTest {

    private final Waiters<String> waiters = new Waiters<>();
    private final ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler();
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    /** Tasks handed to the pool. */
    private final AtomicInteger tasks = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        scheduler.start();
    }

    @AfterEach
    void stop() throws Exception {
        pool.shutdownNow();
        scheduler.stop();
    }

    private void await(CompletableFuture<String> stage, long timeoutMillis, List<String> answers, CountDownLatch done) {
        waiters.await(stage, timeoutMillis, r -> {
            tasks.incrementAndGet();
            pool.execute(r);
        }, scheduler, f -> {
            try {
                answers.add(f.join());
            } catch (CompletionException e) {
                answers.add(e.getCause().getClass().getSimpleName());
            }
            done.countDown();
        });
    }

    @Test
    void thousandsWaitingForOneStageAreAnsweredOnceEachInOneTaskPerCore() throws Exception {
        CompletableFuture<String> part = new CompletableFuture<>();
        List<String> answers = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(5000);
        for (int i = 0; i < 5000; i++) {
            await(part, 30_000, answers, done);
        }
        assertEquals(5000, waiters.size());
        assertEquals(0, tasks.get());
        part.complete("playlist");
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(5000, answers.size());
        assertTrue(answers.stream().allMatch("playlist"::equals));
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(Math.min(cores, 5000 / Waiters.BATCH), tasks.get(), "one task per core");
        assertEquals(0, waiters.size());
    }

    @Test
    void aRequestForAStageCompletedMeanwhileIsAnsweredAtOnce() throws Exception {
        CompletableFuture<String> part = CompletableFuture.completedFuture("playlist");
        List<String> answers = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        await(part, 30_000, answers, done);
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("playlist"), answers);
    }

    @Test
    void requestsThatWaitTooLongGetATimeoutOnceAndNothingMore() throws Exception {
        CompletableFuture<String> never = new CompletableFuture<>();
        List<String> answers = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(3);
        long start = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            await(never, 300, answers, done);
        }
        assertTrue(done.await(5, TimeUnit.SECONDS));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(waited >= 300 && waited < 300 + 3 * Waiters.SWEEP_MILLIS, "answered after " + waited + " ms");
        assertEquals(List.of("TimeoutException", "TimeoutException", "TimeoutException"), answers);
        // Completed later: nobody is answered twice.
        never.complete("late");
        Thread.sleep(100);
        assertEquals(3, answers.size());
    }

    @Test
    void racingCompletionAnswersEveryRequestExactlyOnce() throws Exception {
        for (int round = 0; round < 200; round++) {
            CompletableFuture<String> part = new CompletableFuture<>();
            ConcurrentHashMap<Integer, AtomicInteger> answered = new ConcurrentHashMap<>();
            CountDownLatch done = new CountDownLatch(50);
            CountDownLatch go = new CountDownLatch(1);
            Thread adder = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 50; i++) {
                    int id = i;
                    waiters.await(part, 30_000, pool, scheduler, f -> {
                        answered.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                        done.countDown();
                    });
                }
            });
            adder.start();
            go.countDown();
            part.complete("playlist");
            assertTrue(done.await(5, TimeUnit.SECONDS), "round " + round);
            adder.join();
            Thread.sleep(1);
            assertEquals(50, answered.size());
            assertTrue(answered.values().stream().allMatch(n -> n.get() == 1), "round " + round + ": " + answered);
        }
    }
}
