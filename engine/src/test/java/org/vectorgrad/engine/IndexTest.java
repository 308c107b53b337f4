package org.vectorgrad.engine;

import static org.junit.jupiter.api.Assertions.*;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** {@link Index}: known values from PyTorch's documentation, adjoint properties, errors. */
class IndexTest {
    private static NDArray range(DType t, int... shape) {
        try (NDArray r = NDArrays.arange(t, 0, Shapes.numel(shape), 1)) {
            return r.reshape(shape).contiguous();
        }
    }

    @Test
    void indexSelectRowsAndColumns() {
        NDArray a = range(DType.FLOAT32, 3, 4);
        NDArray rows = Index.indexSelect(a, 0, NDArrays.of(new long[]{2, 0, 2}));
        assertArrayEquals(new float[]{8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11}, rows.toFloatArray());
        NDArray cols = Index.indexSelect(a, -1, NDArrays.of(new int[]{3, 1}));
        assertArrayEquals(new int[]{3, 2}, cols.shape());
        assertArrayEquals(new float[]{3, 1, 7, 5, 11, 9}, cols.toFloatArray());
        assertArrayEquals(new float[]{1, 5, 9}, Index.indexSelect(a.t(), 0, NDArrays.of(new long[]{1})).toFloatArray());
        assertArrayEquals(new int[]{0, 4}, Index.indexSelect(a, 0, NDArrays.of(new long[0])).shape());
        assertEquals(7.0, Index.indexSelect(NDArrays.scalar(7), 0, NDArrays.of(new long[]{0})).item());
    }

    @Test
    void indexErrorsReadLikePyTorch() {
        NDArray a = range(DType.FLOAT32, 3, 4);
        var oob = assertThrows(IndexOutOfBoundsException.class,
                () -> Index.indexSelect(a, 0, NDArrays.of(new long[]{0, 5})));
        assertEquals("index 5 is out of bounds for dimension 0 with size 3", oob.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> Index.indexSelect(a, 1, NDArrays.of(new long[]{-1})));
        var type = assertThrows(IllegalArgumentException.class,
                () -> Index.indexSelect(a, 0, NDArrays.of(new float[]{0})));
        assertTrue(type.getMessage().contains("torch.float32"), type.getMessage());
        var vec = assertThrows(IllegalArgumentException.class,
                () -> Index.indexSelect(a, 0, NDArrays.zeros(DType.INT64, 1, 1)));
        assertEquals("index_select(): Index is supposed to be a vector", vec.getMessage());
        var g = assertThrows(IllegalArgumentException.class,
                () -> Index.gather(a, 1, NDArrays.zeros(DType.INT64, 4, 2)));
        assertEquals("Size does not match at dimension 0 expected index [4, 2] to be smaller than self [3, 4] apart"
                + " from dimension 1", g.getMessage());
        var rank = assertThrows(IllegalArgumentException.class, () -> Index.gather(a, 1, NDArrays.zeros(DType.INT64, 2)));
        assertEquals("Index tensor must have the same number of dimensions as input tensor", rank.getMessage());
        var gOob = assertThrows(IndexOutOfBoundsException.class,
                () -> Index.gather(a, 1, NDArrays.of(new long[]{4}, 1, 1)));
        assertEquals("index 4 is out of bounds for dimension 1 with size 4", gOob.getMessage());
        var s = assertThrows(IllegalArgumentException.class, () -> Index.scatterAdd(NDArrays.zeros(3, 3), 0,
                NDArrays.zeros(DType.INT64, 2, 4), NDArrays.ones(2, 3)));
        assertEquals("Expected index [2, 4] to be smaller than self [3, 3] apart from dimension 0 and to be smaller"
                + " size than src [2, 3]", s.getMessage());
        var n = assertThrows(IllegalArgumentException.class, () -> Index.indexAdd(NDArrays.zeros(3, 2), 0,
                NDArrays.of(new long[]{0, 1, 2}), NDArrays.ones(2, 2)));
        assertEquals("index_add_(): Number of indices (3) should be equal to source.size(dim) (2)", n.getMessage());
        var slice = assertThrows(IllegalArgumentException.class, () -> Index.indexAdd(NDArrays.zeros(3, 2), 0,
                NDArrays.of(new long[]{0}), NDArrays.ones(1, 4)));
        assertTrue(slice.getMessage().startsWith("index_add_(): Source/destination tensor must have same slice shapes."
                + " Destination slice shape: [2] at dimension 0 and source slice shape: [4]"), slice.getMessage());
    }

