package org.vectorgrad.engine;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class NDArrayViewTest {
    private static NDArray range(int... shape) {
        try (NDArray r = NDArrays.arange(DType.FLOAT32, 0, Shapes.numel(shape), 1)) {
            return r.reshape(shape).contiguous();
        }
    }

    @Test
    void viewSharesStorageAndReshapeCopiesOnlyWhenNeeded() {
        NDArray a = range(2, 3);
        NDArray v = a.view(3, 2);
        assertTrue(v.sharesStorageWith(a));
        assertArrayEquals(new float[]{0, 1, 2, 3, 4, 5}, v.toFloatArray());
        NDArray t = a.t();
        var e = assertThrows(IllegalArgumentException.class, () -> t.view(6));
        assertTrue(e.getMessage().startsWith("view size is not compatible with input tensor's size and stride"));
        NDArray r = t.reshape(6);
        assertFalse(r.sharesStorageWith(a));
        assertArrayEquals(new float[]{0, 3, 1, 4, 2, 5}, r.toFloatArray());
        assertArrayEquals(new int[]{2, 3}, a.view(-1, 3).shape());
    }

    @Test
    void invalidShapeMessageMatchesPyTorch() {
        NDArray a = range(3);
        var e = assertThrows(IllegalArgumentException.class, () -> a.view(2, 2));
        assertEquals("shape '[2, 2]' is invalid for input of size 3", e.getMessage());
    }

    @Test
    void dimensionOutOfRangeMessage() {
        NDArray a = range(2, 3);
        var e = assertThrows(IndexOutOfBoundsException.class, () -> a.size(2));
        assertEquals("Dimension out of range (expected to be in range of [-2, 1], but got 2)", e.getMessage());
    }

    @Test
    void sliceWithStepAndNegativeIndices() {
        NDArray a = range(10);
        assertArrayEquals(new float[]{1, 3, 5, 7}, a.slice(0, 1, -1, 2).toFloatArray());
        assertArrayEquals(new float[]{7, 8}, a.slice(0, -3, -1, 1).toFloatArray());
        assertArrayEquals(new float[]{}, a.slice(0, 5, 2, 1).toFloatArray());
        assertEquals(9.0, a.select(0, -1).item());
        assertArrayEquals(new float[]{2, 3, 4}, a.narrow(0, 2, 3).toFloatArray());
    }

    @Test
    void permuteExpandSqueezeUnsqueezeFlatten() {
        NDArray a = range(2, 3, 4);
        NDArray p = a.permute(2, 0, 1);
        assertArrayEquals(new int[]{4, 2, 3}, p.shape());
        assertEquals(a.getDouble(1, 2, 3), p.getDouble(3, 1, 2));
        NDArray b = range(3, 1).expand(2, 3, 4);
        assertArrayEquals(new long[]{0, 1, 0}, b.strides());
        assertEquals(2.0, b.getDouble(1, 2, 3));
        assertArrayEquals(new int[]{3}, range(1, 3, 1).squeeze().shape());
        assertArrayEquals(new int[]{2, 1, 3}, range(2, 3).unsqueeze(1).shape());
        assertArrayEquals(new int[]{2, 12}, a.flatten(1, 2).shape());
        assertArrayEquals(new int[]{2, 3, 2, 2}, a.unflatten(2, 2, -1).shape());
        var e = assertThrows(IllegalArgumentException.class, () -> range(2, 3).expand(4, 3));
        assertTrue(e.getMessage().startsWith("The expanded size of the tensor (4) must match the existing size (2)"));
    }

    @Test
    void scalarsAndItem() {
        NDArray s = NDArrays.scalar(2.5);
        assertEquals(0, s.dim());
        assertEquals(2.5, s.item());
        assertEquals(1, s.numel());
        var e = assertThrows(IllegalArgumentException.class, () -> range(2).item());
        assertEquals("a Tensor with 2 elements cannot be converted to Scalar", e.getMessage());
    }

    @Test
    void conversionsRoundTrip() {
        assertArrayEquals(new long[]{1, -2}, NDArrays.of(new long[]{1, -2}).toLongArray());
        assertArrayEquals(new int[]{4, 5}, NDArrays.of(new int[]{4, 5}).toIntArray());
        assertArrayEquals(new boolean[]{true, false}, NDArrays.of(new boolean[]{true, false}).toBooleanArray());
        assertArrayEquals(new double[]{0.5, 1.5}, NDArrays.of(new double[]{0.5, 1.5}).toDoubleArray());
        float[][] m = {{1, 2}, {3, 4}};
        assertArrayEquals(m, NDArrays.of(m).toFloatMatrix());
        assertEquals(DType.FLOAT32, NDArrays.of(new long[]{1, 2}).to(DType.FLOAT32).dtype());
    }

    @Test
    void printsLikePyTorch() {
        assertEquals("tensor([[0., 1., 2.],\n        [3., 4., 5.]])", range(2, 3).toString());
        assertEquals("tensor([1, 2])", NDArrays.of(new long[]{1, 2}).toString());
        assertEquals("tensor([1, 2], dtype=torch.int32)", NDArrays.of(new int[]{1, 2}).toString());
        assertEquals("tensor([ True, False])", NDArrays.of(new boolean[]{true, false}).toString());
        assertEquals("tensor([0.5000, 1.2500])", NDArrays.of(new float[]{0.5f, 1.25f}).toString());
        assertEquals("tensor(2.5000)", NDArrays.scalar(2.5).toString());
        String big = NDArrays.zeros(2000).toString();
        assertTrue(big.contains("..."), big);
    }

    @Test
    void factories() {
        assertArrayEquals(new long[]{0, 1, 2}, NDArrays.arange(3).toLongArray());
        assertArrayEquals(new float[]{0, 0.25f, 0.5f, 0.75f, 1}, NDArrays.linspace(0, 1, 5).toFloatArray());
        assertArrayEquals(new float[]{1, 0, 0, 1}, NDArrays.eye(2).toFloatArray());
        assertArrayEquals(new float[]{7, 7}, NDArrays.full(7, 2).toFloatArray());
        Generator g1 = new Generator(42);
        Generator g2 = new Generator(42);
        assertArrayEquals(NDArrays.randn(g1, DType.FLOAT32, 5).toFloatArray(), NDArrays.randn(g2, DType.FLOAT32, 5).toFloatArray());
        long[] perm = NDArrays.randperm(new Generator(1), 10).toLongArray();
        assertEquals(45, java.util.Arrays.stream(perm).sum());
    }
}
