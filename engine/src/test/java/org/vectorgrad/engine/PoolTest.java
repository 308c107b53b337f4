package org.vectorgrad.engine;

import static org.junit.jupiter.api.Assertions.*;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The pooling kernels against their scalar twins over random windows and shapes, PyTorch's numbers and errors. */
class PoolTest {
    /** A pooling case: input shape (4-d, or 3-d when unbatched) and window. */
    record Case(int[] input, Pool2dSpec spec, long seed) {
        @Override
        public String toString() {
            return "input" + Shapes.format(input) + " " + spec;
        }
    }

    static Arbitrary<Case> cases(boolean dilated) {
        Arbitrary<int[]> k = Arbitraries.integers().between(1, 3).array(int[].class).ofSize(2);
        Arbitrary<int[]> st = Arbitraries.integers().between(1, 3).array(int[].class).ofSize(2);
        Arbitrary<int[]> d = Arbitraries.integers().between(1, dilated ? 2 : 1).array(int[].class).ofSize(2);
        Arbitrary<int[]> hw = Arbitraries.integers().between(1, 9).array(int[].class).ofSize(2);
        Arbitrary<int[]> nc = Arbitraries.integers().between(0, 3).array(int[].class).ofSize(2);
        return Combinators.combine(k, st, d, hw, nc, Arbitraries.integers().between(0, 3), Arbitraries.longs())
                .as((kk, ss, dd, size, batch, bits, seed) -> {
                    int ph = (bits & 1) == 0 ? 0 : kk[0] / 2;
                    int pw = (bits & 2) == 0 ? 0 : kk[1] / 2;
                    boolean ceil = (seed & 1) == 0;
                    int h = Math.max(size[0], dd[0] * (kk[0] - 1) + 1 - 2 * ph);
                    int w = Math.max(size[1], dd[1] * (kk[1] - 1) + 1 - 2 * pw);
                    int c = Math.max(1, batch[1]);
                    int[] input = batch[0] == 3 ? new int[]{c, h, w} : new int[]{batch[0], c, h, w};
                    return new Case(input, new Pool2dSpec(kk[0], kk[1], ss[0], ss[1], ph, pw, dd[0], dd[1], ceil), seed);
                });
    }

    @Provide
    Arbitrary<Case> maxCases() {
        return cases(true);
    }

    @Provide
    Arbitrary<Case> avgCases() {
        return cases(false);
    }

    @Provide
    Arbitrary<DType> floats() {
        return Arbitraries.of(DType.FLOAT32, DType.FLOAT64);
    }

    /** Random values, through a transposed view half of the time, with ties and an occasional NaN or -inf. */
    static NDArray input(int[] shape, DType t, long seed) {
        Generator g = new Generator(seed);
        NDArray x = NDArrays.randn(g, t, shape);
        if (x.numel() > 0 && (seed & 4) == 0) {
            x = Unary.apply(UnaryOp.ROUND, x); // many ties
        }
        if (x.numel() > 3 && (seed & 8) == 0) {
            int[] first = new int[shape.length];
            x.set((seed & 16) == 0 ? Double.NaN : Double.NEGATIVE_INFINITY, first);
        }
        if ((seed & 2) == 0 && shape.length == 4) {
            try (NDArray c = x.transpose(2, 3).contiguous()) {
                return c.transpose(2, 3); // same values, column-major planes
            }
        }
        return x;
    }

