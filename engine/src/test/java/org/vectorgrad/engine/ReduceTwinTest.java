package org.vectorgrad.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.vectorgrad.engine.kernel.ReduceF32;

/**
 * Every SIMD reduction path against the scalar twin ({@code simd = false}) over every layout of
 * {@link ArrayArbitraries}, random dims, keepdim, 0-size dims and 0-d arrays, in float32 and float64.
 */
class ReduceTwinTest {
    /** A reduction under test: runs the SIMD path or the twin. */
    interface Op {
        NDArray run(NDArray a, int[] dims, boolean keepdim, boolean simd);
    }

    /** The ops with SIMD paths, and how far the fast path may drift from the double-accumulating twin. */
    enum Case {
        SUM(Reductions::sum, true),
        MEAN(Reductions::mean, true),
        AMAX((a, d, k, s) -> Reductions.extreme("amax", true, a, d, k, s), false),
        AMIN((a, d, k, s) -> Reductions.extreme("amin", false, a, d, k, s), false),
        VAR((a, d, k, s) -> Reductions.var(a, d, 1, k, false, s), false),
        STD((a, d, k, s) -> Reductions.var(a, d, 0, k, true, s), false),
        LOGSUMEXP(Reductions::logsumexp, false),
        NORM2((a, d, k, s) -> Reductions.norm(a, 2, d, k, s), false),
        NORM1((a, d, k, s) -> Reductions.norm(a, 1, d, k, s), true),
        NORM_INF((a, d, k, s) -> Reductions.norm(a, Double.POSITIVE_INFINITY, d, k, s), false),
        NORM3((a, d, k, s) -> Reductions.norm(a, 3, d, k, s), false),
        PROD((a, d, k, s) -> Reductions.prod(a, d, k, s), false);

        final Op op;
        /** True when the error scales with sum|x| over the reduced elements rather than with the result. */
        final boolean sumLike;

        Case(Op op, boolean sumLike) {
            this.op = op;
            this.sumLike = sumLike;
        }
    }

    @Provide
    Arbitrary<ArrayArbitraries.Spec> specs() {
        return ArrayArbitraries.specs();
    }

    @Provide
    Arbitrary<DType> floats() {
        return Arbitraries.of(DType.FLOAT32, DType.FLOAT64);
    }

    /** Dims from a bit mask over the rank; bit 7 writes them as negative dims; 0 means "all" (null). */
    static int[] dims(int mask, int rank) {
        if ((mask & 0x3f) == 0) {
            return (mask & 0x40) != 0 ? new int[0] : null;
        }
        int[] dims = new int[rank];
        int n = 0;
        for (int d = 0; d < rank; d++) {
            if (((mask >> d) & 1) != 0) {
                dims[n++] = (mask & 0x80) != 0 ? d - rank : d;
            }
        }
        return n == 0 ? null : Arrays.copyOf(dims, n);
    }

    /** Unit roundoff of the type. */
    static double eps(DType t) {
        return t == DType.FLOAT32 ? 0x1p-24 : 0x1p-53;
    }

    /** The documented float32 bound: each lane adds BLOCK/(4 lanes) values, plus lane folding and rounding. */
    static double sumBound(DType t) {
        double steps = t == DType.FLOAT32 ? ReduceF32.BLOCK / (4.0 * ArrayArbitraries.LANES) + 4 : 64;
        return steps * eps(t);
    }

    @Property(tries = 200)
    void simdAgreesWithScalarTwin(@ForAll("specs") ArrayArbitraries.Spec spec, @ForAll("floats") DType type,
            @ForAll @IntRange(min = 0, max = 255) int mask, @ForAll boolean keepdim) {
        try (MemoryScope scope = MemoryScope.open()) {
            NDArray a = spec.build(type);
            int[] dims = dims(mask, a.dim());
            double[] absSum = Reductions.norm(a, 1, dims, keepdim, false).toDoubleArray();
            for (Case c : Case.values()) {
                boolean emptyExtreme = (c == Case.AMAX || c == Case.AMIN || c == Case.NORM_INF)
                        && hasEmptyReducedDim(a, dims);
                if (emptyExtreme) {
                    assertThrows(IllegalArgumentException.class, () -> c.op.run(a, dims, keepdim, true));
                    continue;
                }
                NDArray fast = c.op.run(a, dims, keepdim, true);
                NDArray slow = c.op.run(a, dims, keepdim, false);
                assertArrayEquals(slow.shape(), fast.shape(), c::name);
                assertEquals(type, fast.dtype());
                double[] f = fast.toDoubleArray();
                double[] s = slow.toDoubleArray();
                for (int i = 0; i < f.length; i++) {
                    double scale = c.sumLike ? absSum[i] : Math.abs(s[i]);
                    double tol = c == Case.AMAX || c == Case.AMIN || c == Case.NORM_INF || c == Case.PROD ? 0
                            : 8 * sumBound(type) * scale + 16 * eps(type) * Math.abs(s[i]);
                    if (c == Case.LOGSUMEXP || c == Case.MEAN) {
                        tol += 8 * sumBound(type) * Math.max(1, Math.abs(s[i]));
                    }
                    if (c == Case.VAR || c == Case.STD) {
                        // The fast mean is itself rounded, which shifts the deviations by about eps * mean|x|.
                        double meanAbs = absSum[i] / Math.max(1, a.numel() / Math.max(1, f.length));
                        double spread = c == Case.VAR ? meanAbs * meanAbs : meanAbs;
                        tol += 8 * sumBound(type) * (Math.abs(s[i]) + spread);
                    }
                    if (Double.isNaN(s[i])) {
                        assertTrue(Double.isNaN(f[i]), c + " at " + i + ": expected NaN, got " + f[i]);
                    } else {
                        int at = i;
                        assertEquals(s[i], f[i], tol, () -> c + " " + type + " dims " + Arrays.toString(dims)
                                + " at " + at);
                    }
                }
            }
        }
    }