    @Test
    void gatherAsInPyTorchDocs() {
        NDArray t = NDArrays.of(new float[]{1, 2, 3, 4}, 2, 2);
        NDArray out = Index.gather(t, 1, NDArrays.of(new long[]{0, 0, 1, 0}, 2, 2));
        assertArrayEquals(new float[]{1, 1, 4, 3}, out.toFloatArray());
        NDArray rows = Index.gather(t, 0, NDArrays.of(new int[]{1, 0}, 1, 2));
        assertArrayEquals(new float[]{3, 2}, rows.toFloatArray());
    }

    @Test
    void scatterAddAsInPyTorchDocsInPlaceAndOutOfPlace() {
        NDArray src = NDArrays.ones(2, 5);
        NDArray index = NDArrays.of(new long[]{0, 1, 2, 0, 0}, 1, 5);
        NDArray self = NDArrays.zeros(3, 5);
        NDArray out = Index.scatterAdd(self, 0, index, src);
        float[] expected = {1, 0, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0};
        assertArrayEquals(expected, out.toFloatArray());
        assertArrayEquals(new float[15], self.toFloatArray(), "out-of-place leaves self alone");
        int v = self.version();
        assertSame(self, Index.scatterAdd_(self, 0, index, src));
        Index.scatterAdd_(self, 0, index, src);
        assertEquals(v + 2, self.version());
        for (int i = 0; i < expected.length; i++) {
            expected[i] *= 2;
        }
        assertArrayEquals(expected, self.toFloatArray());
        var overlap = assertThrows(IllegalArgumentException.class,
                () -> Index.scatterAdd_(NDArrays.zeros(1, 5).expand(3, 5), 0, index, src));
        assertTrue(overlap.getMessage().startsWith("unsupported operation: more than one element"));
        var oob = assertThrows(IndexOutOfBoundsException.class, () -> Index.scatterAdd_(self, 0,
                NDArrays.of(new long[]{0, 3}, 1, 2), src));
        assertEquals("index 3 is out of bounds for dimension 0 with size 3", oob.getMessage());
        assertArrayEquals(expected, self.toFloatArray(), "a bad index is found before anything is written");
    }

    @Test
    void indexAddAccumulatesRepeatedIndices() {
        NDArray x = NDArrays.ones(5, 3);
        NDArray t = NDArrays.of(new float[]{1, 2, 3, 4, 5, 6, 7, 8, 9}, 3, 3);
        Index.indexAdd_(x, 0, NDArrays.of(new long[]{0, 4, 2}), t);
        assertArrayEquals(new float[]{2, 3, 4, 1, 1, 1, 8, 9, 10, 1, 1, 1, 5, 6, 7}, x.toFloatArray());
        NDArray y = Index.indexAdd(NDArrays.zeros(DType.INT64, 2), 0, NDArrays.of(new int[]{1, 1, 0}),
                NDArrays.of(new long[]{5, 6, 7}));
        assertArrayEquals(new long[]{7, 11}, y.toLongArray());
        NDArray cols = Index.indexAdd(NDArrays.zeros(2, 3), 1, NDArrays.of(new long[]{2, 2}), NDArrays.ones(2, 2));
        assertArrayEquals(new float[]{0, 0, 2, 0, 0, 2}, cols.toFloatArray());
    }

    @Test
    void oneHotAsInPyTorch() {
        NDArray h = Index.oneHot(NDArrays.of(new long[]{0, 2, 1}), 3);
        assertEquals(DType.INT64, h.dtype());
        assertArrayEquals(new long[]{1, 0, 0, 0, 0, 1, 0, 1, 0}, h.toLongArray());
        assertArrayEquals(new int[]{2, 2, 4}, Index.oneHot(NDArrays.of(new long[]{3, 0, 1, 2}, 2, 2), -1).shape());
        var big = assertThrows(IndexOutOfBoundsException.class, () -> Index.oneHot(NDArrays.of(new long[]{3}), 3));
        assertEquals("Class values must be smaller than num_classes.", big.getMessage());
        var neg = assertThrows(IndexOutOfBoundsException.class, () -> Index.oneHot(NDArrays.of(new long[]{-1}), 3));
        assertEquals("Class values must be non-negative.", neg.getMessage());
    }

