package org.vectorgrad.engine;

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
    private static volatile WorkerPool pool;

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

    private static synchronized WorkerPool pool() {
        if (pool == null) {
            pool = new WorkerPool(Math.max(1, threads - 1));
        }
        return pool;
    }

    /**
     * Runs {@code task} over {@code [0, total)}, split into contiguous chunks when there is at least
     * {@code grain} work per thread; otherwise (or when the pool is busy with another thread's work) on the calling
     * thread.
     */
    public static void range(long total, long grain, RangeTask task) {
        run(total, (int) Math.min(threads, total / Math.max(grain, 1)), 0, task);
    }

    /**
     * As {@link #range}, but in about four chunks per thread, each thread taking the next chunk not yet taken until
     * none is left: for work whose parts take uneven time on a shared machine (a thread started late, a core taken
     * by another process, one thread's data cold in its cache), where a static split waits for the slowest thread.
     * The task must not depend on which thread runs a range, nor on where ranges start and end.
     */
    public static void balanced(long total, long grain, RangeTask task) {
        int n = (int) Math.min(threads, total / Math.max(grain, 1));
        run(total, n, Math.max(1, total / (4L * Math.max(n, 1))), task);
    }

    /** On {@code n} threads at most: chunks of {@code sharedChunk} taken in turn, or with 0 one chunk per thread. */
    private static void run(long total, int n, long sharedChunk, RangeTask task) {
        if (n > 1 && !Thread.currentThread().getName().equals(WorkerPool.THREAD_NAME)) {
            WorkerPool workers = pool();
            n = Math.min(n, workers.size() + 1);
            boolean shared = sharedChunk > 0;
            long chunk = shared ? sharedChunk : (total + n - 1) / n;
            if (workers.tryRun(total, chunk, n, shared, task)) {
                return;
            }
        }
        if (total > 0) {
            task.run(0, total);
        }
    }
}
