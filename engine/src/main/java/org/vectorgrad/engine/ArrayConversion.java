package org.vectorgrad.engine;

/** Copies between NDArrays and Java arrays (row-major order, any layout on the NDArray side). */
final class ArrayConversion {
    private ArrayConversion() {
    }

    private static int checkedLength(NDArray a) {
        long n = a.numel();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor with " + n + " elements does not fit in a Java array");
        }
        return (int) n;
    }

    /** A contiguous copy of {@code a} in {@code type}, for reading element by element. */
    private static NDArray dense(NDArray a, DType type) {
        NDArray out = NDArray.allocate(type, a.shape());
        Copy.copyInto(out, a);
        return out;
    }

    static float[] toFloatArray(NDArray a) {
        try (NDArray d = dense(a, DType.FLOAT32)) {
            return d.segment().asSlice(0, d.numel() * 4L).toArray(java.lang.foreign.ValueLayout.JAVA_FLOAT);
        }
    }

    static double[] toDoubleArray(NDArray a) {
        try (NDArray d = dense(a, DType.FLOAT64)) {
            return d.segment().asSlice(0, d.numel() * 8L).toArray(java.lang.foreign.ValueLayout.JAVA_DOUBLE);
        }
    }

    static long[] toLongArray(NDArray a) {
        try (NDArray d = dense(a, DType.INT64)) {
            return d.segment().asSlice(0, d.numel() * 8L).toArray(java.lang.foreign.ValueLayout.JAVA_LONG);
        }
    }

    static int[] toIntArray(NDArray a) {
        try (NDArray d = dense(a, DType.INT32)) {
            return d.segment().asSlice(0, d.numel() * 4L).toArray(java.lang.foreign.ValueLayout.JAVA_INT);
        }
    }

    static boolean[] toBooleanArray(NDArray a) {
        try (NDArray d = dense(a, DType.BOOL)) {
            boolean[] out = new boolean[checkedLength(d)];
            var seg = d.segment();
            for (int i = 0; i < out.length; i++) {
                out[i] = seg.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i) != 0;
            }
            return out;
        }
    }

    static float[][] toFloatMatrix(NDArray a) {
        if (a.dim() != 2) {
            throw new IllegalArgumentException("toFloatMatrix() expects a 2-D tensor, got shape " + Shapes.format(a.shape()));
        }
        float[] flat = toFloatArray(a);
        int rows = a.size(0);
        int cols = a.size(1);
        float[][] out = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * cols, out[r], 0, cols);
        }
        return out;
    }

    /** A new contiguous array of {@code type} and {@code shape} holding a copy of a heap array. */
    static NDArray fromHeap(java.lang.foreign.MemorySegment heap, DType type, int[] shape) {
        int[] s = Shapes.checkedShape(shape);
        long n = Shapes.numel(s);
        if (n * type.byteSize() != heap.byteSize()) {
            throw new IllegalArgumentException("shape '" + Shapes.format(s) + "' is invalid for input of size "
                    + heap.byteSize() / type.byteSize());
        }
        NDArray out = NDArray.allocate(type, s);
        java.lang.foreign.MemorySegment.copy(heap, 0, out.segment(), 0, heap.byteSize());
        return out;
    }
}
