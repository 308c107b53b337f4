package org.vectorgrad.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The fused relu/clamp backward kernels against their definitions through where, bit for bit. */
class PointwiseGradTest {
    private static final double[] SPECIAL = {0.0, -0.0, 0.5, -0.5, 1.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, 1e-40, -1e-40};

    @Provide
    Arbitrary<Integer> sizes() {
        return ArrayArbitraries.sizes();
    }

    @Provide
    Arbitrary<DType> floats() {
        return Arbitraries.of(DType.FLOAT32, DType.FLOAT64);
    }

    @Provide
    Arbitrary<Double> bounds() {
        return Arbitraries.of(0.0, -0.5, 0.5, 1.0, Double.NaN);
    }

    /** Random values with the special ones (signed zeros, the bounds, NaN, infinities, subnormals) mixed in. */
    private static NDArray values(int n, int offset, DType type, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n + offset];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextInt(3) == 0 ? SPECIAL[r.nextInt(SPECIAL.length)] : r.nextGaussian();
        }
        try (NDArray all = NDArrays.of(v, v.length); NDArray typed = all.to(type)) {
            return typed.narrow(0, offset, n); // contiguous, at an offset into its storage
        }
    }

    @Property(tries = 200)
    void thresholdBackwardMatchesItsDefinition(@ForAll("sizes") int n, @ForAll @IntRange(max = 3) int offset,
            @ForAll("floats") DType type, @ForAll("bounds") double threshold, @ForAll long seed) {
        try (MemoryScope scope = MemoryScope.open()) {
            NDArray g = values(n, offset, type, seed);
            NDArray x = values(n, 3 - offset, type, seed + 1);
            NDArray got = PointwiseGrad.thresholdBackward(g, x, threshold);
            assertEquals(type, got.dtype());
            assertArrayEquals(bits(PointwiseGrad.reference(g, x, threshold)), bits(got));
        }
    }

    @Property(tries = 200)
    void clampBackwardMatchesItsDefinition(@ForAll("sizes") int n, @ForAll @IntRange(max = 3) int offset,
            @ForAll("floats") DType type, @ForAll("bounds") double lo, @ForAll("bounds") double hi,
            @ForAll boolean noMin, @ForAll boolean noMax, @ForAll long seed) {
        try (MemoryScope scope = MemoryScope.open()) {
            NDArray g = values(n, offset, type, seed);
            NDArray x = values(n, offset + 1, type, seed + 1);
            Double min = noMin ? null : lo;
            Double max = noMax ? null : hi;
            NDArray got = PointwiseGrad.clampBackward(g, x, min, max);
            NDArray want = PointwiseGrad.reference(g, x, noMin ? Double.NEGATIVE_INFINITY : lo,
                    noMax ? Double.POSITIVE_INFINITY : hi);
            assertArrayEquals(bits(want), bits(got));
        }
    }

    @Property(tries = 100)
    void geluBackwardMatchesItsDefinition(@ForAll("sizes") int n, @ForAll @IntRange(max = 3) int offset,
            @ForAll long seed) {
        try (MemoryScope scope = MemoryScope.open()) {
            NDArray g = values(n, offset, DType.FLOAT32, seed);
            NDArray x = values(n, 3 - offset, DType.FLOAT32, seed + 1);
            NDArray scaled = Binary.mul(x, 4.0); // out to the tails, where the density underflows
            double[] got = PointwiseGrad.geluBackward(g, scaled).toDoubleArray();
            double[] want;
            try (NDArray g64 = g.to(DType.FLOAT64); NDArray x64 = scaled.to(DType.FLOAT64)) {
                want = PointwiseGrad.geluReference(g64, x64).toDoubleArray();
            }
            for (int i = 0; i < n; i++) {
                if (Double.isNaN(want[i])) {
                    assertEquals(Double.NaN, got[i], "at " + i);
                } else {
                    assertEquals(want[i], got[i], 2e-6 * Math.abs(want[i]) + 1e-6 * Math.abs(g.getDouble(i)) + 1e-30,
                            "at " + i + ": x " + scaled.getDouble(i));
                }
            }
        }
    }

    @Test
    void stridedAndMixedInputsTakeTheGeneralPath() {
        try (MemoryScope scope = MemoryScope.open()) {
            NDArray x = NDArrays.of(new float[]{-1, 2, 0, 3, Float.NaN, -4}, 2, 3);
            NDArray g = NDArrays.of(new double[]{1, 2, 3, 4, 5, 6}, 3, 2).t();
            assertArrayEquals(new double[]{0, 3, 0, 2, 4, 0}, PointwiseGrad.thresholdBackward(g, x, 0).toDoubleArray());
            assertArrayEquals(new double[]{0, 3, 5, 0, 0, 0},
                    PointwiseGrad.clampBackward(g, x, 0.0, 2.0).toDoubleArray());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PointwiseGrad.thresholdBackward(g, x.t(), 0));
            assertEquals("threshold_backward: grad of shape [2, 3] does not match input of shape [3, 2]", e.getMessage());
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
