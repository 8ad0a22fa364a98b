package io.lectern.delivery.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class RepliesTest {

    @Test
    void everyReplyRunsOnAtMostTheGivenNumberOfThreadsAtOnce() throws Exception {
        Replies replies = new Replies(2);
        ExecutorService pool = Executors.newCachedThreadPool();
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        int count = 20_000;
        CountDownLatch done = new CountDownLatch(count);
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            for (int t = 0; t < 8; t++) {
                senders.execute(() -> {
                    for (int i = 0; i < count / 8; i++) {
                        replies.submit(pool, () -> {
                            most.accumulateAndGet(now.incrementAndGet(), Math::max);
                            now.decrementAndGet();
                            done.countDown();
                        });
                    }
                });
            }
            assertTrue(done.await(30, TimeUnit.SECONDS), done.getCount() + " replies never ran");
            assertTrue(most.get() <= 2, "at most 2 at once, saw " + most.get());
            assertEquals(0, now.get());
        } finally {
            senders.shutdownNow();
            pool.shutdownNow();
        }
    }
}
