package org.vectorgrad.nn;

import static org.junit.jupiter.api.Assertions.*;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.DType;
import org.vectorgrad.engine.Generator;

/** Reductions agree with each other over random shapes, including empty batches. */
class LossPropertiesTest {
    @Property(tries = 40)
    void classLossReductionsAreConsistent(@ForAll @IntRange(min = 0, max = 5) int n,
            @ForAll @IntRange(min = 1, max = 5) int c, @ForAll long seed, @ForAll boolean weighted,
            @ForAll @IntRange(min = 0, max = 3) int smoothingTenths) {
        Generator g = new Generator(seed);
        Tensor x = Tensor.randn(g, DType.FLOAT64, n, c);
        long[] t = new long[n];
        double denominator = 0;
        double[] w = new double[c];
        for (int i = 0; i < c; i++) {
            w[i] = weighted ? 0.1 + g.nextDouble() : 1.0;
        }
        for (int i = 0; i < n; i++) {
            t[i] = g.nextDouble() < 0.25 ? -100 : g.nextLong(0, c);
            denominator += t[i] == -100 ? 0 : w[(int) t[i]];
        }
        Tensor weight = weighted ? Tensor.tensor(w) : null;
        Tensor target = Tensor.tensor(t);
        double eps = smoothingTenths / 10.0;
        Tensor none = new CrossEntropyLoss(weight, -100, Reduction.NONE, eps).forward(x, target);
        double sum = new CrossEntropyLoss(weight, -100, Reduction.SUM, eps).forward(x, target).item();
        double mean = new CrossEntropyLoss(weight, -100, Reduction.MEAN, eps).forward(x, target).item();
        assertArrayEquals(new int[]{n}, none.shape());
        assertEquals(none.toDoubleArray().length == 0 ? 0.0 : none.sum().item(), sum, 1e-9);
        if (denominator == 0) {
            assertTrue(Double.isNaN(mean), "mean over no counted target is NaN, as in PyTorch: " + mean);
        } else {
            assertEquals(sum / denominator, mean, 1e-9);
        }
        for (int i = 0; i < n; i++) {
            if (t[i] == -100) {
                assertEquals(0.0, none.toDoubleArray()[i]);
            }
        }
    }

    @Property(tries = 30)
    void elementwiseLossMeansAreSumsOverNumel(@ForAll @IntRange(min = 0, max = 4) int rows,
            @ForAll @IntRange(min = 1, max = 4) int cols, @ForAll long seed) {
        Generator g = new Generator(seed);
        Tensor x = Tensor.randn(g, DType.FLOAT64, rows, cols);
        Tensor y = Tensor.rand(g, DType.FLOAT64, rows, cols);
        Loss[][] pairs = {
                {new MSELoss(Reduction.SUM), new MSELoss(Reduction.MEAN)},
                {new L1Loss(Reduction.SUM), new L1Loss(Reduction.MEAN)},
                {new HuberLoss(Reduction.SUM, 0.5), new HuberLoss(Reduction.MEAN, 0.5)},
                {new SmoothL1Loss(Reduction.SUM, 0.5), new SmoothL1Loss(Reduction.MEAN, 0.5)},
                {new BCEWithLogitsLoss(null, Reduction.SUM, null), new BCEWithLogitsLoss(null, Reduction.MEAN, null)},
        };
        for (Loss[] pair : pairs) {
            double sum = pair[0].forward(x, y).item();
            double mean = pair[1].forward(x, y).item();
            if (rows == 0) {
                assertEquals(0.0, sum, pair[0].toString());
                assertTrue(Double.isNaN(mean), pair[1] + " of nothing is NaN, as in PyTorch");
            } else {
                assertEquals(sum / (rows * cols), mean, 1e-12, pair[0].toString());
            }
        }
    }
}
