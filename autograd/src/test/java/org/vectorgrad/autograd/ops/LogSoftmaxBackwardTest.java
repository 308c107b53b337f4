package org.vectorgrad.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.DType;
import org.vectorgrad.engine.Generator;
import org.vectorgrad.engine.MemoryScope;

/**
 * log_softmax's backward gives the same bits however warm the JIT is. It used the unary exp kernel, whose Vector API
 * {@code lanewise(EXP)} returns other last bits once C2 compiles it (about 1% of float32 elements differ), so
 * training results depended on compilation timing: two runs of the same seed, or a resumed and an uninterrupted
 * run, drifted apart.
 */
class LogSoftmaxBackwardTest {
    private static double[] gradient(Tensor x, Tensor g) {
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor leaf = x.detach().requiresGrad(true);
            leaf.logSoftmax(1).backward(g);
            double[] out = leaf.grad().toDoubleArray();
            leaf.grad().close();
            return out;
        }
    }

    @Test
    void gradientIsGMinusSoftmaxOfTheOutputTimesSumOfG() {
        Generator gen = new Generator(4);
        Tensor x = Tensor.randn(gen, DType.FLOAT32, 128, 10).mul(3);
        Tensor g = Tensor.randn(gen, DType.FLOAT32, 128, 10);
        Tensor y = x.logSoftmax(1);
        double[] expected = g.sub(y.softmax(1).mul(g.sum(new int[]{1}, true))).toDoubleArray();
        assertArrayEquals(expected, gradient(x, g));
    }

    @Test
    void sameBitsFromTheFirstCallToTheThousandth() {
        Generator gen = new Generator(5);
        Tensor x = Tensor.randn(gen, DType.FLOAT32, 256, 10).mul(3);
        Tensor g = Tensor.randn(gen, DType.FLOAT32, 256, 10);
        double[] first = gradient(x, g);
        // enough calls for C2 to compile the kernels involved (about 600 sufficed for the unary exp kernel)
        for (int i = 0; i < 3000; i++) {
            assertArrayEquals(first, gradient(x, g), "call " + i);
        }
    }
}
