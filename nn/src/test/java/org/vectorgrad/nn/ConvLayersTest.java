package org.vectorgrad.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.DType;
import org.vectorgrad.engine.Generator;

/** The conv and pooling layers: PyTorch's printing and init, and the cnn_b64 anchor network end to end. */
class ConvLayersTest {
    /** Local stand-ins, so that this test needs only the layers of this package that exist on every branch. */
    static final class Relu extends Layer {
        @Override
        public Tensor forward(Tensor x) {
            return x.relu();
        }
    }

    static final class Flat extends Layer {
        @Override
        public Tensor forward(Tensor x) {
            return x.flatten(1, -1);
        }
    }

    /** The CNN of torch_train_anchor.py's cnn_b64 workload. */
    static Sequential anchorCnn() {
        return new Sequential(new Conv2d(1, 32, 3), new Relu(), new MaxPool2d(2), new Conv2d(32, 64, 3), new Relu(),
                new MaxPool2d(2), new Flat(), new Linear(1600, 128), new Relu(), new Linear(128, 10));
    }

    static Tensor crossEntropy(Tensor logits, Tensor target) {
        return logits.logSoftmax(1).gather(1, target.unsqueeze(1)).mean().neg();
    }

    @Test
    void layersPrintAsPyTorch() {
        assertEquals("Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))", new Conv2d(1, 6, 5).toString());
        assertEquals("Conv2d(3, 8, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), dilation=(2, 2), bias=False)",
                new Conv2d(3, 8, new int[]{3}, new int[]{2}, new int[]{1}, new int[]{2}, 1, false,
                        new Generator(0)).toString());
        assertEquals("Conv2d(4, 8, kernel_size=(3, 5), stride=(1, 1), groups=2)",
                new Conv2d(4, 8, new int[]{3, 5}, new int[]{1}, new int[]{0}, new int[]{1}, 2, true,
                        new Generator(0)).toString());
        assertEquals("Conv2d(4, 8, kernel_size=(3, 5), stride=(1, 1), padding=same, groups=2)",
                new Conv2d(4, 8, new int[]{3, 5}, new int[]{1}, "same", new int[]{1}, 2, true, new Generator(0)).toString());
        assertEquals("Conv2d(4, 8, kernel_size=(3, 3), stride=(1, 1), padding=valid)",
                new Conv2d(4, 8, new int[]{3}, new int[]{1}, "valid", new int[]{1}, 1, true, new Generator(0)).toString());
        assertEquals("MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)",
                new MaxPool2d(2).toString());
        assertEquals("MaxPool2d(kernel_size=(2, 3), stride=1, padding=1, dilation=2, ceil_mode=True)",
                new MaxPool2d(new int[]{2, 3}, new int[]{1}, new int[]{1}, new int[]{2}, true).toString());
        assertEquals("AvgPool2d(kernel_size=2, stride=2, padding=0)", new AvgPool2d(2).toString());
        assertEquals("AvgPool2d(kernel_size=3, stride=2, padding=1)",
                new AvgPool2d(new int[]{3}, new int[]{2}, new int[]{1}, true, false, null).toString());
        assertEquals("AdaptiveAvgPool2d(output_size=(5, 7))", new AdaptiveAvgPool2d(5, 7).toString());
        assertEquals("AdaptiveAvgPool2d(output_size=1)", new AdaptiveAvgPool2d(1).toString());
    }

