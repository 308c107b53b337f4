package org.vectorgrad.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The fused SGD update gives the bits of its separate steps, and declines what it does not cover. */
class UpdatesTest {
    @Provide
    Arbitrary<Integer> sizes() {
        return ArrayArbitraries.sizes().filter(n -> n > 0);
    }

    @Provide
    Arbitrary<DType> floats() {
        return Arbitraries.of(DType.FLOAT32, DType.FLOAT64);
    }

    @Property(tries = 100)
    void sgdMomentumEqualsItsStepsBitForBit(@ForAll("sizes") int n, @ForAll("floats") DType t, @ForAll long seed) {
        try (MemoryScope scope = MemoryScope.open()) {
            Generator g = new Generator(seed);
            NDArray p = NDArrays.randn(g, t, n);
            NDArray grad = NDArrays.randn(g, t, n);
            NDArray buf = NDArrays.randn(g, t, n);
            double momentum = 0.9;
            double lr = 0.1 + (seed & 7) * 0.013;
            NDArray p2 = p.clone();
            NDArray buf2 = buf.clone();
            int version = p.version();
            assertTrue(Updates.sgdMomentum(p, grad, buf, momentum, lr));
            assertEquals(version + 1, p.version());
            Binary.into(BinaryOp.MUL, buf2, momentum, buf2);
            Binary.into(BinaryOp.ADD, buf2, grad, buf2);
            NDArray step = Binary.apply(BinaryOp.MUL, buf2, -lr);
            Binary.into(BinaryOp.ADD, p2, step, p2);
            assertArrayEquals(bits(buf2), bits(buf));
            assertArrayEquals(bits(p2), bits(p));
        }
    }

    @Property(tries = 100)
    void adamEqualsItsStepsBitForBit(@ForAll("sizes") int n, @ForAll("floats") DType t, @ForAll long seed,
            @ForAll boolean decay) {
        try (MemoryScope scope = MemoryScope.open()) {
            Generator g = new Generator(seed);
            NDArray p = NDArrays.randn(g, t, n);
            NDArray grad = NDArrays.randn(g, t, n);
            NDArray m = NDArrays.randn(g, t, n);
            NDArray v = Unary.apply(UnaryOp.ABS, NDArrays.randn(g, t, n));
            int step = 1 + (int) (seed & 15);
            double b1 = 0.9;
            double b2 = 0.999;
            double lr = 1e-3;
            double eps = 1e-8;
            double scale = decay ? 1 - lr * 0.01 : 1;
            double sqrtBc2 = Math.sqrt(1 - Math.pow(b2, step));
            double stepSize = -lr / (1 - Math.pow(b1, step));
            NDArray p2 = p.clone();
            NDArray m2 = m.clone();
            NDArray v2 = v.clone();
            assertTrue(Updates.adam(p, grad, m, v, scale, b1, b2, sqrtBc2, eps, stepSize));
            // the separate steps, as the optimizer runs them
            if (decay) {
                Binary.into(BinaryOp.MUL, p2, scale, p2);
            }
            Binary.into(BinaryOp.MUL, m2, b1, m2);
            Binary.into(BinaryOp.ADD, m2, Binary.apply(BinaryOp.MUL, grad, 1 - b1), m2);
            Binary.into(BinaryOp.MUL, v2, b2, v2);
            NDArray sq = Binary.apply(BinaryOp.MUL, grad, grad);
            Binary.into(BinaryOp.MUL, sq, 1 - b2, sq);
            Binary.into(BinaryOp.ADD, v2, sq, v2);
            NDArray den = Unary.apply(UnaryOp.SQRT, v2);
            Binary.into(BinaryOp.DIV, den, sqrtBc2, den);
            Binary.into(BinaryOp.ADD, den, eps, den);
            Binary.into(BinaryOp.DIV, m2, den, den);
            Binary.into(BinaryOp.MUL, den, stepSize, den);
            Binary.into(BinaryOp.ADD, p2, den, p2);
            assertArrayEquals(bits(m2), bits(m));
            assertArrayEquals(bits(v2), bits(v));
            assertArrayEquals(bits(p2), bits(p));
        }
    }

    @Test
    void declinesStridedMixedAndIntegerArrays() {
        try (MemoryScope scope = MemoryScope.open()) {
            NDArray p = NDArrays.ones(3, 2);
            assertFalse(Updates.sgdMomentum(p, NDArrays.ones(2, 3).t(), NDArrays.ones(3, 2), 0.9, 0.1));
            assertFalse(Updates.sgdMomentum(p, NDArrays.ones(DType.FLOAT64, 3, 2), NDArrays.ones(3, 2), 0.9, 0.1));
            assertFalse(Updates.sgdMomentum(NDArrays.ones(DType.INT64, 2), NDArrays.ones(DType.INT64, 2),
                    NDArrays.ones(DType.INT64, 2), 0.9, 0.1));
            assertArrayEquals(new float[]{1, 1, 1, 1, 1, 1}, p.toFloatArray());
        }
    }

    private static long[] bits(NDArray a) {
        double[] d = a.toDoubleArray();
        long[] b = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            b[i] = Double.doubleToRawLongBits(d[i]);
        }
        return b;
    }
}
