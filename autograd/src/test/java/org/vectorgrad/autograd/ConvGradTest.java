package org.vectorgrad.autograd;

import static org.junit.jupiter.api.Assertions.*;

import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.vectorgrad.engine.Conv2dSpec;
import org.vectorgrad.engine.DType;
import org.vectorgrad.engine.Generator;

/**
 * Gradients of conv2d and the pooling ops beyond the table's fixed cases: gradcheck over random geometries,
 * second derivatives (gradgradcheck) of every op, the node names PyTorch prints, and the returned indices.
 */
class ConvGradTest {
    private static Tensor normal(Generator g, int... shape) {
        return Tensor.randn(g, DType.FLOAT64, shape).requiresGrad(true);
    }

    @Property(tries = 12)
    void conv2dGradcheckOverRandomGeometries(@ForAll @IntRange(min = 1, max = 2) int n,
            @ForAll @IntRange(min = 1, max = 2) int groups, @ForAll @IntRange(min = 1, max = 2) int cinG,
            @ForAll @IntRange(min = 1, max = 2) int coutG, @ForAll @IntRange(min = 1, max = 2) int k,
            @ForAll @IntRange(min = 1, max = 2) int stride, @ForAll @IntRange(min = 0, max = 1) int pad,
            @ForAll @IntRange(min = 1, max = 2) int dilation, @ForAll boolean bias, @ForAll long seed) {
        Generator g = new Generator(seed);
        int size = Math.max(3, dilation * (k - 1) + 1);
        Tensor x = normal(g, n, groups * cinG, size, size + 1);
        Tensor w = normal(g, groups * coutG, cinG, k, k + 1 > 2 ? 2 : k + 1);
        Tensor b = bias ? normal(g, groups * coutG) : null;
        Conv2dSpec spec = new Conv2dSpec(stride, 1, pad, 0, dilation, 1, groups);
        Function<Tensor[], Tensor> fn = in -> in[0].conv2d(in[1], in.length > 2 ? in[2] : null, spec);
        assertTrue(bias ? GradCheck.gradcheck(fn, x, w, b) : GradCheck.gradcheck(fn, x, w), spec::toString);
    }

    @Property(tries = 12)
    void poolingGradcheckOverRandomWindows(@ForAll @IntRange(min = 1, max = 3) int kh,
            @ForAll @IntRange(min = 1, max = 3) int kw, @ForAll @IntRange(min = 1, max = 2) int stride,
            @ForAll @IntRange(min = 0, max = 1) int pad, @ForAll @IntRange(min = 1, max = 2) int dilation,
            @ForAll boolean ceil, @ForAll @IntRange(min = 1, max = 4) int outH, @ForAll long seed) {
        int p = Math.min(pad, Math.min(kh, kw) / 2);
        Tensor x = normal(new Generator(seed), 1, 2, dilation * (kh - 1) + 2, dilation * (kw - 1) + 3);
        int[] k = {kh, kw};
        assertTrue(GradCheck.gradcheck(in -> in[0].maxPool2d(k, new int[]{stride}, new int[]{p}, new int[]{dilation},
                ceil), x));
        assertTrue(GradCheck.gradcheck(in -> in[0].avgPool2d(k, new int[]{stride}, new int[]{p}, ceil, (seed & 1) == 0,
                null), x));
        assertTrue(GradCheck.gradcheck(in -> in[0].adaptiveAvgPool2d(outH, 5 - outH), x));
    }

    @Test
    void firstLayerBiasGradientIsTheOutputGradientsSum() {
        // float32 with few im2col rows: the bias gradient comes from the weight gradient's pass over g
        Generator g = new Generator(6);
        Tensor x = Tensor.randn(g, DType.FLOAT32, 3, 1, 9, 11);
        Tensor w = Tensor.randn(g, DType.FLOAT32, 5, 1, 3, 3).requiresGrad(true);
        Tensor b = Tensor.randn(g, DType.FLOAT32, 5).requiresGrad(true);
        Tensor gy = Tensor.randn(g, DType.FLOAT32, 3, 5, 7, 9);
        Tensor y = x.conv2d(w, b);
        y.backward(gy);
        double[] expected = gy.sum(new int[]{0, 2, 3}, false).toDoubleArray();
        double[] actual = b.grad().toDoubleArray();
        for (int c = 0; c < expected.length; c++) {
            assertEquals(expected[c], actual[c], 1e-4, "channel " + c);
        }
        assertNotNull(w.grad());
    }

    @Test
    void conv2dSecondDerivatives() {
        Generator g = new Generator(3);
        Tensor x = normal(g, 2, 2, 3, 3);
        Tensor w = normal(g, 4, 1, 2, 2);
        Tensor b = normal(g, 4);
        Conv2dSpec spec = Conv2dSpec.of(new int[]{2, 1}, new int[]{1}, new int[]{1}, 2);
        assertTrue(GradCheck.gradgradcheck(in -> in[0].conv2d(in[1], in[2], spec), x, w, b));
    }

