package org.vectorgrad.engine;

import static org.junit.jupiter.api.Assertions.*;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.vectorgrad.engine.kernel.ConvReference;
import org.vectorgrad.engine.kernel.ConvShape;

/**
 * The Winograd F(4x4, 3x3) forward and both gradients ({@code WinogradF32}, {@code WinogradWeightGradF32}) against the scalar twin, over layers
 * that take it: 3 x 3, stride 1, one group, 16 to 40 channels (one to three vectors, partial ones included, and
 * one or two blocks of output channels), planes of 1 to 19 outputs a side (partial tiles), padding 0 to 2.
 */
class WinogradTest {
    /**
     * Relative tolerance against the sum of |terms| (a whole kernel's for the weight gradient, see
     * {@link #perKernel}): the transforms scale terms by up to 5 (inputs) and 8 (outputs), so roundoff is larger
     * than a direct sum's ({@link ConvArbitraries#rel}): up to 1.1e-5 here, at the corner outputs of a padding-2
     * layer (one input pixel per channel), ~2e-6 elsewhere; 1500 tries passed.
     */
    private static final double REL = 2e-5 * 4;

    @Provide
    Arbitrary<ConvArbitraries.Case> layers() {
        Arbitrary<Integer> channels = Arbitraries.integers().between(16, 40);
        Arbitrary<Integer> side = Arbitraries.integers().between(1, 19);
        Arbitrary<Integer> padding = Arbitraries.integers().between(0, 2);
        return Combinators.combine(Arbitraries.integers().between(1, 3), channels, channels, side, side, padding,
                padding, Arbitraries.longs()).as((n, cin, cout, oh, ow, ph, pw, seed) -> {
                    int[] input = {n, cin, oh + 2 - 2 * ph, ow + 2 - 2 * pw};
                    // an output side of 1 with padding 2 would need a negative input side: pad less there
                    int padH = input[2] < 1 ? 0 : ph;
                    int padW = input[3] < 1 ? 0 : pw;
                    input[2] = oh + 2 - 2 * padH;
                    input[3] = ow + 2 - 2 * padW;
                    return new ConvArbitraries.Case(input, new int[]{cout, cin, 3, 3}, (seed & 1) == 0,
                            Conv2dSpec.of(null, new int[]{padH, padW}, null, 1), seed);
                });
    }

    @Property(tries = 60)
    void forwardAndGradientsAgreeWithTheScalarTwin(@ForAll("layers") ConvArbitraries.Case c) {
        ConvShape s = c.shape();
        assertTrue(ConvGemm.winograd(DType.FLOAT32, s), "takes Winograd: " + c);
        try (MemoryScope scope = MemoryScope.open()) {
            Generator g = new Generator(c.seed());
            NDArray x = NDArrays.randn(g, DType.FLOAT32, c.input());
            NDArray w = NDArrays.randn(g, DType.FLOAT32, c.weight());
            NDArray b = c.bias() ? NDArrays.randn(g, DType.FLOAT32, c.weight()[0]) : null;
            NDArray gy = NDArrays.randn(g, DType.FLOAT32, s.outputShape());
            double[] ax = ConvArbitraries.abs(x.toDoubleArray());
            double[] aw = ConvArbitraries.abs(w.toDoubleArray());

            NDArray y = ConvGemm.forward(x, w, b, s, ConvGemm.COLUMN_BUDGET, true).output();
            ConvArbitraries.assertClose("forward " + c, Conv.conv2dReference(x, w, b, c.spec()).toDoubleArray(),
                    y.toDoubleArray(),
                    ConvReference.forward(s, ax, aw, b == null ? null : ConvArbitraries.abs(b.toDoubleArray())), REL);

            NDArray gx = ConvGemm.backwardInput(gy, w, s, ConvGemm.COLUMN_BUDGET);
            ConvArbitraries.assertClose("grad input " + c,
                    Conv.conv2dBackwardInputReference(gy, w, c.input(), c.spec()).toDoubleArray(), gx.toDoubleArray(),
                    ConvReference.backwardInput(s, ConvArbitraries.abs(gy.toDoubleArray()), aw), REL);

            NDArray gw = ConvGemm.backwardWeight(gy, x, null, s, ConvGemm.COLUMN_BUDGET);
            ConvArbitraries.assertClose("grad weight " + c,
                    Conv.conv2dBackwardWeightReference(gy, x, c.weight(), c.spec()).toDoubleArray(), gw.toDoubleArray(),
                    perKernel(ConvReference.backwardWeight(s, ConvArbitraries.abs(gy.toDoubleArray()), ax)), REL);

            // with the bias: the same weight gradient, and the output gradient's channel sums from its transform
            Conv.WeightAndBias both = ConvGemm.backwardWeightAndBias(gy, x, null, s, ConvGemm.COLUMN_BUDGET);
            assertArrayEquals(gw.toDoubleArray(), both.weight().toDoubleArray(), "weight with bias " + c);
            ConvArbitraries.assertClose("grad bias " + c, Conv.conv2dBackwardBias(gy).toDoubleArray(),
                    both.bias().toDoubleArray(), Conv.conv2dBackwardBias(NDArrays.of(ConvArbitraries.abs(
                            gy.toDoubleArray()), s.outputShape())).toDoubleArray(), ConvArbitraries.rel(DType.FLOAT32));
        }
    }

