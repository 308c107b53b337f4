package org.vectorgrad.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.vectorgrad.engine.ArrayArbitraries.Layout;

/** matmul and friends against an independent naive oracle, on random shapes and every layout. */
class MatMulTest {
    /** 0, 1, primes, and sizes around the 12-row / 32-column micro-tiles of AVX-512 and the 6 x 16 of AVX2. */
    private static final Integer[] DIMS = {0, 1, 2, 3, 5, 6, 7, 11, 12, 13, 16, 17, 23, 31, 32, 33, 37, 47, 48, 49, 64};

    /** A 2-d GEMM case: sizes, the layouts of A and B, the dtype. */
    record Case(int m, int n, int k, Layout la, Layout lb, DType type, long seed) {
        @Override
        public String toString() {
            return m + "x" + k + " @ " + k + "x" + n + " " + la + "/" + lb + " " + type;
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Integer> dims = Arbitraries.of(DIMS);
        Arbitrary<Integer> depth = Arbitraries.oneOf(dims, Arbitraries.of(255, 256, 257, 300));
        Arbitrary<Layout> layouts = Arbitraries.of(Layout.CONTIGUOUS, Layout.TRANSPOSED, Layout.STEP_SLICED,
                Layout.EXPANDED);
        return Combinators.combine(dims, dims, depth, layouts, layouts, Arbitraries.of(DType.FLOAT32, DType.FLOAT64),
                Arbitraries.longs()).as(Case::new).filter(c -> (long) c.m * c.n * c.k <= 150_000);
    }

    @Property(tries = 250)
    void gemmMatchesNaive(@ForAll("cases") Case c) {
        try (MemoryScope scope = MemoryScope.open()) {
            Generator g = new Generator(c.seed);
            NDArray a = ArrayArbitraries.build(new int[]{c.m, c.k}, c.la, g, c.type);
            NDArray b = ArrayArbitraries.build(new int[]{c.k, c.n}, c.lb, g, c.type);
            NaiveMatMul expected = NaiveMatMul.of(a, b, null);
            expected.check(MatMul.matmul(a, b), c.toString());
            expected.check(MatMul.reference(a, b, null), c + " (scalar twin)");
        }
    }

    @Property(tries = 150)
    void addmmAndLinearAddTheBiasInTheStore(@ForAll("cases") Case c, @ForAll("biasShapes") int biasKind) {
        try (MemoryScope scope = MemoryScope.open()) {
            Generator g = new Generator(c.seed);
            NDArray a = ArrayArbitraries.build(new int[]{c.m, c.k}, c.la, g, c.type);
            NDArray w = ArrayArbitraries.build(new int[]{c.n, c.k}, c.lb, g, c.type);
            int[] biasShape = switch (biasKind) {
                case 0 -> new int[]{c.n};
                case 1 -> new int[]{c.m, c.n};
                case 2 -> new int[]{c.m, 1};
                case 3 -> new int[]{1, c.n};
                default -> new int[0];
            };
            NDArray bias = ArrayArbitraries.random(biasShape, g, c.type);
            NDArray wt = w.t();
            NaiveMatMul expected = NaiveMatMul.of(a, wt, bias);
            expected.check(MatMul.linear(a, w, bias), "linear " + c + " bias " + Arrays.toString(biasShape));
            expected.check(MatMul.addmm(bias, a, wt), "addmm " + c + " bias " + Arrays.toString(biasShape));
            expected.check(MatMul.reference(a, wt, bias), "reference " + c);
        }
    }

    @Provide
    Arbitrary<Integer> biasShapes() {
        return Arbitraries.integers().between(0, 4);
    }

    /** Operands of rank 1-4 whose batch dims broadcast. */
    record Batched(int[] a, int[] b, Layout la, Layout lb, DType type, long seed) {
        @Override
        public String toString() {
            return Arrays.toString(a) + " @ " + Arrays.toString(b) + " " + la + "/" + lb + " " + type;
        }
    }

    @Provide
    Arbitrary<Batched> batched() {
        Arbitrary<int[]> batch = Arbitraries.of(1, 2, 3).array(int[].class).ofMinSize(0).ofMaxSize(2);
        Arbitrary<Integer> dims = Arbitraries.of(0, 1, 2, 5, 12, 13, 33);
        Arbitrary<Layout> layouts = Arbitraries.of(Layout.values());
        return Combinators.combine(batch, dims, dims, dims, Arbitraries.integers().between(0, 63), layouts, layouts,
                Arbitraries.longs()).as((bt, m, n, k, mask, la, lb, seed) -> {
                    int[] ab = bt.clone();
                    int[] bb = bt.clone();
                    for (int i = 0; i < bt.length; i++) {
                        if ((mask >> i & 1) != 0) {
                            ab[i] = 1;
                        } else if ((mask >> (i + 2) & 1) != 0) {
                            bb[i] = 1;
                        }
                    }
                    if ((mask & 16) != 0 && bb.length > 0) {
                        bb = Arrays.copyOfRange(bb, 1, bb.length);
                    }
                    int[] a = (mask & 32) != 0 && ab.length == 0 ? new int[]{k} : concat(ab, m, k);
                    int[] b = (mask & 8) != 0 && bb.length == 0 ? new int[]{k} : concat(bb, k, n);
                    return new Batched(a, b, la, lb, (mask & 1) == 0 ? DType.FLOAT32 : DType.FLOAT64, seed);
                });
    }

