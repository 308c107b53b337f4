package org.vectorgrad.autograd;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.vectorgrad.engine.DType;

/** The seed examples of PyTorch's requires_grad semantics, run as written in the issue. */
class SemanticsTest {
    @Test
    void requiresGradPropagatesAndOnlyLeavesGetGrad() {
        Tensor x1 = Tensor.randn(5).requiresGrad(true);
        Tensor x2 = Tensor.randn(5);
        Tensor y1 = x1.pow(x1);
        Tensor y2 = x2.pow(x2);
        Tensor z = y1.add(y2);
        assertFalse(x2.requiresGrad());
        assertTrue(y1.requiresGrad());
        assertFalse(y2.requiresGrad());
        assertTrue(z.requiresGrad());
        assertFalse(y1.isLeaf());
        assertEquals("PowBackward1", y1.gradFn().name());
        assertNull(x1.gradFn());
        assertTrue(x1.isLeaf());
        z.sum().backward();
        assertNotNull(x1.grad());
        assertNull(x2.grad());
        assertNull(y1.grad());
        // d/dx x^x = x^x (ln x + 1)
        double[] x = x1.toDoubleArray();
        double[] g = x1.grad().toDoubleArray();
        for (int i = 0; i < x.length; i++) {
            double expected = Math.pow(x[i], x[i]) * (Math.log(x[i]) + 1);
            if (Double.isNaN(expected)) {
                assertTrue(Double.isNaN(g[i]));
            } else {
                assertEquals(expected, g[i], 1e-4 * Math.max(1, Math.abs(expected)));
            }
        }
    }

