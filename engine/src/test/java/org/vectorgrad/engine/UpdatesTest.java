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
