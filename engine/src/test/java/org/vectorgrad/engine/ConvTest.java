package org.vectorgrad.engine;

import static org.junit.jupiter.api.Assertions.*;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.vectorgrad.engine.kernel.ConvReference;
import org.vectorgrad.engine.kernel.ConvDirectF32;
import org.vectorgrad.engine.kernel.ConvShape;
import org.vectorgrad.engine.kernel.Im2Col;

/**
 * conv2d and its backward products (im2col + GEMM) against the seven-loop scalar twin over random small cases in
 * float32 and float64, the chunked path, unbatched input, and PyTorch's error messages.
 */
class ConvTest {
    @Provide
    Arbitrary<ConvArbitraries.Case> cases() {
        return ConvArbitraries.cases();
    }

    @Provide
    Arbitrary<DType> floats() {
        return Arbitraries.of(DType.FLOAT32, DType.FLOAT64);
    }

    @Property(tries = 120)
    void forwardAndBackwardAgreeWithTheScalarTwin(@ForAll("cases") ConvArbitraries.Case c, @ForAll("floats") DType t,
            @ForAll boolean chunked) {
        try (MemoryScope scope = MemoryScope.open()) {
            Generator g = new Generator(c.seed());
            ConvShape s = c.shape();
            NDArray x = NDArrays.randn(g, t, c.input());
            NDArray w = NDArrays.randn(g, t, c.weight());
            NDArray b = c.bias() ? NDArrays.randn(g, t, c.weight()[0]) : null;
            NDArray gy = NDArrays.randn(g, t, s.outputShape());
            // A budget of one element forces one image per chunk; the default makes one chunk.
            long budget = chunked ? 1 : ConvGemm.COLUMN_BUDGET;
            double rel = ConvArbitraries.rel(t);
            double[] ax = ConvArbitraries.abs(x.toDoubleArray());
            double[] aw = ConvArbitraries.abs(w.toDoubleArray());
            double[] agy = ConvArbitraries.abs(gy.toDoubleArray());

            // A forward that materialises its columns keeps them for the weight gradient unless chunked (or empty);
            // an implicit or a direct one has none.
            Conv.Forward f = ConvGemm.forward(x, w, b, s, budget, true);
            NDArray y = f.output();
            boolean implicit = ConvGemm.implicitForward(t, s, ConvGemm.chunk(s, budget), true);
            boolean direct = ConvGemm.directForward(t, s);
            assertEquals(y.numel() > 0 && !implicit && !direct && (!chunked || s.n() == 1), f.columns() != null,
                    "columns kept");
            assertArrayEquals(s.outputShape(), y.shape());
            assertEquals(t, y.dtype());
            double[] scale = ConvReference.forward(s, ax, aw, b == null ? null : ConvArbitraries.abs(b.toDoubleArray()));
            ConvArbitraries.assertClose("forward " + c, Conv.conv2dReference(x, w, b, c.spec()).toDoubleArray(),
                    y.toDoubleArray(), scale, rel);

            NDArray gx = ConvGemm.backwardInput(gy, w, s, budget);
            assertArrayEquals(c.input(), gx.shape());
            ConvArbitraries.assertClose("grad input " + c,
                    Conv.conv2dBackwardInputReference(gy, w, c.input(), c.spec()).toDoubleArray(), gx.toDoubleArray(),
                    ConvReference.backwardInput(s, agy, aw), rel);

            NDArray gw = ConvGemm.backwardWeight(gy, x, f.columns(), s, budget);
            assertArrayEquals(c.weight(), gw.shape());
            if (f.columns() != null) {
                assertArrayEquals(gw.toDoubleArray(), ConvGemm.backwardWeight(gy, x, null, s, budget).toDoubleArray());
            }
            ConvArbitraries.assertClose("grad weight " + c,
                    Conv.conv2dBackwardWeightReference(gy, x, c.weight(), c.spec()).toDoubleArray(), gw.toDoubleArray(),
                    ConvReference.backwardWeight(s, agy, ax), rel);

            // weight and bias together: the same weight gradient, and the bias gradient of the separate sum
            Conv.WeightAndBias both = ConvGemm.backwardWeightAndBias(gy, x, f.columns(), s, budget);
            assertArrayEquals(gw.toDoubleArray(), both.weight().toDoubleArray(), "weight with bias " + c);
            double[] sums = Conv.conv2dBackwardBias(gy).toDoubleArray();
            double[] sumScale = Conv.conv2dBackwardBias(NDArrays.of(agy, s.outputShape())).toDoubleArray();
            ConvArbitraries.assertClose("grad bias " + c, sums, both.bias().toDoubleArray(), sumScale, rel);
        }
    }

