package org.vectorgrad.engine;

/**
 * Ad-hoc timing of the reduction kernels, not a test (surefire runs only {@code *Test} classes). Run after
 * {@code ./mvnw -o -q -pl engine test-compile} with
 * {@code java --add-modules jdk.incubator.vector -cp engine/target/classes:engine/target/test-classes
 * org.vectorgrad.engine.ReduceTiming}. Best of many runs after warm-up; JMH benchmarks belong in perf/.
 */
public final class ReduceTiming {
    private ReduceTiming() {
    }

    private static double best(Runnable r, int reps) {
        for (int i = 0; i < reps; i++) {
            r.run();
        }
        long best = Long.MAX_VALUE;
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            r.run();
            best = Math.min(best, System.nanoTime() - t0);
        }
        return best / 1e9;
    }

    public static void main(String[] args) {
        int n = 4 << 20;
        NDArray a = NDArrays.randn(new Generator(1), DType.FLOAT32, n);
        NDArray m = a.view(4096, 1024);
        double bytes = n * 4.0;
        for (int threads : new int[]{1, Runtime.getRuntime().availableProcessors()}) {
            Parallel.setThreads(threads);
            double sum = best(() -> Reduce.sum(a).close(), 200);
            double dim0 = best(() -> Reduce.sum(m, new int[]{0}, false).close(), 50);
            double dim1 = best(() -> Reduce.sum(m, new int[]{1}, false).close(), 50);
            double amax = best(() -> Reduce.amax(m, new int[]{1}, false).close(), 50);
            double lse = best(() -> Reduce.logsumexp(m, new int[]{1}, false).close(), 50);
            double softmax = best(() -> Reduce.softmax(m, 1).close(), 50);
            System.out.printf("%d thread(s): sum of 4M float32 %.0f us = %.1f GB/s; [4096, 1024]: sum dim 0 %.1f GB/s,"
                    + " sum dim 1 %.1f GB/s, amax dim 1 %.1f GB/s, logsumexp dim 1 %.2f ms, softmax dim 1 %.2f ms%n",
                    threads, sum * 1e6, bytes / sum / 1e9, bytes / dim0 / 1e9, bytes / dim1 / 1e9, bytes / amax / 1e9,
                    lse * 1e3, softmax * 1e3);
        }
    }
}