    @Test
    void integerTensorsCannotRequireGrad() {
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.tensor(new long[]{1, 2}).requiresGrad(true));
        assertEquals("Only Tensors of floating point dtype can require gradients", e.getMessage());
    }

    @Test
    void zeroDimensionalScalarsAndJavaScalars() {
        Tensor a = Tensor.randn(1).squeeze();
        assertEquals(0, a.dim());
        assertEquals(a.toDoubleArray()[0], a.item());
        Tensor x1 = Tensor.tensor(new float[]{1, 2});
        assertArrayEquals(new float[]{3, 5}, x1.mul(2.0).add(1.0).toFloatArray());
        assertEquals(DType.FLOAT32, x1.mul(2.0).dtype());
    }

    @Test
    void gradientsAccumulateAcrossBackwardCalls() {
        Tensor x = Tensor.tensor(new double[]{1.5}).requiresGrad(true);
        x.mul(2.0).sum().backward();
        x.mul(3.0).sum().backward();
        assertEquals(5.0, x.grad().item());
    }

    @Test
    void retainGradKeepsANonLeafGradient() {
        Tensor x = Tensor.tensor(new double[]{1, 2}).requiresGrad(true);
        Tensor y = x.mul(3.0);
        y.retainGrad();
        y.sum().backward();
        assertArrayEquals(new double[]{1, 1}, y.grad().toDoubleArray());
        assertArrayEquals(new double[]{3, 3}, x.grad().toDoubleArray());
    }

    @Test
    void detachAndDataShareStorageButNotHistory() {
        Tensor w = Tensor.randn(3).requiresGrad(true);
        Tensor d = w.data();
        assertNotSame(d, w.data());
        w.data().requiresGrad(true);
        assertFalse(w.data().requiresGrad());
        assertTrue(w.requiresGrad());
        assertTrue(d.ndarray().sharesStorageWith(w.ndarray()));
        Tensor det = w.mul(2.0).detach();
        assertFalse(det.requiresGrad());
        assertTrue(det.isLeaf());
    }

    @Test
    void backwardErrorsUsePyTorchWording() {
        Tensor x = Tensor.randn(3).requiresGrad(true);
        var e1 = assertThrows(IllegalArgumentException.class, () -> x.mul(2.0).backward());
        assertEquals("grad can be implicitly created only for scalar outputs", e1.getMessage());
        var e2 = assertThrows(IllegalStateException.class, () -> Tensor.randn(1).sum().backward());
        assertEquals("element 0 of tensors does not require grad and does not have a grad_fn", e2.getMessage());
        Tensor y = x.pow(2.0).sum();
        y.backward();
        var e3 = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e3.getMessage().startsWith("Trying to backward through the graph a second time"), e3.getMessage());
        Tensor nonLeaf = x.mul(2.0);
        var e4 = assertThrows(IllegalStateException.class, () -> nonLeaf.requiresGrad(false));
        assertTrue(e4.getMessage().startsWith("you can only change requires_grad flags of leaf variables"));
    }

    @Test
    void retainGraphAllowsASecondBackward() {
        Tensor x = Tensor.tensor(new double[]{2}).requiresGrad(true);
        Tensor y = x.pow(2.0).sum();
        y.backward(null, true, false);
        y.backward();
        assertEquals(8.0, x.grad().item());
    }

    @Test
    void inPlaceRules() {
        Tensor leaf = Tensor.randn(3).requiresGrad(true);
        var e = assertThrows(IllegalStateException.class, () -> leaf.add_(1.0));
        assertEquals("a leaf Variable that requires grad is being used in an in-place operation.", e.getMessage());
        try (var g = Tensor.noGrad()) {
            leaf.add_(1.0); // allowed without recording, like an optimizer step
        }
        Tensor a = Tensor.randn(3).requiresGrad(true);
        Tensor b = a.mul(2.0);
        Tensor c = b.mul(b);
        b.add_(1.0);
        var e2 = assertThrows(IllegalStateException.class, () -> c.sum().backward());
        assertTrue(e2.getMessage().startsWith("one of the variables needed for gradient computation has been modified by"
                + " an inplace operation: [torch.FloatTensor [3]]"), e2.getMessage());
        assertTrue(e2.getMessage().contains("is at version 1; expected version 0 instead"), e2.getMessage());
    }

    /** As PyTorch: relu and exp save their result, log its input; only what was saved may not change. */
    @Test
    void unaryOpsSaveOnlyWhatTheirDerivativeReads() {
        Tensor a = Tensor.tensor(new double[]{-1, 2, 3}).requiresGrad(true);
        Tensor b = a.mul(1.0);
        Tensor r = b.relu();
        Tensor e = b.exp();
        b.add_(1.0); // neither relu nor exp saved b
        r.add(e).sum().backward();
        assertArrayEquals(new double[]{Math.exp(-1), 1 + Math.exp(2), 1 + Math.exp(3)}, a.grad().toDoubleArray(), 1e-6);

        Tensor c = Tensor.tensor(new double[]{1, 2}).requiresGrad(true).mul(1.0);
        Tensor l = c.log();
        c.add_(1.0); // log saved c
        assertThrows(IllegalStateException.class, () -> l.sum().backward());
        Tensor d = Tensor.tensor(new double[]{1, 2}).requiresGrad(true).mul(1.0);
        Tensor r2 = d.relu();
        r2.mul_(2.0); // relu saved its result
        assertThrows(IllegalStateException.class, () -> r2.sum().backward());
    }

    @Test
    void inPlaceOnANonLeafRebasesItsHistory() {
        Tensor a = Tensor.tensor(new double[]{1, 2}).requiresGrad(true);
        Tensor b = a.mul(3.0);
        b.mul_(2.0);
        assertEquals("MulBackward0", b.gradFn().name());
        b.sum().backward();
        assertArrayEquals(new double[]{6, 6}, a.grad().toDoubleArray());
    }

    @Test
    void noGradRecordsNothingAndEnableGradReopens() throws Exception {
        Tensor x = Tensor.randn(2).requiresGrad(true);
        try (var g = Tensor.noGrad()) {
            Tensor y = x.mul(2.0);
            assertFalse(y.requiresGrad());
            try (var e = Tensor.enableGrad()) {
                assertTrue(x.mul(2.0).requiresGrad());
            }
            Thread other = new Thread(() -> assertTrue(x.mul(2.0).requiresGrad()));
            other.start();
            other.join();
        }
        assertTrue(x.mul(2.0).requiresGrad());
    }

    @Test
    void nodeNamesAndEdges() {
        Tensor x = Tensor.randn(2, 3).requiresGrad(true);
        Tensor w = Tensor.randn(3, 4).requiresGrad(true);
        Tensor y = x.matmul(w);
        assertEquals("MmBackward0", y.gradFn().name());
        assertEquals("AccumulateGrad", y.gradFn().nextFunctions().get(0).node().name());
        assertEquals("SumBackward0", y.sum().gradFn().name());
        assertEquals("SumBackward1", y.sum(new int[]{0}, false).gradFn().name());
        assertEquals("AddBackward0", x.add(1.0).gradFn().name());
        assertEquals("PowBackward0", x.pow(2.0).gradFn().name());
        assertEquals("MulBackward0", x.mul(x).gradFn().name());
        Tensor c = Tensor.randn(3);
        Tensor z = x.mul(c);
        assertNull(z.gradFn().nextFunctions().get(1).node());
    }

    @Test
    void aLongChainDoesNotOverflowTheStack() {
        Tensor x = Tensor.tensor(new double[]{1}).requiresGrad(true);
        Tensor y = x;
        for (int i = 0; i < 100_000; i++) {
            y = y.add(1.0);
        }
        y.sum().backward();
        assertEquals(1.0, x.grad().item());
    }

    @Test
    void fanOutSumsGradients() {
        Tensor x = Tensor.tensor(new double[]{2}).requiresGrad(true);
        Tensor y = x.mul(x).add(x).add(x.mul(3.0));
        y.sum().backward();
        assertEquals(2 * 2 + 1 + 3, x.grad().item());
    }

    @Test
    void broadcastingIsUndoneInTheGradient() {
        Tensor a = Tensor.randn(new org.vectorgrad.engine.Generator(1), DType.FLOAT64, 2, 3).requiresGrad(true);
        Tensor b = Tensor.randn(new org.vectorgrad.engine.Generator(2), DType.FLOAT64, 3).requiresGrad(true);
        a.add(b).sum().backward();
        assertArrayEquals(new int[]{3}, b.grad().shape());
        assertArrayEquals(new double[]{2, 2, 2}, b.grad().toDoubleArray());
    }

    @Test
    void higherOrderGradients() {
        Tensor x = Tensor.tensor(new double[]{1.5, -2}).requiresGrad(true);
        Tensor y = x.pow(3.0).sum();
        Tensor dx = Autograd.grad(y, new Tensor[]{x}, true)[0];
        assertArrayEquals(new double[]{3 * 2.25, 3 * 4}, dx.toDoubleArray(), 1e-12);
        Tensor d2x = Autograd.grad(dx.sum(), new Tensor[]{x}, false)[0];
        assertArrayEquals(new double[]{6 * 1.5, 6 * -2}, d2x.toDoubleArray(), 1e-12);
    }

    @Test
    void hessianVectorProduct() {
        // f(x) = sum(x_i^2 * x_j) over i, j = (sum x^2)(sum x): H v computed by double backward.
        Tensor x = Tensor.tensor(new double[]{1, 2}).requiresGrad(true);
        Tensor v = Tensor.tensor(new double[]{1, -1});
        Tensor f = x.pow(2.0).sum().mul(x.sum());
        Tensor g = Autograd.grad(f, new Tensor[]{x}, true)[0];
        Tensor hv = Autograd.grad(g.mul(v).sum(), new Tensor[]{x}, false)[0];
        // H = 2 S I + 2 x 1^T + 2 1 x^T with S = sum x = 3: rows [10, 6], [6, 14]
        assertArrayEquals(new double[]{4, -8}, hv.toDoubleArray(), 1e-12);
    }

    @Test
    void hooksSeeAndReplaceGradients() throws Exception {
        Tensor x = Tensor.tensor(new double[]{1, 2}).requiresGrad(true);
        double[] seen = new double[1];
        AutoCloseable handle = x.registerHook(g -> {
            seen[0] = g.sum().item();
            return g.mul(10.0);
        });
        x.mul(2.0).sum().backward();
        assertEquals(4.0, seen[0]);
        assertArrayEquals(new double[]{20, 20}, x.grad().toDoubleArray());
        handle.close();
    }

    @Test
    void anomalyModeNamesTheOpThatProducedNaN() {
        Autograd.detectAnomaly(true);
        try {
            Tensor x = Tensor.tensor(new double[]{0}).requiresGrad(true);
            Tensor y = x.sqrt().mul(0.0).sum();
            var e = assertThrows(IllegalStateException.class, y::backward);
            assertTrue(e.getMessage().contains("SqrtBackward0"), e.getMessage());
        } finally {
            Autograd.detectAnomaly(false);
        }
    }

    @Test
    void toDotDrawsTheGraph() {
        Tensor w = Tensor.randn(3).requiresGrad(true);
        Tensor b = Tensor.randn(3).requiresGrad(true);
        Tensor x = Tensor.randn(3);
        String dot = w.mul(x).add(b).toDot();
        assertTrue(dot.startsWith("digraph {"));
        assertTrue(dot.contains("AddBackward0"));
        assertTrue(dot.contains("MulBackward0"));
        assertEquals(2, dot.split("requires_grad=True").length - 1);
    }

    @Test
    void printsLikePyTorch() {
        Tensor x = Tensor.tensor(new float[]{1, 2}).requiresGrad(true);
        assertEquals("tensor([1., 2.], requires_grad=True)", x.toString());
        assertEquals("tensor([2., 4.], grad_fn=<MulBackward0>)", x.mul(2.0).toString());
    }

    @Test
    void customFunctionLikeTorchAutogradFunction() {
        final class Cube extends Function {
            @Override
            protected Tensor forward(Context ctx, Tensor... in) {
                ctx.saveForBackward(in[0]);
                return in[0].pow(3.0);
            }

            @Override
            protected Tensor[] backward(Context ctx, Tensor grad) {
                Tensor x = ctx.savedTensors()[0];
                return new Tensor[]{grad.mul(x.square()).mul(3.0)};
            }
        }
        Tensor x = Tensor.tensor(new double[]{2}).requiresGrad(true);
        Tensor y = new Cube().apply(x);
        assertEquals("CubeBackward0", y.gradFn().name());
        y.sum().backward();
        assertEquals(12.0, x.grad().item());
        assertTrue(GradCheck.gradcheck(in -> new Cube().apply(in[0]), Tensor.tensor(new double[]{0.5, -1.2}).requiresGrad(true)));
    }

    @Test
    void invalidGradientShapeIsReportedCentrally() {
        final class Broken extends Function {
            @Override
            protected Tensor forward(Context ctx, Tensor... in) {
                return in[0].mul(in[1]);
            }

            @Override
            protected Tensor[] backward(Context ctx, Tensor grad) {
                return new Tensor[]{grad, Tensor.ones(DType.FLOAT64, 3, 5)};
            }
        }
        Tensor a = Tensor.ones(DType.FLOAT64, 3, 4).requiresGrad(true);
        Tensor b = Tensor.ones(DType.FLOAT64, 4, 1).requiresGrad(true);
        var e = assertThrows(IllegalStateException.class, () -> new Broken().apply(a, b.view(4)).sum().backward());
        assertEquals("BrokenBackward0 returned an invalid gradient at index 1 - got [3, 5] but expected shape compatible"
                + " with [4]", e.getMessage());
    }
}
