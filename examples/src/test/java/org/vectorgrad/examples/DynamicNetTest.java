package org.vectorgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.DType;
import org.vectorgrad.engine.Generator;
import org.vectorgrad.engine.MemoryScope;
import org.vectorgrad.nn.Functional;
import org.vectorgrad.nn.Reduction;

/** The DynamicNet example trains, and the reused middle layer receives the sum of its uses' gradients. */
class DynamicNetTest {
    @Test
    void fiveHundredStepsCutTheLossTenfold() {
        double[] losses = DynamicNet.train(500, 0);
        double first = losses[0];
        double last = losses[losses.length - 1];
        assertTrue(Double.isFinite(last), "loss became " + last);
        assertTrue(last * 10 <= first, "loss fell only from " + first + " to " + last);
    }

    @Test
    void namesAndPrintingFollowPyTorch() {
        DynamicNet net = new DynamicNet(1000, 100, 10, new Generator(0), new Generator(1));
        assertEquals(List.of("input_linear.weight", "input_linear.bias", "middle_linear.weight", "middle_linear.bias",
                "output_linear.weight", "output_linear.bias"), List.copyOf(net.namedParameters().keySet()));
        assertTrue(net.toString().contains("(middle_linear): Linear(in_features=100, out_features=100, bias=True)"),
                net::toString);
    }

    /**
     * One step of backpropagation written out by hand in plain Java (float64), for the middle layer used
     * {@code uses} times: its gradient must be the sum of the contributions of every use.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void middleLayerGradientIsSummedOverItsUses(int uses) {
        int n = 5;
        int dIn = 7;
        int h = 6;
        int dOut = 3;
        Generator g = new Generator(11);
        DynamicNet net = new DynamicNet(dIn, h, dOut, g, new Generator(12));
        net.to(DType.FLOAT64);
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor x = Tensor.randn(g, DType.FLOAT64, n, dIn);
            Tensor t = Tensor.randn(g, DType.FLOAT64, n, dOut);
            Functional.mseLoss(net.forward(x, uses), t, Reduction.SUM).backward();

            double[][] xs = rows(x, n, dIn);
            double[][] wIn = rows(net.inputLinear.weight, h, dIn);
            double[][] wMid = rows(net.middleLinear.weight, h, h);
            double[][] wOut = rows(net.outputLinear.weight, dOut, h);
            double[] bIn = net.inputLinear.bias.toDoubleArray();
            double[] bMid = net.middleLinear.bias.toDoubleArray();
            double[] bOut = net.outputLinear.bias.toDoubleArray();

            // forward, keeping every pre-activation z and activation a
            double[][][] z = new double[uses + 1][][];
            double[][][] a = new double[uses + 1][][];
            z[0] = affine(xs, wIn, bIn);
            a[0] = relu(z[0]);
            for (int j = 1; j <= uses; j++) {
                z[j] = affine(a[j - 1], wMid, bMid);
                a[j] = relu(z[j]);
            }
            double[][] y = affine(a[uses], wOut, bOut);
            double[][] targets = rows(t, n, dOut);

            // backward: dL/dy = 2 (y - t); every use of the middle layer adds its own term
            double[][] dy = new double[n][dOut];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < dOut; k++) {
                    dy[i][k] = 2 * (y[i][k] - targets[i][k]);
                }
            }
            double[][] dWMid = new double[h][h];
            double[] dBMid = new double[h];
            double[][] da = matmul(dy, wOut);
            for (int j = uses; j >= 1; j--) {
                double[][] dz = reluBackward(da, z[j]);
                accumulate(dWMid, dBMid, dz, a[j - 1]);
                da = matmul(dz, wMid);
            }
            double[][] dWIn = new double[h][dIn];
            double[] dBIn = new double[h];
            accumulate(dWIn, dBIn, reluBackward(da, z[0]), xs);

            if (uses == 0) {
                assertNull(net.middleLinear.weight.grad(), "an unused layer gets no gradient");
            } else {
                assertNotNull(net.middleLinear.weight.grad());
                assertClose(flatten(dWMid), net.middleLinear.weight.grad().toDoubleArray(), "middle_linear.weight");
                assertClose(dBMid, net.middleLinear.bias.grad().toDoubleArray(), "middle_linear.bias");
            }
            assertClose(flatten(dWIn), net.inputLinear.weight.grad().toDoubleArray(), "input_linear.weight");
            assertClose(dBIn, net.inputLinear.bias.grad().toDoubleArray(), "input_linear.bias");
        }
    }

    private static double[][] rows(Tensor t, int r, int c) {
        double[] flat = t.toDoubleArray();
        double[][] out = new double[r][c];
        for (int i = 0; i < r; i++) {
            System.arraycopy(flat, i * c, out[i], 0, c);
        }
        return out;
    }

    /** {@code x W^T + b}. */
    private static double[][] affine(double[][] x, double[][] w, double[] b) {
        double[][] out = new double[x.length][w.length];
        for (int i = 0; i < x.length; i++) {
            for (int o = 0; o < w.length; o++) {
                double s = b[o];
                for (int k = 0; k < w[o].length; k++) {
                    s += x[i][k] * w[o][k];
                }
                out[i][o] = s;
            }
        }
        return out;
    }

    private static double[][] relu(double[][] z) {
        double[][] out = new double[z.length][];
        for (int i = 0; i < z.length; i++) {
            out[i] = z[i].clone();
            for (int k = 0; k < out[i].length; k++) {
                out[i][k] = Math.max(0, out[i][k]);
            }
        }
        return out;
    }

    private static double[][] reluBackward(double[][] da, double[][] z) {
        double[][] out = new double[da.length][da[0].length];
        for (int i = 0; i < da.length; i++) {
            for (int k = 0; k < da[i].length; k++) {
                out[i][k] = z[i][k] > 0 ? da[i][k] : 0;
            }
        }
        return out;
    }

    /** {@code d [n, out] times w [out, in]}: the gradient with respect to a layer's input. */
    private static double[][] matmul(double[][] d, double[][] w) {
        double[][] out = new double[d.length][w[0].length];
        for (int i = 0; i < d.length; i++) {
            for (int o = 0; o < w.length; o++) {
                for (int k = 0; k < w[0].length; k++) {
                    out[i][k] += d[i][o] * w[o][k];
                }
            }
        }
        return out;
    }

    /** {@code dW += dz^T input}, {@code db += sum of dz over the batch}. */
    private static void accumulate(double[][] dW, double[] db, double[][] dz, double[][] input) {
        for (int i = 0; i < dz.length; i++) {
            for (int o = 0; o < dW.length; o++) {
                db[o] += dz[i][o];
                for (int k = 0; k < dW[o].length; k++) {
                    dW[o][k] += dz[i][o] * input[i][k];
                }
            }
        }
    }

    private static double[] flatten(double[][] m) {
        return java.util.Arrays.stream(m).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-9 * (1 + Math.abs(expected[i])), what + "[" + i + "]");
        }
    }
}
