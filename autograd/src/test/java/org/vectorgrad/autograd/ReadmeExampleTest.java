package org.vectorgrad.autograd;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The README's ten-line example, line for line, so that it keeps compiling and doing what it says. */
class ReadmeExampleTest {
    @Test
    void theTenLinesRunAsDocumented() {
        Tensor w = Tensor.randn(3, 1).requiresGrad(true);        // a leaf that requires grad
        Tensor b = Tensor.zeros(1).requiresGrad(true);
        Tensor x = Tensor.randn(8, 3);                            // data: requiresGrad() is false
        Tensor y = x.matmul(w).add(b);                            // y.gradFn().name() is "AddBackward0"
        Tensor loss = y.sub(1.0).pow(2).mean();
        loss.backward();                                          // w.grad() and b.grad() now hold dloss/dw, dloss/db
        float[] before = w.toFloatArray();
        try (var g = Tensor.noGrad()) { w.sub_(w.grad().mul(0.1)); }   // an SGD step, not recorded
        assertFalse(x.requiresGrad());
        assertEquals("AddBackward0", y.gradFn().name());
        assertArrayEquals(new int[]{3, 1}, w.grad().shape());
        assertArrayEquals(new int[]{1}, b.grad().shape());
        float[] after = w.toFloatArray();
        float[] grad = w.grad().toFloatArray();
        for (int i = 0; i < 3; i++) {
            assertEquals(before[i] - 0.1f * grad[i], after[i], 1e-6);
        }
        assertTrue(w.grad().toString().startsWith("tensor([["));
    }
}