    /**
     * The weight gradient's error scale: each tap's sum of |terms| replaced by its whole 3 x 3 kernel's. The
     * transforms mix a kernel's nine taps (every point of a tile combines them), so a tap's roundoff follows its
     * kernel's magnitude, not its own: in a one-output layer, a tap whose single term was 1e-4 of its neighbours'
     * was off by 1.9e-3 of that term, 2e-7 of the kernel's sum.
     */
    private static double[] perKernel(double[] tapScales) {
        double[] out = new double[tapScales.length];
        for (int k = 0; k < tapScales.length; k += 9) {
            double sum = 0;
            for (int t = k; t < k + 9; t++) {
                sum += tapScales[t];
            }
            java.util.Arrays.fill(out, k, k + 9, sum);
        }
        return out;
    }

    @Example
    void aSecondCallOnTheSameShapeReadsItsOwnData() {
        // the working arrays are kept per thread between calls on a shape (ScratchCache): each call must load its
        // own images and start its sums from zero
        ConvArbitraries.Case c = new ConvArbitraries.Case(new int[]{2, 16, 9, 9}, new int[]{16, 16, 3, 3}, true,
                Conv2dSpec.of(null, new int[]{1}, null, 1), 7);
        ConvShape s = c.shape();
        try (MemoryScope scope = MemoryScope.open()) {
            Generator g = new Generator(c.seed());
            for (int call = 0; call < 3; call++) {
                NDArray x = NDArrays.randn(g, DType.FLOAT32, c.input());
                NDArray w = NDArrays.randn(g, DType.FLOAT32, c.weight());
                NDArray gy = NDArrays.randn(g, DType.FLOAT32, s.outputShape());
                assertArrayEquals(Conv.conv2dReference(x, w, null, c.spec()).toDoubleArray(),
                        ConvGemm.forward(x, w, null, s, ConvGemm.COLUMN_BUDGET, false).output().toDoubleArray(), 1e-3,
                        "forward, call " + call);
                assertArrayEquals(Conv.conv2dBackwardInputReference(gy, w, c.input(), c.spec()).toDoubleArray(),
                        ConvGemm.backwardInput(gy, w, s, ConvGemm.COLUMN_BUDGET).toDoubleArray(), 1e-3,
                        "grad input, call " + call);
                Conv.WeightAndBias both = ConvGemm.backwardWeightAndBias(gy, x, null, s, ConvGemm.COLUMN_BUDGET);
                assertArrayEquals(Conv.conv2dBackwardWeightReference(gy, x, c.weight(), c.spec()).toDoubleArray(),
                        both.weight().toDoubleArray(), 1e-3, "grad weight, call " + call);
                assertArrayEquals(Conv.conv2dBackwardBias(gy).toDoubleArray(), both.bias().toDoubleArray(), 1e-3,
                        "grad bias, call " + call);
            }
        }
    }

    @Example
    void canBeTurnedOffForTheGemm() {
        ConvArbitraries.Case c = new ConvArbitraries.Case(new int[]{2, 16, 9, 9}, new int[]{16, 16, 3, 3}, true,
                Conv2dSpec.of(null, new int[]{1}, null, 1), 5);
        try (MemoryScope scope = MemoryScope.open()) {
            Generator g = new Generator(c.seed());
            NDArray x = NDArrays.randn(g, DType.FLOAT32, c.input());
            NDArray w = NDArrays.randn(g, DType.FLOAT32, c.weight());
            NDArray b = NDArrays.randn(g, DType.FLOAT32, 16);
            double[] winograd = Conv.conv2d(x, w, b, c.spec()).toDoubleArray();
            Conv.setWinogradEnabled(false);
            try {
                assertFalse(ConvGemm.winograd(DType.FLOAT32, c.shape()));
                double[] gemm = Conv.conv2d(x, w, b, c.spec()).toDoubleArray();
                assertFalse(java.util.Arrays.equals(winograd, gemm), "the GEMM rounds otherwise");
                assertArrayEquals(Conv.conv2dReference(x, w, b, c.spec()).toDoubleArray(), gemm, 1e-4);
            } finally {
                Conv.setWinogradEnabled(true);
            }
            assertTrue(ConvGemm.winograd(DType.FLOAT32, c.shape()));
        }
    }
}