    @Property(tries = 150)
    void maxPoolAgreesWithTheTwin(@ForAll("maxCases") Case c, @ForAll("floats") DType t) {
        try (MemoryScope scope = MemoryScope.open()) {
            NDArray x = input(c.input(), t, c.seed());
            ValuesIndices fast = Pool.maxPool2d(x, c.spec());
            ValuesIndices slow = Pool.maxPool2dReference(x, c.spec());
            assertArrayEquals(slow.values().shape(), fast.values().shape(), c::toString);
            assertEquals(DType.INT64, fast.indices().dtype());
            assertArrayEquals(slow.values().toDoubleArray(), fast.values().toDoubleArray(), 0.0, c::toString);
            assertArrayEquals(slow.indices().toLongArray(), fast.indices().toLongArray(), c::toString);
            NDArray g = NDArrays.randn(new Generator(c.seed() + 1), t, fast.values().shape());
            NDArray gx = Pool.maxPool2dBackward(g, fast.indices(), c.input());
            // The twin of the backward: scatter by the twin's indices, one plane at a time.
            double[] expected = new double[(int) Shapes.numel(c.input())];
            long[] idx = slow.indices().toLongArray();
            double[] gv = g.toDoubleArray();
            int inArea = c.input()[c.input().length - 1] * c.input()[c.input().length - 2];
            int outArea = idx.length == 0 ? 1 : idx.length / Math.max(1, expected.length / inArea);
            for (int o = 0; o < idx.length; o++) {
                if (idx[o] >= 0 && idx[o] < inArea) { // windows entirely in padding point outside: no gradient
                    expected[(o / outArea) * inArea + (int) idx[o]] += gv[o];
                }
            }
            assertArrayEquals(expected, gx.toDoubleArray(), t == DType.FLOAT32 ? 1e-5 : 1e-12, c::toString);
        }
    }

    @Provide
    Arbitrary<Integer> planeSizes() {
        int l = ArrayArbitraries.LANES;
        return Arbitraries.of(2, 3, 4, 5, 11, 26, 27, l - 1, 2 * l - 1, 2 * l, 2 * l + 1, 2 * l + 2, 4 * l + 3);
    }

