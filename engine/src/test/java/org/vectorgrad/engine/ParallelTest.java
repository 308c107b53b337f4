package org.vectorgrad.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The worker pool: every index run exactly once, failures surface, concurrent callers and resizing never hang. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ParallelTest {
    private final int threads = Parallel.threads();

    @AfterEach
    void restore() {
        Parallel.setThreads(threads);
    }

    /** Runs range over [0, n) with grain 1 and counts how often each index ran. */
    private static AtomicLongArray countRuns(int n) {
        AtomicLongArray seen = new AtomicLongArray(n);
        Parallel.range(n, 1, (s, e) -> {
            for (long i = s; i < e; i++) {
                seen.incrementAndGet((int) i);
            }
        });
        return seen;
    }

    @Test
    void everyIndexRunsOnceOnTheWorkersAndTheCaller() {
        Parallel.setThreads(3);
        for (int round = 0; round < 2_000; round++) {
            AtomicLongArray seen = countRuns(round % 97);
            for (int i = 0; i < seen.length(); i++) {
                assertEquals(1, seen.get(i), "index " + i + " of " + seen.length());
            }
        }
    }

    @Test
    void balancedChunksCoverEveryIndexOnceWhoeverTakesThem() {
        Parallel.setThreads(3);
        for (int round = 0; round < 2_000; round++) {
            int n = round % 97;
            AtomicLongArray seen = new AtomicLongArray(n);
            Parallel.balanced(n, 1, (s, e) -> {
                for (long i = s; i < e; i++) {
                    seen.incrementAndGet((int) i);
                }
            });
            for (int i = 0; i < n; i++) {
                assertEquals(1, seen.get(i), "index " + i + " of " + n);
            }
        }
    }

    @Test
    void aSlowThreadLeavesTheRestOfTheBalancedChunksToTheOthers() {
        Parallel.setThreads(2);
        // 8 chunks of 1: the thread running chunk 0 sleeps, so the other takes all the rest
        java.util.concurrent.ConcurrentHashMap<Long, String> ranBy = new java.util.concurrent.ConcurrentHashMap<>();
        Parallel.balanced(8, 1, (s, e) -> {
            for (long i = s; i < e; i++) {
                ranBy.put(i, Thread.currentThread().getName());
            }
            if (s == 0) {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        assertEquals(8, ranBy.size());
        String slow = ranBy.get(0L);
        assertEquals(1, ranBy.values().stream().filter(slow::equals).count(), "the slow thread ran one chunk: " + ranBy);
    }

    @Test
    void aFailingChunkFailsTheCallAndThePoolKeepsWorking() {
        Parallel.setThreads(2);
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Parallel.range(10, 1, (s, e) -> {
            if (s > 0) {
                throw boom; // the worker's chunk
            }
        }));
        assertSame(boom, thrown);
        AtomicLongArray seen = countRuns(50);
        assertEquals(50, java.util.stream.IntStream.range(0, 50).mapToLong(seen::get).sum());
    }

    @Test
    void concurrentCallersAndResizingNeverHang() throws Exception {
        Parallel.setThreads(2);
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try {
            Future<?>[] runs = new Future[3];
            for (int c = 0; c < runs.length; c++) {
                runs[c] = callers.submit(() -> {
                    for (int round = 0; round < 3_000; round++) {
                        AtomicLongArray seen = countRuns(64);
                        for (int i = 0; i < 64; i++) {
                            assertEquals(1, seen.get(i));
                        }
                    }
                });
            }
            for (int k = 0; k < 50; k++) {
                Parallel.setThreads(1 + k % 3);
                Thread.sleep(1);
            }
            for (Future<?> f : runs) {
                f.get(50, TimeUnit.SECONDS);
            }
        } finally {
            callers.shutdownNow();
        }
    }
}
