package org.vectorgrad.engine;

import java.lang.foreign.MemorySegment;
import org.vectorgrad.engine.kernel.Elements;

/** Factories: PyTorch's {@code torch.zeros}, {@code torch.tensor}, {@code torch.randn}, ... for NDArrays. */
public final class NDArrays {
    private NDArrays() {
    }

    /** Uninitialised contiguous array (content unspecified, as {@code torch.empty}). */
    public static NDArray empty(DType dtype, int... shape) {
        return NDArray.allocate(dtype, shape);
    }

    public static NDArray empty(int... shape) {
        return empty(DType.FLOAT32, shape);
    }

    public static NDArray zeros(DType dtype, int... shape) {
        NDArray a = NDArray.allocate(dtype, shape);
        a.segment().fill((byte) 0);
        return a;
    }

    public static NDArray zeros(int... shape) {
        return zeros(DType.FLOAT32, shape);
    }

    public static NDArray ones(DType dtype, int... shape) {
        return full(dtype, 1.0, shape);
    }

    public static NDArray ones(int... shape) {
        return ones(DType.FLOAT32, shape);
    }

    /** An array of {@code shape} filled with {@code value}. */
    public static NDArray full(DType dtype, double value, int... shape) {
        NDArray a = NDArray.allocate(dtype, shape);
        fill(a.segment(), dtype, 0, a.numel(), value);
        return a;
    }

    public static NDArray full(double value, int... shape) {
        return full(DType.FLOAT32, value, shape);
    }

    static void fill(MemorySegment s, DType dtype, long from, long to, double value) {
        // Zero bytes are +0.0 in every dtype; -0.0 must keep its sign, so it takes the element loop.
        if (Double.doubleToRawLongBits(value) == 0 && from == 0 && to * dtype.byteSize() == s.byteSize()) {
            s.fill((byte) 0);
            return;
        }
        for (long i = from; i < to; i++) {
            Elements.setDouble(s, dtype, i, value);
        }
    }

    /** A 0-d float32 array, as {@code torch.tensor(3.0)}. */
    public static NDArray scalar(double value) {
        return full(DType.FLOAT32, value);
    }

    /** A 0-d array of {@code dtype}. */
    public static NDArray scalar(DType dtype, double value) {
        return full(dtype, value);
    }

    // ---- from Java arrays (copies) ----

    /** A float32 array holding {@code data}; the shape defaults to 1-d. */
    public static NDArray of(float[] data, int... shape) {
        return ArrayConversion.fromHeap(MemorySegment.ofArray(data), DType.FLOAT32, shapeOr(shape, data.length));
    }

    public static NDArray of(double[] data, int... shape) {
        return ArrayConversion.fromHeap(MemorySegment.ofArray(data), DType.FLOAT64, shapeOr(shape, data.length));
    }

    public static NDArray of(long[] data, int... shape) {
        return ArrayConversion.fromHeap(MemorySegment.ofArray(data), DType.INT64, shapeOr(shape, data.length));
    }

    public static NDArray of(int[] data, int... shape) {
        return ArrayConversion.fromHeap(MemorySegment.ofArray(data), DType.INT32, shapeOr(shape, data.length));
    }

    public static NDArray of(boolean[] data, int... shape) {
        byte[] bytes = new byte[data.length];
        for (int i = 0; i < data.length; i++) {
            bytes[i] = (byte) (data[i] ? 1 : 0);
        }
        return ArrayConversion.fromHeap(MemorySegment.ofArray(bytes), DType.BOOL, shapeOr(shape, data.length));
    }

