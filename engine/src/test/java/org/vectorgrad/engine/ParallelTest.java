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