    @Test
    void firstLayersTakingTurnsKeepTheirOwnStagedRows() {
        // 24 x 30 and 20 x 36 inputs (720 pixels each), 22 x 28 = 616 and 18 x 34 = 612 outputs: rows padded to the
        // same 624, so both fit one thread's kept staging (ScratchCache); the key tells them apart, or the second
        // layer's rows would read the first one's last four values
        Conv2dSpec spec = Conv2dSpec.DEFAULT;
        int[][] inputs = {{3, 1, 24, 30}, {3, 1, 20, 36}, {3, 1, 24, 30}};
        try (MemoryScope scope = MemoryScope.open()) {
            Generator g = new Generator(3);
            for (int[] input : inputs) {
                NDArray x = NDArrays.randn(g, DType.FLOAT32, input);
                int[] weight = {6, 1, 3, 3};
                int[] out = {input[0], 6, input[2] - 2, input[3] - 2};
                NDArray gy = NDArrays.randn(g, DType.FLOAT32, out);
                Conv.WeightAndBias both = Conv.conv2dBackwardWeightAndBias(gy, x, null, weight, spec);
                assertArrayEquals(Conv.conv2dBackwardWeightReference(gy, x, weight, spec).toDoubleArray(),
                        both.weight().toDoubleArray(), 1e-3, java.util.Arrays.toString(input));
            }
        }
    }

    @Test
    void facadeAcceptsViewsAndUnbatchedInput() {
        try (MemoryScope scope = MemoryScope.open()) {
            Generator g = new Generator(7);
            Conv2dSpec spec = Conv2dSpec.of(new int[]{2, 1}, new int[]{1}, new int[]{1, 2}, 2);
            NDArray x = NDArrays.randn(g, DType.FLOAT64, 2, 4, 7, 6).transpose(2, 3).contiguous().transpose(2, 3);
            NDArray w = NDArrays.randn(g, DType.FLOAT64, 4, 2, 3, 2);
            NDArray b = NDArrays.randn(g, DType.FLOAT64, 8).slice(0, 0, 8, 2);
            double[] expected = Conv.conv2dReference(x.contiguous(), w, b.contiguous(), spec).toDoubleArray();
            assertArrayEquals(expected, Conv.conv2d(x, w, b, spec).toDoubleArray(), 1e-12);
            NDArray one = x.select(0, 1);
            NDArray y = Conv.conv2d(one, w, b, spec);
            assertEquals(3, y.dim());
            assertArrayEquals(Conv.conv2d(x, w, b, spec).select(0, 1).toDoubleArray(), y.toDoubleArray(), 1e-12);
            NDArray gx = Conv.conv2dBackwardInput(y, w, one.shape(), spec);
            assertArrayEquals(one.shape(), gx.shape());
            NDArray gw = Conv.conv2dBackwardWeight(y, one, w.shape(), spec);
            assertArrayEquals(w.shape(), gw.shape());
            assertArrayEquals(new int[]{4}, Conv.conv2dBackwardBias(y).shape());
        }
    }

    @Test
    void errorsReadLikePyTorch() {
        NDArray x = NDArrays.zeros(64, 1, 28, 28);
        assertMessage("Given groups=1, weight of size [6, 3, 5, 5], expected input[64, 1, 28, 28] to have 3 channels,"
                + " but got 1 channels instead", () -> Conv.conv2d(x, NDArrays.zeros(6, 3, 5, 5), null));
        assertMessage("Calculated padded input size per channel: (2 x 2). Kernel size: (5 x 5). Kernel size can't be"
                + " greater than actual input size", () -> Conv.conv2d(NDArrays.zeros(1, 3, 2, 2),
                        NDArrays.zeros(6, 3, 5, 5), null));
        assertMessage("Given weight of size [6, 1, 5, 5], expected bias to be 1-dimensional with 6 elements, but got"
                + " bias of size [5] instead", () -> Conv.conv2d(x, NDArrays.zeros(6, 1, 5, 5), NDArrays.zeros(5)));
        assertMessage("Given groups=2, expected weight to be divisible by 2 at dimension 0, but got weight of size"
                + " [5, 2, 3, 3] instead", () -> Conv.conv2d(NDArrays.zeros(1, 4, 8, 8), NDArrays.zeros(5, 2, 3, 3),
                        null, Conv2dSpec.of(null, null, null, 2)));
        assertMessage("Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [28, 28]",
                () -> Conv.conv2d(NDArrays.zeros(28, 28), NDArrays.zeros(6, 1, 5, 5), null));
        assertMessage("Input type (torch.FloatTensor) and weight type (torch.DoubleTensor) should be the same",
                () -> Conv.conv2d(x, NDArrays.zeros(DType.FLOAT64, 6, 1, 5, 5), null));
        assertMessage("Input type (float) and bias type (double) should be the same",
                () -> Conv.conv2d(x, NDArrays.zeros(6, 1, 5, 5), NDArrays.zeros(DType.FLOAT64, 6)));
        assertMessage("Expected grad_output of type torch.FloatTensor, but got torch.DoubleTensor",
                () -> Conv.conv2dBackwardWeight(NDArrays.zeros(DType.FLOAT64, 1, 2, 2, 2), NDArrays.zeros(1, 1, 4, 4),
                        new int[]{2, 1, 3, 3}, Conv2dSpec.DEFAULT));
        assertMessage("Expected grad_output of size [1, 2, 2, 2], but got [1, 2, 3, 3]",
                () -> Conv.conv2dBackwardInput(NDArrays.zeros(1, 2, 3, 3), NDArrays.zeros(2, 1, 3, 3),
                        new int[]{1, 1, 4, 4}, Conv2dSpec.DEFAULT));
        assertMessage("non-positive stride is not supported", () -> Conv2dSpec.of(new int[]{0}, null, null, 1));
        assertMessage("negative padding is not supported", () -> Conv2dSpec.of(null, new int[]{-1}, null, 1));
        assertMessage("non-positive dilation is not supported", () -> Conv2dSpec.of(null, null, new int[]{0}, 1));
        assertMessage("non-positive groups is not supported", () -> Conv2dSpec.of(null, null, null, 0));
        assertMessage("expected stride to be a single integer value or a list of 2 values to match the convolution"
                + " dimensions, but got stride=[1, 2, 3]", () -> Conv2dSpec.of(new int[]{1, 2, 3}, null, null, 1));
    }

