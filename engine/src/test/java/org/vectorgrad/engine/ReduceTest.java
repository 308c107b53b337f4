package org.vectorgrad.engine;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Known values, PyTorch's type rules and error messages for {@link Reduce}. */
class ReduceTest {
    private static NDArray m23() {
        return NDArrays.of(new float[]{1, 5, 3, 4, 2, 6}, 2, 3);
    }

    @Test
    void sumOverDimsWithKeepdimAndNegativeDims() {
        NDArray a = m23();
        assertEquals(21.0, Reduce.sum(a).item());
        assertEquals(0, Reduce.sum(a).dim());
        assertArrayEquals(new float[]{5, 7, 9}, Reduce.sum(a, new int[]{0}, false).toFloatArray());
        assertArrayEquals(new float[]{9, 12}, Reduce.sum(a, new int[]{-1}, false).toFloatArray());
        assertArrayEquals(new int[]{2, 1}, Reduce.sum(a, new int[]{1}, true).shape());
        assertArrayEquals(new int[]{1, 1}, Reduce.sum(a, new int[]{0, 1}, true).shape());
        assertArrayEquals(new int[]{1, 1}, Reduce.sum(a, null, true).shape());
        assertEquals(21.0, Reduce.sum(a, new int[0], false).item());
        assertArrayEquals(new float[]{5, 7, 9}, Reduce.sum(a.t(), new int[]{1}, false).toFloatArray());
    }

