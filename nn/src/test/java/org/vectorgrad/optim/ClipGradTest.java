package org.vectorgrad.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.DType;

class ClipGradTest {
    static Tensor param(double... grad) {
        Tensor p = Tensor.zeros(DType.FLOAT64, grad.length).requiresGrad(true);
        p.setGrad(Tensor.tensor(grad));
        return p;
    }

    @Test
    void scalesByMaxNormOverTotalNormPlusEpsilon() {
        Tensor a = param(3, 4);
        Tensor b = param(12);
        Tensor none = Tensor.zeros(DType.FLOAT64, 2).requiresGrad(true);
        double total = ClipGrad.clipGradNorm(List.of(a, b, none), 6.5);
        assertEquals(13.0, total, 1e-15);
        double coef = 6.5 / (13.0 + 1e-6);
        assertArrayEquals(new double[]{3 * coef, 4 * coef}, a.grad().toDoubleArray(), 1e-15);
        assertArrayEquals(new double[]{12 * coef}, b.grad().toDoubleArray(), 1e-15);
    }

    @Test
    void leavesSmallGradientsAlone() {
        Tensor a = param(3, 4);
        assertEquals(5.0, ClipGrad.clipGradNorm(List.of(a), 10), 1e-15);
        assertArrayEquals(new double[]{3, 4}, a.grad().toDoubleArray(), 0.0);
    }

    @Test
    void otherNorms() {
        Tensor a = param(3, -4);
        Tensor b = param(-12);
        assertEquals(12.0, ClipGrad.clipGradNorm(List.of(a, b), 1.0, Double.POSITIVE_INFINITY), 0.0);
        double coef = 1.0 / (12 + 1e-6);
        assertArrayEquals(new double[]{3 * coef, -4 * coef}, a.grad().toDoubleArray(), 1e-15);
        Tensor c = param(3, -4);
        Tensor d = param(-12);
        assertEquals(19.0, ClipGrad.clipGradNorm(List.of(c, d), 100, 1.0), 1e-12);
        // p = 3: the 3-norm of the per-gradient 3-norms
        Tensor e = param(1, 2);
        Tensor f = param(2);
        double n1 = Math.cbrt(1 + 8);
        double expected = Math.cbrt(n1 * n1 * n1 + 8);
        assertEquals(expected, ClipGrad.clipGradNorm(List.of(e, f), 100, 3.0), 1e-12);
    }

    @Test
    void noGradientsGiveZero() {
        assertEquals(0.0, ClipGrad.clipGradNorm(List.of(Tensor.zeros(2).requiresGrad(true)), 1.0));
    }

    @Test
    void float32ComputesTheCoefficientInFloat() {
        Tensor p = Tensor.zeros(3).requiresGrad(true);
        p.setGrad(Tensor.tensor(new float[]{1, 2, 2}));
        double total = ClipGrad.clipGradNorm(List.of(p), 1.5f);
        assertEquals(3.0, total, 1e-6);
        float coef = 1.5f / (3.0f + 1e-6f);
        assertArrayEquals(new float[]{coef, 2 * coef, 2 * coef}, p.grad().toFloatArray(), 0f);
    }

    @Test
    void nonFiniteNormsAreAnErrorOnlyWhenAsked() {
        Tensor p = param(1, Double.NaN);
        var e = assertThrows(IllegalStateException.class, () -> ClipGrad.clipGradNorm(List.of(p), 1.0, 2.0, true));
        assertTrue(e.getMessage().startsWith("The total norm of order 2.0 for gradients from `parameters` is non-finite"),
                e.getMessage());
        assertTrue(Double.isNaN(ClipGrad.clipGradNorm(List.of(p), 1.0)));
    }

    @Test
    void clipValueClampsEachElement() {
        Tensor a = param(-3, 0.5, 2);
        ClipGrad.clipGradValue(List.of(a), 1.0);
        assertArrayEquals(new double[]{-1, 0.5, 1}, a.grad().toDoubleArray(), 0.0);
    }
}