    @Test
    void emptyBatchAndEmptyChannelsGiveEmptyOrBiasOnlyOutputs() {
        NDArray y = Conv.conv2d(NDArrays.zeros(0, 2, 4, 4), NDArrays.ones(3, 2, 3, 3), null);
        assertArrayEquals(new int[]{0, 3, 2, 2}, y.shape());
        NDArray z = Conv.conv2d(NDArrays.zeros(1, 0, 4, 4), NDArrays.ones(3, 0, 3, 3), NDArrays.full(2.5, 3));
        assertArrayEquals(new int[]{1, 3, 2, 2}, z.shape());
        for (double v : z.toDoubleArray()) {
            assertEquals(2.5, v);
        }
    }

    /**
     * The cases with stride 1 and one group, so that most take {@link ConvDirectF32}, with three times the output
     * channels (3 to 27: blocks of eight and the rest).
     */
    @Provide
    Arbitrary<ConvArbitraries.Case> strideOneCases() {
        return ConvArbitraries.cases().map(c -> new ConvArbitraries.Case(c.input(),
                new int[]{3 * c.weight()[0], c.input()[1], c.weight()[2], c.weight()[3]}, c.bias(),
                new Conv2dSpec(1, 1, c.spec().padH(), c.spec().padW(), c.spec().dilationH(), c.spec().dilationW(), 1),
                c.seed()));
    }

    @Property(tries = 100)
    void directForwardIsTheGemmsBits(@ForAll("strideOneCases") ConvArbitraries.Case c) {
        ConvShape s = c.shape();
        Assume.that(ConvGemm.directForward(DType.FLOAT32, s) && s.n() > 0);
        try (MemoryScope scope = MemoryScope.open()) {
            Generator g = new Generator(c.seed());
            NDArray x = NDArrays.randn(g, DType.FLOAT32, c.input());
            NDArray w = NDArrays.randn(g, DType.FLOAT32, c.weight());
            NDArray b = c.bias() ? NDArrays.randn(g, DType.FLOAT32, c.weight()[0]) : null;
            NDArray cols = NDArrays.empty(DType.FLOAT32, s.rows(), s.n() * s.area());
            Im2Col.im2col(false, x.segment(), x.offset(), s, s.n(), cols.segment(), cols.offset());
            NDArray gemm = NDArrays.empty(DType.FLOAT32, s.outputShape());
            MatMul.matmulAddInto(w.view(1, s.cout(), s.rows()).expand(s.n(), s.cout(), s.rows()),
                    cols.view(s.rows(), s.n(), s.area()).permute(1, 0, 2), b == null ? null : b.view(s.cout(), 1),
                    gemm.view(s.n(), s.cout(), s.area()));
            assertArrayEquals(gemm.toDoubleArray(), ConvGemm.forward(x, w, b, s, ConvGemm.COLUMN_BUDGET, false)
                    .output().toDoubleArray());
        }
    }

    @Property(tries = 2)
    void inputGradientOfLargePlanes(@ForAll("floats") DType t) {
        // float32 col2im stages 9 taps x 38 x 40 columns per image, so fewer images at a time than the chunk holds
        try (MemoryScope scope = MemoryScope.open()) {
            Generator g = new Generator(11);
            Conv2dSpec spec = Conv2dSpec.of(null, new int[]{1, 2}, new int[]{1, 2}, 1);
            NDArray w = NDArrays.randn(g, t, 3, 2, 3, 3);
            int[] input = {9, 2, 38, 40};
            NDArray gy = NDArrays.randn(g, t, 9, 3, 38, 40);
            double[] expected = Conv.conv2dBackwardInputReference(gy.to(DType.FLOAT64), w.to(DType.FLOAT64),
                    input, spec).toDoubleArray();
            double[] actual = Conv.conv2dBackwardInput(gy, w, input, spec).toDoubleArray();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], ConvArbitraries.rel(t) * (1 + Math.abs(expected[i])), "element " + i);
            }
        }
    }

    static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(expected, e.getMessage());
    }
}