    @Test
    void duplicateDimsAreRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> Reduce.sum(m23(), new int[]{1, -1}, false));
        assertEquals("dim 1 appears multiple times in the list of dims", e.getMessage());
        var range = assertThrows(IndexOutOfBoundsException.class, () -> Reduce.sum(m23(), new int[]{2}, false));
        assertEquals("Dimension out of range (expected to be in range of [-2, 1], but got 2)", range.getMessage());
    }

    @Test
    void integerAndBoolTypeRules() {
        NDArray i = NDArrays.of(new int[]{1, 2, 3});
        assertEquals(DType.INT64, Reduce.sum(i).dtype());
        assertEquals(6, Reduce.sum(i).getLong());
        assertEquals(DType.INT64, Reduce.prod(i).dtype());
        assertEquals(DType.INT32, Reduce.amax(i, null, false).dtype());
        NDArray b = NDArrays.of(new boolean[]{true, false, true});
        assertEquals(DType.INT64, Reduce.sum(b).dtype());
        assertEquals(2, Reduce.sum(b).getLong());
        long big = (1L << 53) + 1;
        assertEquals(2 * big, Reduce.sum(NDArrays.of(new long[]{big, big})).getLong(), "int64 sums are exact");
        assertEquals(big, Reduce.max(NDArrays.of(new long[]{big, 3})).getLong());
        var e = assertThrows(IllegalArgumentException.class, () -> Reduce.mean(NDArrays.of(new long[]{1, 2})));
        assertEquals("mean(): could not infer output dtype. Input dtype must be either a floating point or complex"
                + " dtype. Got: Long", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Reduce.var(i));
        assertThrows(IllegalArgumentException.class, () -> Reduce.norm(i));
        assertEquals(DType.FLOAT32, Reduce.logsumexp(i, null, false).dtype());
    }

    @Test
    void meanProdAndEmptyReductions() {
        NDArray a = m23();
        assertArrayEquals(new float[]{2.5f, 3.5f, 4.5f}, Reduce.mean(a, new int[]{0}, false).toFloatArray());
        assertArrayEquals(new float[]{15, 48}, Reduce.prod(a, 1, false).toFloatArray());
        assertEquals(720.0, Reduce.prod(a).item());
        NDArray empty = NDArrays.zeros(0, 3);
        assertArrayEquals(new float[]{0, 0, 0}, Reduce.sum(empty, new int[]{0}, false).toFloatArray());
        assertArrayEquals(new float[]{1, 1, 1}, Reduce.prod(empty, 0, false).toFloatArray());
        assertTrue(Double.isNaN(Reduce.mean(empty).item()));
        assertArrayEquals(new int[]{0}, Reduce.amax(empty, new int[]{1}, false).shape());
        var e = assertThrows(IllegalArgumentException.class, () -> Reduce.amax(empty, new int[]{0}, false));
        assertEquals("amax(): Expected reduction dim 0 to have non-zero size.", e.getMessage());
        var all = assertThrows(IllegalArgumentException.class, () -> Reduce.max(empty));
        assertTrue(all.getMessage().startsWith("max(): Expected reduction dim to be specified for input.numel() == 0."));
        assertEquals(Double.NEGATIVE_INFINITY, Reduce.logsumexp(empty, null, false).item());
    }

    @Test
    void zeroDimensionalInputs() {
        NDArray s = NDArrays.scalar(3.0);
        assertEquals(3.0, Reduce.sum(s).item());
        assertEquals(3.0, Reduce.sum(s, new int[]{0}, true).item());
        assertEquals(0, Reduce.sum(s, new int[]{-1}, false).dim());
        assertEquals(3.0, Reduce.max(s, 0, false).values().item());
        assertEquals(0, Reduce.argmax(s, 0, false).getLong());
        assertEquals(1.0, Reduce.softmax(s, 0).item());
        assertEquals(0.0, Reduce.logSoftmax(s, -1).item());
        assertEquals(3.0, Reduce.cumsum(s, 0).item());
        assertTrue(Double.isNaN(Reduce.var(s).item()), "one element: N - 1 = 0");
    }

    @Test
    void maxMinWithIndicesAndArgExtremes() {
        NDArray a = NDArrays.of(new float[]{1, 7, 7, 4, 0, 6}, 2, 3);
        ValuesIndices mx = Reduce.max(a, 1, false);
        assertArrayEquals(new float[]{7, 6}, mx.values().toFloatArray());
        assertArrayEquals(new long[]{1, 2}, mx.indices().toLongArray(), "ties give the first index");
        ValuesIndices mn = Reduce.min(a, 0, true);
        assertArrayEquals(new int[]{1, 3}, mn.values().shape());
        assertArrayEquals(new float[]{1, 0, 6}, mn.values().toFloatArray());
        assertArrayEquals(new long[]{0, 1, 1}, mn.indices().toLongArray());
        assertEquals(1, Reduce.argmax(a).getLong());
        assertEquals(4, Reduce.argmin(a).getLong());
        assertEquals(3, Reduce.argmin(a.t()).getLong(), "flattened in row-major order of the view");
        assertArrayEquals(new long[]{1, 0, 0}, Reduce.argmax(a, 0, false).toLongArray());
        assertEquals(7.0, Reduce.max(a).item());
        assertEquals(0.0, Reduce.min(a).item());
        NDArray withNaN = NDArrays.of(new float[]{1, Float.NaN, 5, Float.NaN});
        assertTrue(Double.isNaN(Reduce.max(withNaN).item()));
        assertTrue(Double.isNaN(Reduce.amin(withNaN, null, false).item()));
        assertEquals(1, Reduce.argmax(withNaN).getLong());
        assertEquals(1, Reduce.min(withNaN, 0, false).indices().getLong());
        var e = assertThrows(IllegalArgumentException.class, () -> Reduce.max(NDArrays.zeros(2, 0), 1, false));
        assertEquals("max(): Expected reduction dim 1 to have non-zero size.", e.getMessage());
        NDArray ints = NDArrays.of(new long[]{3, -1, 9, 9});
        assertEquals(2, Reduce.argmax(ints).getLong());
        assertEquals(DType.INT64, Reduce.max(ints, 0, false).values().dtype());
    }

    @Test
    void varianceAndStandardDeviation() {
        NDArray a = NDArrays.of(new double[]{2, 4, 4, 4, 5, 5, 7, 9});
        assertEquals(32.0 / 7, Reduce.var(a).item(), 1e-12);
        assertEquals(4.0, Reduce.var(a, null, false, false).item(), 1e-12);
        assertEquals(2.0, Reduce.std(a, null, 0.0, false).item(), 1e-12);
        assertEquals(Math.sqrt(32.0 / 7), Reduce.std(a).item(), 1e-12);
        NDArray m = NDArrays.of(new float[]{1, 2, 3, 4, 6, 8}, 2, 3);
        assertArrayEquals(new float[]{1, 4}, Reduce.var(m, new int[]{1}, true, false).toFloatArray(), 1e-6f);
        // A large mean does not swamp the variance (two-pass algorithm).
        NDArray shifted = NDArrays.of(new float[]{1e6f + 1, 1e6f + 2, 1e6f + 3});
        assertEquals(1.0, Reduce.var(shifted).item(), 1e-6);
    }

    @Test
    void logsumexpStaysFinite() {
        NDArray big = NDArrays.of(new float[]{1000, 1000, -1000});
        assertEquals(1000 + Math.log(2), Reduce.logsumexp(big, null, false).item(), 1e-3);
        NDArray neg = NDArrays.of(new float[]{Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY});
        assertEquals(Double.NEGATIVE_INFINITY, Reduce.logsumexp(neg, null, false).item());
        NDArray pos = NDArrays.of(new float[]{Float.POSITIVE_INFINITY, 1});
        assertEquals(Double.POSITIVE_INFINITY, Reduce.logsumexp(pos, null, false).item());
        NDArray m = NDArrays.of(new double[]{0, 0, Math.log(3), Math.log(5)}, 2, 2);
        assertArrayEquals(new double[]{Math.log(2), Math.log(8)}, Reduce.logsumexp(m, new int[]{1}, false).toDoubleArray(),
                1e-12);
    }

    @Test
    void norms() {
        NDArray a = NDArrays.of(new float[]{3, -4, 0, 0}, 2, 2);
        assertEquals(5.0, Reduce.norm(a).item(), 1e-6);
        assertEquals(7.0, Reduce.norm(a, 1).item(), 1e-6);
        assertEquals(4.0, Reduce.norm(a, Double.POSITIVE_INFINITY).item());
        assertEquals(0.0, Reduce.norm(a, Double.NEGATIVE_INFINITY).item());
        assertEquals(2.0, Reduce.norm(a, 0).item());
        assertEquals(Math.cbrt(91), Reduce.norm(a, 3).item(), 1e-5);
        assertArrayEquals(new float[]{5, 0}, Reduce.norm(a, 2, new int[]{1}, false).toFloatArray(), 1e-6f);
        assertArrayEquals(new float[]{3, 4}, Reduce.norm(a, 2, new int[]{0}, false).toFloatArray(), 1e-6f);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Reduce.norm(NDArrays.zeros(0), Double.POSITIVE_INFINITY));
        assertTrue(e.getMessage().startsWith("linalg.vector_norm cannot compute the inf norm on an empty tensor"));
        assertEquals(0.0, Reduce.norm(NDArrays.zeros(0)).item());
    }

    @Test
    void cumsumTypesAndValues() {
        NDArray a = m23();
        assertArrayEquals(new float[]{1, 6, 9, 4, 6, 12}, Reduce.cumsum(a, 1).toFloatArray());
        assertArrayEquals(new float[]{1, 5, 3, 5, 7, 9}, Reduce.cumsum(a, 0).toFloatArray());
        assertArrayEquals(new float[]{1, 5, 3, 5, 7, 9}, Reduce.cumsum(a.t(), 1).t().toFloatArray());
        NDArray b = NDArrays.of(new boolean[]{true, true, false, true});
        assertEquals(DType.INT64, Reduce.cumsum(b, 0).dtype());
        assertArrayEquals(new long[]{1, 2, 2, 3}, Reduce.cumsum(b, 0).toLongArray());
        assertArrayEquals(new int[]{0, 3}, Reduce.cumsum(NDArrays.zeros(0, 3), 1).shape());
    }

    @Test
    void softmaxFiniteAtLargeLogitsAndRowsSumToOne() {
        NDArray logits = NDArrays.of(new float[]{1000, 0, -1000, 1000, 999, 998}, 2, 3);
        NDArray p = Reduce.softmax(logits, 1);
        float[] v = p.toFloatArray();
        for (float x : v) {
            assertTrue(Float.isFinite(x), "softmax stays finite");
        }
        assertArrayEquals(new float[]{1, 0, 0}, java.util.Arrays.copyOf(v, 3), 1e-6f);
        double e1 = Math.exp(-1);
        double e2 = Math.exp(-2);
        double z = 1 + e1 + e2;
        assertArrayEquals(new float[]{(float) (1 / z), (float) (e1 / z), (float) (e2 / z)},
                java.util.Arrays.copyOfRange(v, 3, 6), 1e-6f);
        float[] lp = Reduce.logSoftmax(logits, 1).toFloatArray();
        assertEquals(0.0, lp[0], 1e-6);
        assertEquals(-2000.0, lp[2], 1e-3);
        assertEquals(-Math.log(z), lp[3], 1e-5);
        // dim 0 runs the strided path; columns sum to one.
        float[] cols = Reduce.sum(Reduce.softmax(logits, 0), new int[]{0}, false).toFloatArray();
        assertArrayEquals(new float[]{1, 1, 1}, cols, 1e-6f);
        var e = assertThrows(IllegalArgumentException.class, () -> Reduce.softmax(NDArrays.of(new long[]{1}), 0));
        assertEquals("\"softmax_lastdim_kernel_impl\" not implemented for 'Long'", e.getMessage());
    }

    @Test
    void float32SumAccuracyIsBoundedForLongInputs() {
        int n = 1 << 22;
        try (NDArray a = NDArrays.full(0.1, n)) {
            double exact = n * (double) 0.1f;
            // A naive float32 running sum of 4M values of 0.1 is off by several percent; the blocked sum is not.
            assertEquals(exact, Reduce.sum(a).item(), 1e-6 * exact);
            assertEquals((float) 0.1, Reduce.mean(a).item(), 1e-6 * 0.1);
        }
    }

    @Test
    void nanPropagatesThroughTheSimdLoops() {
        for (DType t : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            NDArray a = NDArrays.randn(new Generator(5), t, 3, 200);
            a.set(Double.NaN, 1, 137);
            double[] max = Reduce.amax(a, new int[]{1}, false).toDoubleArray();
            double[] min = Reduce.amin(a, new int[]{1}, false).toDoubleArray();
            double[] sum = Reduce.sum(a, new int[]{1}, false).toDoubleArray();
            double[] lse = Reduce.logsumexp(a, new int[]{1}, false).toDoubleArray();
            double[] col = Reduce.sum(a, new int[]{0}, false).toDoubleArray();
            for (double[] v : new double[][]{max, min, sum, lse}) {
                assertFalse(Double.isNaN(v[0]), t + " row 0 has no NaN");
                assertTrue(Double.isNaN(v[1]), t + " row 1 has a NaN");
            }
            assertTrue(Double.isNaN(col[137]));
            assertFalse(Double.isNaN(col[136]));
            assertEquals(137, Reduce.argmax(a, 1, false).toLongArray()[1]);
            float[] p = Reduce.softmax(a, 1).toFloatArray();
            assertTrue(Float.isNaN(p[200]) && !Float.isNaN(p[0]));
        }
    }
}