    /** Values from a small set (ties, signed zeros), one in three replaced by NaN, -inf or +inf. */
    static NDArray windows(int[] shape, DType t, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        double[] specials = {Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, -0.0, 0.0};
        double[] v = new double[(int) Shapes.numel(shape)];
        boolean allMinusInf = r.nextInt(4) == 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = allMinusInf && r.nextInt(8) != 0 ? Double.NEGATIVE_INFINITY
                    : r.nextInt(3) == 0 ? specials[r.nextInt(specials.length)] : r.nextInt(5) - 2;
        }
        return NDArrays.of(v, shape).to(t);
    }

    /**
     * The 2x2/stride-2 SIMD path (max_pool2d(2), the CNN's pooling) against the twin bit for bit: planes of odd
     * and even sizes around the lane count (so steps read past row ends and the last plane's last rows fall back to
     * scalar code), ties that must keep the first maximum, -0.0 against 0.0, NaN (the last wins), all -inf windows,
     * and an input that starts at an offset into its storage. The backward scatters each gradient to its index.
     */
    @Property(tries = 200)
    void maxPool2x2IsTheTwinBitForBit(@ForAll @IntRange(min = 0, max = 3) int n,
            @ForAll @IntRange(min = 1, max = 3) int c,
            @ForAll("planeSizes") int h, @ForAll("planeSizes") int w, @ForAll("floats") DType t, @ForAll boolean view,
            @ForAll long seed) {
        try (MemoryScope scope = MemoryScope.open()) {
            int[] shape = {n, c, h, w};
            NDArray x = view ? windows(new int[]{n + 1, c, h, w}, t, seed).narrow(0, 1, n) : windows(shape, t, seed);
            String what = Shapes.format(shape) + " " + t + (view ? " at an offset" : "");
            ValuesIndices fast = Pool.maxPool2d(x, Pool2dSpec.of(2));
            ValuesIndices slow = Pool.maxPool2dReference(x, Pool2dSpec.of(2));
            double[] want = slow.values().toDoubleArray();
            double[] got = fast.values().toDoubleArray();
            assertEquals(want.length, got.length, what);
            for (int i = 0; i < want.length; i++) {
                assertEquals(Double.doubleToLongBits(want[i]), Double.doubleToLongBits(got[i]), what + " value " + i);
            }
            assertArrayEquals(slow.indices().toLongArray(), fast.indices().toLongArray(), what);
            NDArray g = NDArrays.randn(new Generator(seed + 1), t, fast.values().shape());
            double[] expected = new double[(int) Shapes.numel(shape)];
            long[] idx = slow.indices().toLongArray();
            double[] gv = g.toDoubleArray();
            int outArea = (h / 2) * (w / 2);
            for (int o = 0; o < idx.length; o++) {
                expected[(o / outArea) * h * w + (int) idx[o]] += gv[o];
            }
            assertArrayEquals(expected, Pool.maxPool2dBackward(g, fast.indices(), shape).toDoubleArray(), 0.0, what);
        }
    }

    @Property(tries = 150)
    void avgPoolAgreesWithTheTwin(@ForAll("avgCases") Case c, @ForAll("floats") DType t, @ForAll boolean includePad,
            @ForAll @IntRange(min = 0, max = 4) int divisor) {
        try (MemoryScope scope = MemoryScope.open()) {
            NDArray x = NDArrays.randn(new Generator(c.seed()), t, c.input());
            Integer override = divisor == 0 ? null : divisor;
            double tol = t == DType.FLOAT32 ? 1e-5 : 1e-12;
            NDArray y = Pool.avgPool2d(x, c.spec(), includePad, override);
            assertArrayEquals(Pool.avgPool2dReference(x, c.spec(), includePad, override).toDoubleArray(),
                    y.toDoubleArray(), tol, c::toString);
            NDArray g = NDArrays.randn(new Generator(c.seed() + 1), t, y.shape());
            assertArrayEquals(Pool.avgPool2dBackwardReference(g, c.input(), c.spec(), includePad, override).toDoubleArray(),
                    Pool.avgPool2dBackward(g, c.input(), c.spec(), includePad, override).toDoubleArray(), tol, c::toString);
        }
    }

    @Property(tries = 100)
    void adaptiveAvgPoolAgreesWithTheTwin(@ForAll @IntRange(min = 0, max = 2) int n,
            @ForAll @IntRange(min = 1, max = 3) int ch, @ForAll @IntRange(min = 1, max = 9) int h,
            @ForAll @IntRange(min = 1, max = 9) int w, @ForAll @IntRange(min = 0, max = 7) int oh,
            @ForAll @IntRange(min = 0, max = 7) int ow, @ForAll("floats") DType t, @ForAll long seed) {
        try (MemoryScope scope = MemoryScope.open()) {
            int[] shape = n == 2 ? new int[]{ch, h, w} : new int[]{n, ch, h, w};
            NDArray x = NDArrays.randn(new Generator(seed), t, shape);
            double tol = t == DType.FLOAT32 ? 1e-5 : 1e-12;
            NDArray y = Pool.adaptiveAvgPool2d(x, oh, ow);
            assertArrayEquals(Pool.adaptiveAvgPool2dReference(x, oh, ow).toDoubleArray(), y.toDoubleArray(), tol);
            NDArray g = NDArrays.randn(new Generator(seed + 1), t, y.shape());
            assertArrayEquals(Pool.adaptiveAvgPool2dBackwardReference(g, shape).toDoubleArray(),
                    Pool.adaptiveAvgPool2dBackward(g, shape).toDoubleArray(), tol);
        }
    }

    @Test
    void pyTorchNumbers() {
        NDArray x = NDArrays.arange(DType.FLOAT32, 0, 25, 1).view(1, 1, 5, 5);
        // torch.nn.functional.avg_pool2d(torch.arange(25.).view(1,1,5,5), 3, stride=2, padding=1, ceil_mode=True)
        assertArrayEquals(new double[]{1.3333333, 3, 2.6666667, 7, 12, 9, 8, 13, 9.3333333},
                Pool.avgPool2d(x, new Pool2dSpec(3, 3, 2, 2, 1, 1, 1, 1, true), true, null).toDoubleArray(), 1e-6);
        assertArrayEquals(new double[]{0, 0.75, 1.75, 3.75, 9, 11, 8.75, 19, 21},
                Pool.avgPool2d(x, new Pool2dSpec(2, 2, 2, 2, 1, 1, 1, 1, true), true, null).toDoubleArray(), 1e-6);
        // max_pool2d(tensor([[[[1, nan], [nan, 0]]]]), 2, return_indices=True) gives (nan, 2): the last NaN wins.
        ValuesIndices m = Pool.maxPool2d(NDArrays.of(new float[]{1, Float.NaN, Float.NaN, 0}, 1, 1, 2, 2), Pool2dSpec.of(2));
        assertTrue(Double.isNaN(m.values().item()));
        assertEquals(2, m.indices().getLong(0, 0, 0, 0));
        assertArrayEquals(new int[]{1, 1, 3, 3}, Pool.maxPool2d(NDArrays.zeros(1, 1, 5, 5),
                new Pool2dSpec(2, 2, 2, 2, 0, 0, 1, 1, true)).values().shape());
        assertArrayEquals(new int[]{1, 6, 0, 2}, Pool.adaptiveAvgPool2d(NDArrays.zeros(1, 6, 3, 4), 0, 2).shape());
        // max_pool2d(tensor([[[[3.]]]]), (1, 2), 1, (0, 1), (1, 2), return_indices=True): the window misses the input.
        ValuesIndices empty = Pool.maxPool2d(NDArrays.full(3.0, 1, 1, 1, 1), new Pool2dSpec(1, 2, 1, 1, 0, 1, 1, 2, false));
        assertEquals(Double.NEGATIVE_INFINITY, empty.values().item());
        assertEquals(1, empty.indices().getLong(0, 0, 0, 0));
        assertEquals(0.0, Pool.maxPool2dBackward(NDArrays.ones(1, 1, 1, 1), empty.indices(), new int[]{1, 1, 1, 1}).item());
    }

    @Test
    void errorsReadLikePyTorch() {
        NDArray x = NDArrays.zeros(1, 6, 4, 4);
        ConvTest.assertMessage("Given input size: (6x1x1). Calculated output size: (6x0x0). Output size is too small",
                () -> Pool.maxPool2d(NDArrays.zeros(1, 6, 1, 1), Pool2dSpec.of(2)));
        ConvTest.assertMessage("Given input size: (6x1x1). Calculated output size: (6x0x0). Output size is too small",
                () -> Pool.avgPool2d(NDArrays.zeros(1, 6, 1, 1), Pool2dSpec.of(2), true, null));
        ConvTest.assertMessage("pad should be at most half of kernel size, but got pad=2 and kernel_size=2",
                () -> Pool.maxPool2d(x, Pool2dSpec.of("max_pool2d", new int[]{2}, null, new int[]{2}, null, false)));
        ConvTest.assertMessage("kernel size should be greater than zero, but got kH: 0 kW: 0",
                () -> Pool.maxPool2d(x, Pool2dSpec.of("max_pool2d", new int[]{0}, new int[]{1}, null, null, false)));
        ConvTest.assertMessage("stride should not be zero", () -> Pool.maxPool2d(x, Pool2dSpec.of(0)));
        ConvTest.assertMessage("stride should be greater than zero, but got dH: -1 dW: -1",
                () -> Pool.maxPool2d(x, Pool2dSpec.of("max_pool2d", new int[]{2}, new int[]{-1}, null, null, false)));
        ConvTest.assertMessage("dilation should be greater than zero, but got dilationH: 0 dilationW: 0",
                () -> Pool.maxPool2d(x, Pool2dSpec.of("max_pool2d", new int[]{2}, null, null, new int[]{0}, false)));
        ConvTest.assertMessage("pad must be non-negative, but got pad: -1",
                () -> Pool.avgPool2d(x, Pool2dSpec.of("avg_pool2d", new int[]{2}, null, new int[]{-1}, null, false),
                        true, null));
        ConvTest.assertMessage("max_pool2d: kernel_size must either be a single int, or a tuple of two ints",
                () -> Pool2dSpec.of("max_pool2d", new int[]{2, 2, 2}, null, null, null, false));
        ConvTest.assertMessage("Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but"
                + " got:[1, 0, 4, 4]", () -> Pool.maxPool2d(NDArrays.zeros(1, 0, 4, 4), Pool2dSpec.of(2)));
        ConvTest.assertMessage("adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got [6, 4]",
                () -> Pool.adaptiveAvgPool2d(NDArrays.zeros(6, 4), 2, 2));
        ConvTest.assertMessage("adaptive_avg_pool2d(): Expected input to have non-zero size for non-batch dimensions,"
                + " but input has sizes [1, 6, 0, 4] with dimension 2 being empty",
                () -> Pool.adaptiveAvgPool2d(NDArrays.zeros(1, 6, 0, 4), 2, 2));
        ConvTest.assertMessage("adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but"
                + " received {-1, 2}", () -> Pool.adaptiveAvgPool2d(NDArrays.zeros(1, 6, 3, 4), -1, 2));
    }
}