    @Provide
    Arbitrary<ArrayArbitraries.Spec> specs() {
        return ArrayArbitraries.specs().filter(s -> s.shape().length > 0);
    }

    @Provide
    Arbitrary<DType> types() {
        return Arbitraries.of(DType.values());
    }

    /** A random int64 or int32 index vector of {@code n} values in {@code [0, size)}. */
    private static NDArray randomIndex(long seed, int n, int size, boolean int32) {
        try (NDArray i = NDArrays.randint(new Generator(seed), 0, Math.max(size, 1), n)) {
            return int32 ? i.to(DType.INT32) : i.clone();
        }
    }

    /** indexSelect matches select() slice by slice, for every layout and dtype. */
    @Property(tries = 120)
    void indexSelectMatchesSelect(@ForAll("specs") ArrayArbitraries.Spec spec, @ForAll("types") DType type,
            @ForAll @IntRange(min = 0, max = 2) int dim, @ForAll @IntRange(min = 0, max = 7) int n, @ForAll boolean int32) {
        try (MemoryScope scope = MemoryScope.open()) {
            NDArray a = spec.build(type);
            int d = dim % a.dim();
            int count = a.size(d) == 0 ? 0 : n;
            NDArray index = randomIndex(spec.seed(), count, a.size(d), int32);
            NDArray out = Index.indexSelect(a, d, index);
            long[] idx = index.toLongArray();
            for (int j = 0; j < idx.length; j++) {
                assertArrayEquals(a.select(d, (int) idx[j]).toDoubleArray(), out.select(d, j).toDoubleArray(), 0.0);
            }
        }
    }

    /**
     * indexAdd is the adjoint of indexSelect and scatterAdd the adjoint of gather:
     * {@code <select(a), g> == <a, add(0, g)>}, which checks both against each other in every layout.
     */
    @Property(tries = 120)
    void accumulatingOpsAreAdjointsOfSelectingOps(@ForAll("specs") ArrayArbitraries.Spec spec,
            @ForAll @IntRange(min = 0, max = 2) int dim, @ForAll @IntRange(min = 0, max = 7) int n) {
        try (MemoryScope scope = MemoryScope.open()) {
            NDArray a = spec.build(DType.FLOAT64);
            int d = dim % a.dim();
            int count = a.size(d) == 0 ? 0 : n;
            NDArray index = randomIndex(spec.seed() + 1, count, a.size(d), false);
            NDArray selected = Index.indexSelect(a, d, index);
            NDArray g = NDArrays.randn(new Generator(spec.seed() + 2), DType.FLOAT64, selected.shape());
            NDArray back = Index.indexAdd(NDArrays.zeros(DType.FLOAT64, a.shape()), d, index, g);
            assertEquals(dot(selected, g), dot(a, back), 1e-9 * (1 + a.numel()));

            int[] gatherShape = a.shape();
            gatherShape[d] = count;
            NDArray gIndex = NDArrays.randint(new Generator(spec.seed() + 3), 0, Math.max(1, a.size(d)), gatherShape);
            NDArray gathered = Index.gather(a, d, gIndex);
            NDArray h = NDArrays.randn(new Generator(spec.seed() + 4), DType.FLOAT64, gatherShape);
            NDArray scattered = Index.scatterAdd(NDArrays.zeros(DType.FLOAT64, a.shape()), d, gIndex, h);
            assertEquals(dot(gathered, h), dot(a, scattered), 1e-9 * (1 + a.numel()));
        }
    }

    private static double dot(NDArray x, NDArray y) {
        double[] a = x.toDoubleArray();
        double[] b = y.toDoubleArray();
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void embeddingBackwardDoesNotDependOnTheThreadCount() {
        int saved = Parallel.threads();
        try (MemoryScope scope = MemoryScope.open()) {
            NDArray index = NDArrays.randint(new Generator(3), 0, 500, 4000);
            NDArray grad = NDArrays.randn(new Generator(4), DType.FLOAT32, 4000, 64);
            float[][] runs = new float[2][];
            for (int r = 0; r < 2; r++) {
                Parallel.setThreads(r == 0 ? 1 : 4);
                runs[r] = Index.indexAdd(NDArrays.zeros(500, 64), 0, index, grad).toFloatArray();
            }
            assertArrayEquals(runs[0], runs[1]);
        } finally {
            Parallel.setThreads(saved);
        }
    }
}