    static boolean hasEmptyReducedDim(NDArray a, int[] dims) {
        boolean[] mask = ReduceDims.mask(dims, a.dim());
        for (int d = 0; d < a.dim(); d++) {
            if (mask[d] && a.size(d) == 0) {
                return true;
            }
        }
        return false;
    }

    @Provide
    Arbitrary<Integer> longLengths() {
        int b = ReduceF32.BLOCK;
        return Arbitraries.of(b - 1, b, b + 1, 3 * b + 17, (1 << 16) - 1, (1 << 16) + 1);
    }

    /** Lengths around the block and chunk boundaries, contiguous and offset by a slice. */
    @Property(tries = 30)
    void longRowsAcrossBlocksAndChunks(@ForAll("longLengths") int n, @ForAll("floats") DType type,
            @ForAll @IntRange(min = 0, max = 3) int start, @ForAll long seed) {
        try (MemoryScope scope = MemoryScope.open()) {
            NDArray a = NDArrays.randn(new Generator(seed), type, n + start).narrow(0, start, n);
            double absSum = Reductions.norm(a, 1, null, false, false).item();
            double tol = 2 * sumBound(type) * absSum;
            assertEquals(Reductions.sum(a, null, false, false).item(), Reductions.sum(a, null, false, true).item(), tol);
            assertEquals(Reductions.extreme("amax", true, a, null, false, false).item(),
                    Reductions.extreme("amax", true, a, null, false, true).item(), 0);
            double lseSlow = Reductions.logsumexp(a, null, false, false).item();
            assertEquals(lseSlow, Reductions.logsumexp(a, null, false, true).item(), 1e-5 * Math.abs(lseSlow));
            NDArray m = a.narrow(0, 0, n - n % 4).view(-1, 4);
            assertArrayEquals(Reductions.sum(m, new int[]{0}, false, false).toDoubleArray(),
                    Reductions.sum(m, new int[]{0}, false, true).toDoubleArray(), tol);
            assertArrayEquals(Reductions.var(m, new int[]{0}, 1, false, false, false).toDoubleArray(),
                    Reductions.var(m, new int[]{0}, 1, false, false, true).toDoubleArray(), 16 * sumBound(type) * 4);
        }
    }

    @Property(tries = 150)
    void softmaxSimdAgreesWithScalarTwin(@ForAll("specs") ArrayArbitraries.Spec spec, @ForAll("floats") DType type,
            @ForAll @IntRange(min = -3, max = 2) int dim, @ForAll boolean log) {
        try (MemoryScope scope = MemoryScope.open()) {
            NDArray a = spec.build(type);
            int d = a.dim() == 0 ? 0 : Math.floorMod(dim, a.dim());
            NDArray fast = AlongDim.softmax(a, d, log, true);
            NDArray slow = AlongDim.softmax(a, d, log, false);
            assertArrayEquals(slow.shape(), fast.shape());
            double tol = type == DType.FLOAT32 ? 2e-6 : 1e-14;
            double[] f = fast.toDoubleArray();
            double[] s = slow.toDoubleArray();
            for (int i = 0; i < f.length; i++) {
                assertEquals(s[i], f[i], tol * Math.max(1, Math.abs(s[i])), "softmax(log=" + log + ") at " + i);
            }
        }
    }

    /** Rows of softmax sum to 1 and stay finite for logits scaled to about +-1000, along any dim and layout. */
    @Property(tries = 100)
    void softmaxRowsSumToOneAtLargeLogits(@ForAll("specs") ArrayArbitraries.Spec spec, @ForAll("floats") DType type,
            @ForAll @IntRange(min = -3, max = 2) int dim) {
        try (MemoryScope scope = MemoryScope.open()) {
            NDArray a = Binary.apply(BinaryOp.MUL, spec.build(type), 1000.0);
            int d = a.dim() == 0 ? 0 : Math.floorMod(dim, a.dim());
            NDArray p = Reduce.softmax(a, d);
            NDArray lp = Reduce.logSoftmax(a, d);
            for (double v : p.toDoubleArray()) {
                assertTrue(v >= 0 && v <= 1, "softmax value " + v);
            }
            for (double v : lp.toDoubleArray()) {
                assertTrue(Double.isFinite(v) && v <= 1e-6, "log-softmax value " + v);
            }
            if (a.dim() > 0 && a.size(d) > 0) {
                for (double s : Reduce.sum(p, new int[]{d}, false).toDoubleArray()) {
                    assertEquals(1.0, s, type == DType.FLOAT32 ? 1e-5 : 1e-12);
                }
            }
        }
    }
}
