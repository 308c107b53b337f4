package org.vectorgrad.nn;

import static org.junit.jupiter.api.Assertions.*;
import static org.vectorgrad.nn.Data.*;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.vectorgrad.autograd.GradCheck;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.DType;
import org.vectorgrad.engine.Generator;

/** Dropout: inverted scaling, seeded determinism, eval mode, gradients, errors. */
class DropoutTest {
    @Property(tries = 30)
    void keptElementsAreScaledByOneOverOneMinusP(@ForAll @DoubleRange(min = 0.05, max = 0.95) double p,
            @ForAll @IntRange(min = 0, max = 40) int n, @ForAll long seed) {
        Tensor x = Tensor.rand(new Generator(seed), DType.FLOAT64, n).add(0.5);
        Dropout dropout = new Dropout(p, new Generator(seed + 1));
        double[] in = x.toDoubleArray();
        double[] out = dropout.forward(x).toDoubleArray();
        for (int i = 0; i < n; i++) {
            assertTrue(out[i] == 0 || Math.abs(out[i] - in[i] / (1 - p)) < 1e-12, "element " + i + ": " + out[i]);
        }
    }

    @Test
    void dropsAboutPAndKeepsTheExpectation() {
        Tensor x = Tensor.ones(20_000);
        double[] out = new Dropout(0.3, new Generator(7)).forward(x).toDoubleArray();
        int zeros = 0;
        double sum = 0;
        for (double v : out) {
            zeros += v == 0 ? 1 : 0;
            sum += v;
        }
        assertEquals(0.3, zeros / 20_000.0, 0.02);
        assertEquals(1.0, sum / 20_000, 0.03);
    }

    @Test
    void sameSeedSameMask() {
        Tensor x = Tensor.randn(4, 5);
        Tensor a = new Dropout(0.5, new Generator(42)).forward(x);
        Tensor b = new Dropout(0.5, new Generator(42)).forward(x);
        Tensor c = new Dropout(0.5, new Generator(43)).forward(x);
        assertArrayEquals(a.toFloatArray(), b.toFloatArray());
        assertFalse(java.util.Arrays.equals(a.toFloatArray(), c.toFloatArray()));
        Generator g = new Generator(5);
        Tensor first = Functional.dropout(x, 0.5, true, g);
        g.manualSeed(5);
        assertArrayEquals(first.toFloatArray(), Functional.dropout(x, 0.5, true, g).toFloatArray());
    }

    @Test
    void evalModeAndZeroProbabilityAreTheIdentity() {
        Tensor x = Tensor.randn(3, 4);
        Dropout dropout = new Dropout(0.9);
        dropout.eval();
        assertSame(x, dropout.forward(x));
        assertSame(x, Functional.dropout(x, 0.0, true));
        assertSame(x, Functional.dropout(x, 0.5, false));
        dropout.train();
        assertNotSame(x, dropout.forward(x));
        assertArrayEquals(new float[12], Functional.dropout(x, 1.0, true).toFloatArray(), 0f);
        Sequential net = new Sequential(new Linear(4, 4), new Dropout(0.5));
        net.eval();
        assertFalse(net.get(1).isTraining());
    }

    @Test
    void gradientFlowsOnlyThroughKeptElements() {
        Generator g = new Generator(11);
        Tensor x = leaf(seq(shape(3, 4), 0.7, 0.2));
        GradCheck.gradcheck(in -> Functional.dropout(in[0], 0.4, true, g.manualSeed(11)), x);
        Generator layerGenerator = new Generator(3);
        Dropout layer = new Dropout(0.3, layerGenerator);
        gradcheckModule(layer, in -> reseeded(layer, layerGenerator, in), leaf(seq(shape(2, 5), 0.3, 0.9)));
        Tensor y = Functional.dropout(x, 0.4, true, g.manualSeed(11));
        y.sum().backward();
        double[] out = y.toDoubleArray();
        double[] grad = x.grad().toDoubleArray();
        for (int i = 0; i < out.length; i++) {
            assertEquals(out[i] == 0 ? 0.0 : 1 / 0.6, grad[i], 1e-12);
        }
    }

    /** The layer's forward with its generator reseeded, so that every gradcheck evaluation uses one mask. */
    private static Tensor reseeded(Dropout layer, Generator generator, Tensor input) {
        generator.manualSeed(3);
        return layer.forward(input);
    }

    @Test
    void probabilityOutsideZeroOneIsAnError() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5));
        assertEquals("dropout probability has to be between 0 and 1, but got 1.5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Functional.dropout(Tensor.ones(2), -0.1, false));
        assertEquals("Dropout(p=0.5, inplace=False)", new Dropout().toString());
        assertEquals("Dropout(p=0.2, inplace=False)", new Dropout(0.2).toString());
    }
}
