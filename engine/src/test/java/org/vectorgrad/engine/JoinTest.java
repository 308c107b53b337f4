package org.vectorgrad.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** {@link Join}: cat/stack copy with promotion, split/chunk give views, PyTorch's errors. */
class JoinTest {
    private static NDArray range(int... shape) {
        try (NDArray r = NDArrays.arange(DType.FLOAT32, 0, Shapes.numel(shape), 1)) {
            return r.reshape(shape).contiguous();
        }
    }

    @Test
    void catAlongEachDimWithPromotion() {
        NDArray a = range(2, 2);
        NDArray b = NDArrays.of(new double[]{9, 9}, 1, 2);
        NDArray rows = Join.cat(List.of(a, b), 0);
        assertEquals(DType.FLOAT64, rows.dtype());
        assertArrayEquals(new double[]{0, 1, 2, 3, 9, 9}, rows.toDoubleArray());
        NDArray cols = Join.cat(List.of(a, a.t()), -1);
        assertArrayEquals(new float[]{0, 1, 0, 2, 2, 3, 1, 3}, cols.toFloatArray());
        assertArrayEquals(new int[]{2, 2}, Join.cat(List.of(a, NDArrays.zeros(0)), 0).shape(), "legacy [0] is skipped");
        assertArrayEquals(new int[]{2, 2}, Join.cat(List.of(NDArrays.zeros(0, 2), a), 0).shape());
    }

    @Test
    void catErrorsReadLikePyTorch() {
        var empty = assertThrows(IllegalArgumentException.class, () -> Join.cat(List.of(), 0));
        assertEquals("torch.cat(): expected a non-empty list of Tensors", empty.getMessage());
        var sizes = assertThrows(IllegalArgumentException.class,
                () -> Join.cat(List.of(NDArrays.zeros(2, 2), NDArrays.zeros(3, 2)), 1));
        assertEquals("Sizes of tensors must match except in dimension 1. Expected size 2 but got size 3 for tensor"
                + " number 1 in the list.", sizes.getMessage());
        var zeroDim = assertThrows(IllegalArgumentException.class,
                () -> Join.cat(List.of(NDArrays.zeros(2), NDArrays.scalar(1)), 0));
        assertEquals("zero-dimensional tensor (at position 1) cannot be concatenated", zeroDim.getMessage());
        var rank = assertThrows(IllegalArgumentException.class,
                () -> Join.cat(List.of(NDArrays.zeros(2, 2), NDArrays.zeros(2)), 0));
        assertEquals("Tensors must have same number of dimensions: got 2 and 1", rank.getMessage());
    }

    @Test
    void stackAddsADimension() {
        NDArray a = range(2, 3);
        NDArray b = NDArrays.ones(2, 3);
        assertArrayEquals(new int[]{2, 2, 3}, Join.stack(List.of(a, b), 0).shape());
        NDArray last = Join.stack(List.of(a, b), -1);
        assertArrayEquals(new int[]{2, 3, 2}, last.shape());
        assertArrayEquals(new float[]{0, 1, 1, 1, 2, 1, 3, 1, 4, 1, 5, 1}, last.toFloatArray());
        var e = assertThrows(IllegalArgumentException.class, () -> Join.stack(List.of(a, NDArrays.zeros(2, 4)), 0));
        assertEquals("stack expects each tensor to be equal size, but got [2, 3] at entry 0 and [2, 4] at entry 1",
                e.getMessage());
        assertEquals("stack expects a non-empty TensorList",
                assertThrows(IllegalArgumentException.class, () -> Join.stack(List.of(), 0)).getMessage());
    }

    @Test
    void splitAndChunkReturnViews() {
        NDArray a = range(5, 2);
        List<NDArray> parts = Join.split(a, 2, 0);
        assertEquals(3, parts.size());
        assertArrayEquals(new int[]{1, 2}, parts.get(2).shape());
        assertTrue(parts.get(1).sharesStorageWith(a));
        assertArrayEquals(new float[]{4, 5, 6, 7}, parts.get(1).toFloatArray());
        List<NDArray> sized = Join.split(a, new int[]{1, 4}, 0);
        assertArrayEquals(new int[]{4, 2}, sized.get(1).shape());
        var sum = assertThrows(IllegalArgumentException.class, () -> Join.split(a, new int[]{1, 1}, 0));
        assertEquals("split_with_sizes expects split_sizes to sum exactly to 5 (input tensor's size at dimension 0),"
                + " but got split_sizes=[1, 1]", sum.getMessage());
        assertEquals(3, Join.chunk(a, 3, 0).size());
        assertEquals(3, Join.chunk(range(6), 4, 0).size(), "pieces of ceil(6/4) = 2: fewer than 4 chunks, as torch");
        assertEquals(3, Join.chunk(NDArrays.zeros(0, 2), 3, 0).size());
        assertArrayEquals(new int[]{5, 1}, Join.chunk(a, 2, 1).get(1).shape());
        assertEquals("chunk expects `chunks` to be greater than 0, got: 0",
                assertThrows(IllegalArgumentException.class, () -> Join.chunk(a, 0, 0)).getMessage());
    }

    @Provide
    Arbitrary<ArrayArbitraries.Spec> specs() {
        return ArrayArbitraries.specs().filter(s -> s.shape().length > 0);
    }

    @Provide
    Arbitrary<DType> types() {
        return Arbitraries.of(DType.values());
    }

    /** Splitting and concatenating back gives the original, in every layout and dtype; stack then select too. */
    @Property(tries = 150)
    void splitThenCatRoundTrips(@ForAll("specs") ArrayArbitraries.Spec spec, @ForAll("types") DType type,
            @ForAll @IntRange(min = 0, max = 2) int dim, @ForAll @IntRange(min = 1, max = 6) int piece) {
        try (MemoryScope scope = MemoryScope.open()) {
            NDArray a = spec.build(type);
            int d = dim % a.dim();
            List<NDArray> parts = a.size(d) == 0 ? Join.split(a, 0, d) : Join.split(a, piece, d);
            NDArray back = Join.cat(parts, d);
            assertArrayEquals(a.shape(), back.shape());
            assertEquals(type, back.dtype());
            assertArrayEquals(a.toDoubleArray(), back.toDoubleArray(), 0.0);
            List<NDArray> chunks = Join.chunk(a, piece, d);
            assertTrue(chunks.size() <= Math.max(piece, 1));
            assertArrayEquals(a.toDoubleArray(), Join.cat(chunks, d).toDoubleArray(), 0.0);
            NDArray stacked = Join.stack(List.of(a, a), d);
            assertArrayEquals(a.toDoubleArray(), stacked.select(d, 1).toDoubleArray(), 0.0);
        }
    }
}
