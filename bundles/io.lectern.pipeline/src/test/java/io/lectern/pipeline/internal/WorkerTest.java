package io.lectern.pipeline.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class WorkerTest {

    @Test
    void aStuckStageDropsInsteadOfBlockingItsProducer() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> dropped = new CopyOnWriteArrayList<>();
        List<Integer> handled = new CopyOnWriteArrayList<>();
        Worker<Integer> w = new Worker<>("test-stuck", 4, i -> {
            await(release);
            handled.add(i);
        }, dropped::add);
        long t0 = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            w.offer(i);
        }
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 1000, "offers never wait for the stage");
        assertTrue(dropped.size() >= 100 - 5, "items beyond the buffer are dropped: " + dropped.size());
        assertEquals(dropped.size(), w.dropped());
        release.countDown();
        w.close();
        assertFalse(PipelineThreads.alive("lectern-test-stuck"));
        assertEquals(100, handled.size() + dropped.size(), "every item is either handled or handed back as dropped");
    }

    @Test
    void closeStopsTheThreadAndHandsBackQueuedItems() {
        List<Integer> dropped = new CopyOnWriteArrayList<>();
        Worker<Integer> w = new Worker<>("test-close", 16, i -> sleep(50), dropped::add);
        for (int i = 0; i < 10; i++) {
            w.offer(i);
        }
        w.close();
        assertFalse(PipelineThreads.alive("lectern-test-close"));
        assertTrue(w.handled() + dropped.size() == 10, "handled " + w.handled() + ", dropped " + dropped.size());
        assertFalse(w.offer(99), "a closed stage takes nothing");
    }

    @Test
    void anInlineStageHandlesOnTheCallersThreadOneItemAtATime() throws Exception {
        List<String> threads = new CopyOnWriteArrayList<>();
        List<Integer> dropped = new CopyOnWriteArrayList<>();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Worker<Integer> w = Worker.inline("test-inline", i -> {
            threads.add(Thread.currentThread().getName());
            if (i == 1) {
                inside.countDown();
                await(release);
            }
        }, dropped::add);
        assertTrue(w.offer(0));
        assertEquals(List.of(Thread.currentThread().getName()), threads, "handled during offer, on the caller's thread");
        Thread other = new Thread(() -> w.offer(1), "test-inline-producer");
        other.start();
        assertTrue(inside.await(5, TimeUnit.SECONDS));
        Thread closer = new Thread(w::close, "test-inline-closer");
        closer.start();
        closer.join(200);
        assertTrue(closer.isAlive(), "close waits for the item in hand");
        release.countDown();
        closer.join(5000);
        other.join(5000);
        assertFalse(closer.isAlive());
        assertEquals(2, w.handled());
        assertFalse(w.offer(2), "a closed stage takes nothing");
        assertEquals(List.of(2), dropped);
        assertEquals(1, w.dropped());
    }

    private static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