    @Test
    void conv2dInitialisesAsPyTorchAndChecksGroups() {
        Conv2d conv = new Conv2d(4, 6, new int[]{3, 2}, new int[]{1}, new int[]{0}, new int[]{1}, 2, true,
                new Generator(1));
        assertArrayEquals(new int[]{6, 2, 3, 2}, conv.weight.shape());
        assertEquals(List.of("weight", "bias"), List.copyOf(conv.namedParameters().keySet()));
        double bound = 1 / Math.sqrt(2 * 3 * 2);
        for (double v : conv.weight.toDoubleArray()) {
            assertTrue(Math.abs(v) <= bound, () -> v + " outside +-" + bound);
        }
        for (double v : conv.bias.toDoubleArray()) {
            assertTrue(Math.abs(v) <= bound);
        }
        var e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 6, new int[]{3}, new int[]{1},
                new int[]{0}, new int[]{1}, 2, true, new Generator(0)));
        assertEquals("in_channels must be divisible by groups", e.getMessage());
    }

    @Test
    void samePaddingKeepsTheSpatialSize() {
        Conv2d conv = new Conv2d(2, 3, new int[]{4, 3}, new int[]{1}, "same", new int[]{1}, 1, false, new Generator(2));
        assertArrayEquals(new int[]{2, 3, 7, 5}, conv.forward(Tensor.randn(2, 2, 7, 5)).shape());
        var e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(2, 3, new int[]{3}, new int[]{2}, "same",
                new int[]{1}, 1, true, new Generator(0)));
        assertEquals("padding='same' is not supported for strided convolutions", e.getMessage());
    }

    @Test
    void trainingStepsInScopesKeepMemoryFlat() {
        Generator g = new Generator(3);
        Sequential net = new Sequential(new Conv2d(2, 4, new int[]{3}, new int[]{1}, new int[]{1}, new int[]{1}, 2,
                true, g), new Relu(), new MaxPool2d(2), new Conv2d(4, 4, 2), new AvgPool2d(2), new AdaptiveAvgPool2d(1),
                new Flat());
        Tensor x = Tensor.randn(g, DType.FLOAT32, 3, 2, 10, 10);
        for (int step = 0; step < 3; step++) {
            long before = org.vectorgrad.engine.BufferPool.liveBytes();
            try (org.vectorgrad.engine.MemoryScope scope = org.vectorgrad.engine.MemoryScope.open()) {
                net.forward(x).square().sum().backward(); // the kept im2col matrices die with the scope
            }
            long after = org.vectorgrad.engine.BufferPool.liveBytes();
            // Step 0 allocates the parameters' gradients (kept); later steps accumulate into them in place. (The
            // GC's cleaner may release other tests' forgotten arrays meanwhile: live bytes can only drop.)
            if (step > 0) {
                assertTrue(after <= before, () -> "step grew live bytes from " + before + " to " + after);
            }
        }
    }

    @Test
    void poolingLayersApplyTheirWindows() {
        Tensor x = Tensor.arange(0, 32, 1).view(2, 1, 4, 4);
        assertArrayEquals(new double[]{5, 7, 13, 15, 21, 23, 29, 31}, new MaxPool2d(2).forward(x).toDoubleArray());
        assertArrayEquals(new double[]{2.5, 4.5, 10.5, 12.5, 18.5, 20.5, 26.5, 28.5},
                new AvgPool2d(2).forward(x).toDoubleArray());
        assertArrayEquals(new double[]{7.5, 23.5}, new AdaptiveAvgPool2d(1).forward(x).toDoubleArray());
    }

    @Test
    void theAnchorCnnRunsForwardAndBackwardAtBatch4() {
        Generator g = new Generator(0);
        Sequential cnn = anchorCnn();
        Tensor x = Tensor.randn(g, DType.FLOAT32, 4, 1, 28, 28);
        Tensor y = Tensor.wrap(org.vectorgrad.engine.NDArrays.randint(g, 0, 10, 4));
        Tensor logits = cnn.forward(x);
        assertArrayEquals(new int[]{4, 10}, logits.shape());
        Tensor loss = crossEntropy(logits, y);
        assertEquals("NegBackward0", loss.gradFn().name());
        assertTrue(Double.isFinite(loss.item()));
        loss.backward();
        for (var p : cnn.namedParameters().entrySet()) {
            Tensor grad = p.getValue().grad();
            assertNotNull(grad, p.getKey());
            assertArrayEquals(p.getValue().shape(), grad.shape(), p.getKey());
            double norm = 0;
            for (double v : grad.toDoubleArray()) {
                assertTrue(Double.isFinite(v), p.getKey());
                norm += v * v;
            }
            assertTrue(norm > 0, p.getKey() + " got an all-zero gradient");
        }
        // The loss must go down along the negative gradient: a cheap end-to-end check of the backward's sign and scale.
        double before = loss.item();
        try (var off = Tensor.noGrad()) {
            for (Parameter p : cnn.parameters()) {
                p.ndarray().copy_(p.sub(p.grad().mul(0.05)).ndarray());
            }
            assertTrue(crossEntropy(cnn.forward(x), y).item() < before);
        }
    }
}
