package org.vectorgrad.engine;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;

/**
 * The one persistent thread pool kernels split large work across. Small work stays on the calling thread.
 *
 * <p>The number of threads defaults to the available processors and can be set with the system property
 * {@code vectorgrad.threads} or {@link #setThreads(int)}. Results never depend on it: kernels split work so that
 * every output element is computed by exactly one thread with the same arithmetic as the serial path.
 */
public final class Parallel {
    /** A task over the half-open range {@code [start, end)} of some index space. */
    @FunctionalInterface
    public interface RangeTask {
        void run(long start, long end);
    }

    private static volatile int threads = Integer.getInteger("vectorgrad.threads",
            Runtime.getRuntime().availableProcessors());
    private static volatile ExecutorService pool;

    private Parallel() {
    }

    /** Number of threads large kernels use (the caller's thread included). */
    public static int threads() {
        return threads;
    }

    /** Sets the number of threads large kernels use (at least 1). */
    public static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("number of threads must be positive, got " + n);
        }
        threads = n;
        if (pool != null) {
            pool.shutdown();
            pool = null;
        }
    }

    private static synchronized ExecutorService pool() {
        if (pool == null) {
            pool = Executors.newFixedThreadPool(Math.max(1, threads - 1), r -> {
                Thread t = new Thread(r, "vectorgrad-worker");
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    /**
     * Runs {@code task} over {@code [0, total)}, split into contiguous chunks when there is at least
     * {@code grain} work per thread; otherwise on the calling thread.
     */
    public static void range(long total, long grain, RangeTask task) {
        int n = (int) Math.min(threads, total / Math.max(grain, 1));
        if (n <= 1 || Thread.currentThread().getName().equals("vectorgrad-worker")) {
            if (total > 0) {
                task.run(0, total);
            }
            return;
        }
        ExecutorService executor = pool();
        @SuppressWarnings("unchecked")
        Future<?>[] futures = new Future[n - 1];
        long chunk = (total + n - 1) / n;
        for (int i = 1; i < n; i++) {
            long start = Math.min(total, i * chunk);
            long end = Math.min(total, start + chunk);
            futures[i - 1] = executor.submit(() -> task.run(start, end));
        }
        Throwable failure = null;
        try {
            task.run(0, Math.min(total, chunk));
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = e;
            }
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }
}
