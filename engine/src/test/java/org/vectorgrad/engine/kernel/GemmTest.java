package org.vectorgrad.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.vectorgrad.engine.DType;
import org.vectorgrad.engine.Generator;
import org.vectorgrad.engine.MemoryScope;
import org.vectorgrad.engine.NDArray;
import org.vectorgrad.engine.NDArrays;

/**
 * The GEMM kernels on raw {@link GemmArgs}: both micro-kernels (12 rows for 512-bit vectors, 6 rows for the
 * 256/128-bit machines, run here too) against the scalar twin, across the cache-block edges.
 */
class GemmTest {
    record Dims(int m, int n, int k, boolean transA, boolean transB, DType type, long seed) {
    }

    @Provide
    Arbitrary<Dims> dims() {
        Arbitrary<Integer> d = Arbitraries.of(1, 2, 5, 6, 7, 11, 12, 13, 15, 16, 17, 31, 32, 33, 40);
        return Combinators.combine(d, d, Arbitraries.of(1, 3, 17, 64, 255, 256, 257, 511), Arbitraries.of(false, true),
                Arbitraries.of(false, true), Arbitraries.of(DType.FLOAT32, DType.FLOAT64), Arbitraries.longs())
                .as(Dims::new);
    }

    @Property(tries = 120)
    void bothMicroKernelsMatchTheScalarTwin(@ForAll("dims") Dims d) {
        check(d.m, d.n, d.k, d.transA, d.transB, d.type, d.seed);
    }

    @Test
    void blocksLargerThanTheCacheBlocks() {
        check(GemmF32.MC + 17, 3, 5, false, false, DType.FLOAT32, 1);
        check(GemmF64.MC + 17, 3, 5, true, false, DType.FLOAT64, 2);
        check(2, GemmF32.NC + 40, 3, false, true, DType.FLOAT32, 3);
        check(2, GemmF64.NC + 40, 3, false, false, DType.FLOAT64, 4);
        check(3, 50, GemmF32.KC * 2 + 3, false, false, DType.FLOAT32, 5);
    }

    private static void check(int m, int n, int k, boolean transA, boolean transB, DType type, long seed) {
        try (MemoryScope scope = MemoryScope.open()) {
            Generator g = new Generator(seed);
            NDArray a = NDArrays.randn(g, type, m, k);
            NDArray b = NDArrays.randn(g, type, k, n);
            NDArray bias = NDArrays.randn(g, type, n);
            double[] expected = null;
            for (int mr : new int[]{0, 12, 6}) {
                NDArray c = NDArrays.full(type, Double.NaN, m, n);
                long aRs = transA ? 1 : k;
                long aCs = transA ? m : 1;
                long bRs = transB ? 1 : n;
                long bCs = transB ? k : 1;
                // transposed operands are read from the same storage as if it held the transpose
                GemmArgs args = GemmArgs.of(type, m, n, k, a.segment(), new long[]{0}, aRs, aCs, b.segment(),
                        new long[]{0}, bRs, bCs, c.segment(), new long[]{0}, n, 1)
                        .withAddend(bias.segment(), new long[]{0}, 0, 1);
                if (mr == 0) {
                    GemmReference.run(args);
                    expected = c.toDoubleArray();
                } else {
                    Gemm.run(args, mr);
                    double tol = (type == DType.FLOAT32 ? 1e-6 : 1e-14) * (2 * k + 4) * 8;
                    assertArrayEquals(expected, c.toDoubleArray(), tol, m + "x" + n + "x" + k + " mr=" + mr);
                }
            }
        }
    }
}