    @Test
    void poolingSecondDerivatives() {
        Generator g = new Generator(4);
        Tensor x = normal(g, 1, 2, 4, 5);
        assertTrue(GradCheck.gradgradcheck(in -> in[0].maxPool2d(new int[]{2}, new int[]{1}, new int[]{1}, null, true), x));
        assertTrue(GradCheck.gradgradcheck(in -> in[0].avgPool2d(new int[]{3}, new int[]{2}, new int[]{1}, true, false,
                null), x));
        assertTrue(GradCheck.gradgradcheck(in -> in[0].adaptiveAvgPool2d(3, 2), x));
    }

    @Test
    void nodesAreNamedAsInPyTorch() {
        Generator g = new Generator(5);
        Tensor x = normal(g, 1, 1, 4, 4);
        Tensor w = normal(g, 2, 1, 3, 3);
        Tensor y = x.conv2d(w, null);
        assertEquals("ConvolutionBackward0", y.gradFn().name());
        assertEquals("MaxPool2DWithIndicesBackward0", x.maxPool2d(2).gradFn().name());
        assertEquals("AvgPool2DBackward0", x.avgPool2d(2).gradFn().name());
        assertEquals("AdaptiveAvgPool2DBackward0", x.adaptiveAvgPool2d(2, 2).gradFn().name());
        assertEquals("ConvolutionBackwardBackward0", Autograd.grad(y.sum(), new Tensor[]{x}, true)[0].gradFn().name());
        assertEquals("MaxPool2DWithIndicesBackwardBackward0",
                Autograd.grad(x.maxPool2d(2).sum(), new Tensor[]{x}, true)[0].gradFn().name());
        assertEquals("AvgPool2DBackwardBackward0",
                Autograd.grad(x.avgPool2d(2).sum(), new Tensor[]{x}, true)[0].gradFn().name());
        assertEquals("AdaptiveAvgPool2DBackwardBackward0",
                Autograd.grad(x.adaptiveAvgPool2d(3, 3).sum(), new Tensor[]{x}, true)[0].gradFn().name());
    }

    @Test
    void maxPoolReturnsIndicesAndRoutesGradientsToThem() {
        Tensor x = Tensor.tensor(new double[]{1, 5, 2, 0, 3, 4, 9, 8, 7}, 1, 1, 3, 3).requiresGrad(true);
        TensorWithIndices r = x.maxPool2dWithIndices(new int[]{2}, new int[]{1}, null, null, false);
        assertArrayEquals(new double[]{5, 5, 9, 8}, r.values().toDoubleArray());
        assertArrayEquals(new long[]{1, 1, 6, 7}, r.indices().toLongArray());
        assertFalse(r.indices().requiresGrad());
        r.values().sum().backward();
        assertArrayEquals(new double[]{0, 2, 0, 0, 0, 0, 1, 1, 0}, x.grad().toDoubleArray());
    }

    @Test
    void biasAndWeightGradientsOfAnUnbatchedInput() {
        Generator g = new Generator(6);
        Tensor x = normal(g, 2, 4, 4);
        Tensor w = normal(g, 3, 2, 2, 2);
        Tensor b = normal(g, 3);
        Tensor y = x.conv2d(w, b, 1, 1);
        assertArrayEquals(new int[]{3, 5, 5}, y.shape());
        y.sum().backward();
        assertArrayEquals(new double[]{25, 25, 25}, b.grad().toDoubleArray(), 1e-12);
        assertArrayEquals(w.shape(), w.grad().shape());
        assertArrayEquals(x.shape(), x.grad().shape());
    }

    @Test
    void samePaddingMatchesPyTorchIncludingTheOddExtraRowAndColumn() {
        Tensor x = Tensor.arange(0, 60, 1).to(DType.FLOAT64).div(10.0).view(1, 2, 5, 6);
        Tensor w = Tensor.arange(0, 36, 1).to(DType.FLOAT64).div(7.0).sub(1.0).view(3, 2, 2, 3);
        // torch.nn.functional.conv2d(x, w, None, 1, 'same', dilation): entries 0, 5, 29, 30, 89, sum, index-weighted sum
        double[][] expected = {{3.571428571429, 0.542857142857, -6.114285714286, 28.942857142857, 53.542857142857,
            4519.2857142857, 292847.14285714}, {3.2, 1.857142857143, -4.914285714286, 17.942857142857, 46.514285714286,
            3944.9142857143, 256068.0}};
        for (int d = 0; d < 2; d++) {
            Tensor y = x.conv2d(w, null, null, "same", new int[]{d + 1, 1}, 1);
            assertArrayEquals(new int[]{1, 3, 5, 6}, y.shape());
            double[] v = y.toDoubleArray();
            double weighted = 0;
            double sum = 0;
            for (int i = 0; i < v.length; i++) {
                sum += v[i];
                weighted += i * v[i];
            }
            assertArrayEquals(expected[d], new double[]{v[0], v[5], v[29], v[30], v[89], sum, weighted}, 1e-8);
        }
        Tensor xs = normal(new Generator(8), 1, 2, 4, 3);
        Tensor ws = normal(new Generator(9), 2, 1, 2, 3);
        assertTrue(GradCheck.gradcheck(in -> in[0].conv2d(in[1], null, null, "same", null, 2), xs, ws));
        var e = assertThrows(IllegalArgumentException.class, () -> x.conv2d(w, null, new int[]{2}, "same", null, 1));
        assertEquals("padding='same' is not supported for strided convolutions", e.getMessage());
    }
}