    /** A 2-d float32 array from rows of equal length. */
    public static NDArray of(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new IllegalArgumentException("expected sequence of length " + cols + " at dim 1 (got "
                        + rows[r].length + ")");
            }
            System.arraycopy(rows[r], 0, flat, r * cols, cols);
        }
        return of(flat, rows.length, cols);
    }

    private static int[] shapeOr(int[] shape, int length) {
        return shape.length == 0 ? new int[]{length} : shape;
    }

    // ---- ranges ----

    /** {@code 0, 1, ..., end-1} as int64, as {@code torch.arange(end)}. */
    public static NDArray arange(long end) {
        return arange(DType.INT64, 0, end, 1);
    }

    /** Values {@code start, start+step, ...} below {@code end} (float32, as {@code torch.arange(0., 1., .1)}). */
    public static NDArray arange(double start, double end, double step) {
        return arange(DType.FLOAT32, start, end, step);
    }

    public static NDArray arange(DType dtype, double start, double end, double step) {
        if (step == 0) {
            throw new IllegalArgumentException("step must be nonzero");
        }
        if ((step > 0 && end < start) || (step < 0 && end > start)) {
            throw new IllegalArgumentException("upper bound and larger bound inconsistent with step sign");
        }
        int n = (int) Math.ceil((end - start) / step);
        NDArray a = NDArray.allocate(dtype, new int[]{n});
        MemorySegment s = a.segment();
        for (int i = 0; i < n; i++) {
            Elements.setDouble(s, dtype, i, start + i * step);
        }
        return a;
    }

    /** {@code steps} evenly spaced float32 values from start to end inclusive. */
    public static NDArray linspace(double start, double end, int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("number of steps must be non-negative");
        }
        NDArray a = NDArray.allocate(DType.FLOAT32, new int[]{steps});
        MemorySegment s = a.segment();
        double step = steps > 1 ? (end - start) / (steps - 1) : 0;
        for (int i = 0; i < steps; i++) {
            // PyTorch fills the second half from the end so that the last value is exactly `end`.
            double v = i < steps / 2 ? start + step * i : end - step * (steps - 1 - i);
            s.setAtIndex(Elements.F32, i, (float) v);
        }
        return a;
    }

    /** The {@code n x n} identity (float32). */
    public static NDArray eye(int n) {
        return eye(n, n);
    }

    /** An {@code n x m} float32 matrix with ones on the diagonal. */
    public static NDArray eye(int n, int m) {
        NDArray a = zeros(n, m);
        MemorySegment s = a.segment();
        for (int i = 0; i < Math.min(n, m); i++) {
            s.setAtIndex(Elements.F32, (long) i * m + i, 1f);
        }
        return a;
    }

    // ---- random ----

    /** Uniform [0, 1) float32 from the default generator. */
    public static NDArray rand(int... shape) {
        return rand(Generator.defaultGenerator(), DType.FLOAT32, shape);
    }

    public static NDArray rand(Generator g, DType dtype, int... shape) {
        requireFloating("rand", dtype);
        NDArray a = NDArray.allocate(dtype, shape);
        MemorySegment s = a.segment();
        for (long i = 0, n = a.numel(); i < n; i++) {
            Elements.setDouble(s, dtype, i, g.nextDouble());
        }
        return a;
    }

    /** Standard normal float32 from the default generator. */
    public static NDArray randn(int... shape) {
        return randn(Generator.defaultGenerator(), DType.FLOAT32, shape);
    }

    public static NDArray randn(Generator g, DType dtype, int... shape) {
        requireFloating("randn", dtype);
        NDArray a = NDArray.allocate(dtype, shape);
        MemorySegment s = a.segment();
        for (long i = 0, n = a.numel(); i < n; i++) {
            Elements.setDouble(s, dtype, i, g.nextGaussian());
        }
        return a;
    }

    /** Uniform int64 integers in {@code [low, high)}. */
    public static NDArray randint(long low, long high, int... shape) {
        return randint(Generator.defaultGenerator(), low, high, shape);
    }

    public static NDArray randint(Generator g, long low, long high, int... shape) {
        if (low >= high) {
            throw new IllegalArgumentException("random_ expects 'from' to be less than 'to', but got from=" + low
                    + " >= to=" + high);
        }
        NDArray a = NDArray.allocate(DType.INT64, shape);
        MemorySegment s = a.segment();
        for (long i = 0, n = a.numel(); i < n; i++) {
            s.setAtIndex(Elements.I64, i, g.nextLong(low, high));
        }
        return a;
    }

    /** A random permutation of {@code 0..n-1} (int64), Fisher-Yates from the generator. */
    public static NDArray randperm(int n) {
        return randperm(Generator.defaultGenerator(), n);
    }

    public static NDArray randperm(Generator g, int n) {
        long[] p = new long[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = (int) g.nextLong(0, i + 1);
            long t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return of(p);
    }

    private static void requireFloating(String op, DType dtype) {
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("\"" + op + "\" not implemented for '" + dtype + "'");
        }
    }
}