    @Property(tries = 200)
    void batchedBroadcastingMatchesNaive(@ForAll("batched") Batched c) {
        try (MemoryScope scope = MemoryScope.open()) {
            Generator g = new Generator(c.seed);
            NDArray a = ArrayArbitraries.build(c.a, c.la, g, c.type);
            NDArray b = ArrayArbitraries.build(c.b, c.lb, g, c.type);
            NaiveMatMul expected = NaiveMatMul.of(a, b, null);
            expected.check(MatMul.matmul(a, b), c.toString());
            NDArray out = NDArrays.full(c.type, Double.NaN, expected.shape);
            assertSame(out, MatMul.matmulInto(a, b, out));
            expected.check(out, c + " (into)");
        }
    }

    @Property(tries = 40)
    void resultsDoNotDependOnTheThreadCount(@ForAll("threadCases") Case c) {
        int before = Parallel.threads();
        try (MemoryScope scope = MemoryScope.open()) {
            Generator g = new Generator(c.seed);
            NDArray a = ArrayArbitraries.build(new int[]{c.m, c.k}, c.la, g, c.type);
            NDArray b = ArrayArbitraries.build(new int[]{c.k, c.n}, c.lb, g, c.type);
            NDArray bias = ArrayArbitraries.random(new int[]{c.n}, g, c.type);
            Parallel.setThreads(1);
            double[] one = MatMul.linear(a, b.t(), bias).toDoubleArray();
            Parallel.setThreads(2);
            double[] two = MatMul.linear(a, b.t(), bias).toDoubleArray();
            Parallel.setThreads(3);
            double[] three = MatMul.linear(a, b.t(), bias).toDoubleArray();
            assertArrayEquals(one, two, 0.0, c.toString());
            assertArrayEquals(one, three, 0.0, c.toString());
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void tallProductsDoNotDependOnTheThreadCount() {
        // more rows than columns, k over three slices (of at most KernelF32.KC = 1024): the threads split the rows
        try (MemoryScope scope = MemoryScope.open()) {
            Generator g = new Generator(21);
            NDArray a = NDArrays.randn(g, DType.FLOAT32, 300, 2200);
            NDArray b = NDArrays.randn(g, DType.FLOAT32, 40, 2200).t();
            checkOnOneToThreeThreads(a, b, "300 x 2200 x 40");
        }
    }

    @Test
    void productsOfManyRowsTakeEqualABlocksOnAnyThreadCount() {
        // 1300 rows: more than one packed A block (GemmF32.MC = 1128), so two of 660 and 640 rows on one thread; on
        // two, a band of rows each (fewer elements packed than halves of the columns)
        try (MemoryScope scope = MemoryScope.open()) {
            Generator g = new Generator(22);
            NDArray a = NDArrays.randn(g, DType.FLOAT32, 1300, 70);
            NDArray b = NDArrays.randn(g, DType.FLOAT32, 70, 90);
            checkOnOneToThreeThreads(a, b, "1300 x 70 x 90");
        }
    }

    /** {@code a @ b} against the naive loop on two threads, and the same bits on one, two and three. */
    private static void checkOnOneToThreeThreads(NDArray a, NDArray b, String what) {
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            double[] one = MatMul.matmul(a, b).toDoubleArray();
            Parallel.setThreads(2);
            NDArray two = MatMul.matmul(a, b);
            NaiveMatMul.of(a, b, null).check(two, what + ", 2 threads");
            assertArrayEquals(one, two.toDoubleArray(), 0.0, what);
            Parallel.setThreads(3);
            assertArrayEquals(one, MatMul.matmul(a, b).toDoubleArray(), 0.0, what);
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Provide
    Arbitrary<Case> threadCases() {
        Arbitrary<Integer> dims = Arbitraries.of(1, 13, 31, 65, 100, 130);
        Arbitrary<Layout> layouts = Arbitraries.of(Layout.CONTIGUOUS, Layout.TRANSPOSED);
        return Combinators.combine(dims, dims, Arbitraries.of(40, 257, 300), layouts, layouts,
                Arbitraries.of(DType.FLOAT32, DType.FLOAT64), Arbitraries.longs()).as(Case::new);
    }

    private static int[] concat(int[] batch, int r, int c) {
        int[] out = Arrays.copyOf(batch, batch.length + 2);
        out[batch.length] = r;
        out[batch.length + 1] = c;
        return out;
    }

    static void assertMessage(String expected, Runnable op) {
        var e = assertThrows(IllegalArgumentException.class, op::run);
        assertEquals(expected, e.getMessage());
    }
}
