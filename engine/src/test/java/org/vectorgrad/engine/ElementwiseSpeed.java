package org.vectorgrad.engine;

/**
 * Ad-hoc timing of the elementwise kernels (not a test, not a benchmark harness: best of several repetitions
 * after warm-up). Run from the repository root after {@code ./mvnw -o -q -pl engine test-compile}:
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -cp engine/target/classes:engine/target/test-classes \
 *     org.vectorgrad.engine.ElementwiseSpeed [elements]
 * }</pre>
 * Prints elements per second for 1 thread and for all threads, on a large (memory-bound) contiguous float32
 * array and on a 16K-element one that stays in L1/L2 (compute-bound).
 */
public final class ElementwiseSpeed {
    private ElementwiseSpeed() {
    }

    private interface Kernel {
        void run();
    }

    private static double best(Kernel k, long elements) {
        long budget = System.nanoTime() + 1_500_000_000L;
        double best = Double.MAX_VALUE;
        int reps = (int) Math.max(1, (1 << 24) / elements);
        for (int round = 0; round < 40 && (round < 5 || System.nanoTime() < budget); round++) {
            long t0 = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                k.run();
            }
            best = Math.min(best, (System.nanoTime() - t0) / (double) reps);
        }
        return elements / best; // elements per ns = G elements per second
    }

    public static void main(String[] args) {
        int big = args.length > 0 ? Integer.parseInt(args[0]) : 4 << 20;
        int all = Parallel.threads();
        System.out.printf("lanes=%d threads=%d%n", jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length(), all);
        for (int n : new int[]{big, 16 << 10}) {
            NDArray a = NDArrays.randn(new Generator(1), DType.FLOAT32, n).keepForever();
            NDArray b = NDArrays.randn(new Generator(2), DType.FLOAT32, n).keepForever();
            NDArray out = NDArrays.empty(n).keepForever();
            for (int threads : new int[]{1, all}) {
                Parallel.setThreads(threads);
                StringBuilder line = new StringBuilder(String.format("n=%-8d threads=%d", n, threads));
                line.append(String.format("  add %.2f", best(() -> Binary.into(BinaryOp.ADD, a, b, out), n)));
                line.append(String.format("  add(alloc) %.2f", best(() -> Binary.add(a, b).close(), n)));
                for (UnaryOp op : new UnaryOp[]{UnaryOp.NEG, UnaryOp.EXP, UnaryOp.TANH, UnaryOp.SIGMOID,
                        UnaryOp.SILU, UnaryOp.GELU, UnaryOp.GELU_TANH, UnaryOp.LOG}) {
                    line.append(String.format("  %s %.2f", op.name().toLowerCase(),
                            best(() -> Unary.into(op, a, out), n)));
                }
                System.out.println(line.append("  (G elements/s)"));
            }
            Parallel.setThreads(all);
        }
    }
}
