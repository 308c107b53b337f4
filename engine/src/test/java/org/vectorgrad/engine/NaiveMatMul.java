package org.vectorgrad.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;

/**
 * An oracle for matmul written from torch.matmul's documentation, independent of {@link MatMulPlan}: 1-d
 * operands promoted, batch dims broadcast right-aligned, every element read with {@link NDArray#getDouble}.
 * Also returns, per element, {@code sum |a||b|} for a rounding-error bound.
 */
final class NaiveMatMul {
    final int[] shape;
    final double[] value;
    final double[] bound;
    final int k;

    private NaiveMatMul(int[] shape, double[] value, double[] bound, int k) {
        this.shape = shape;
        this.value = value;
        this.bound = bound;
        this.k = k;
    }

    /** {@code a @ b (+ bias broadcast to the result)}. */
    static NaiveMatMul of(NDArray a, NDArray b, NDArray bias) {
        int[] as = a.shape();
        int[] bs = b.shape();
        boolean a1 = as.length == 1;
        boolean b1 = bs.length == 1;
        int[] am = a1 ? new int[]{1, as[0]} : as;
        int[] bm = b1 ? new int[]{bs[0], 1} : bs;
        int m = am[am.length - 2];
        int k = am[am.length - 1];
        int n = bm[bm.length - 1];
        int[] batch = Shapes.broadcast(Arrays.copyOf(am, am.length - 2), Arrays.copyOf(bm, bm.length - 2));
        int[] result = batch.clone();
        if (!a1) {
            result = append(result, m);
        }
        if (!b1) {
            result = append(result, n);
        }
        int count = (int) Shapes.numel(batch);
        double[] value = new double[count * m * n];
        double[] bound = new double[value.length];
        int[] idx = new int[batch.length];
        int out = 0;
        for (int e = 0; e < count; e++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    double abs = 0;
                    for (int p = 0; p < k; p++) {
                        double x = a.getDouble(a1 ? new int[]{p} : index(idx, as, i, p));
                        double y = b.getDouble(b1 ? new int[]{p} : index(idx, bs, p, j));
                        s += x * y;
                        abs += Math.abs(x * y);
                    }
                    if (bias != null) {
                        int[] full = append(append(idx.clone(), i), j);
                        int[] res = new int[result.length];
                        System.arraycopy(full, 0, res, 0, batch.length);
                        int pos = batch.length;
                        if (!a1) {
                            res[pos++] = i;
                        }
                        if (!b1) {
                            res[pos] = j;
                        }
                        double v = bias.getDouble(rightAligned(res, bias.shape()));
                        s += v;
                        abs += Math.abs(v);
                    }
                    value[out] = s;
                    bound[out++] = abs;
                }
            }
            for (int d = batch.length - 1; d >= 0 && ++idx[d] == batch[d]; d--) {
                idx[d] = 0;
            }
        }
        return new NaiveMatMul(result, value, bound, k);
    }

    /** Asserts {@code actual} has this shape and values within the rounding bound of its dtype. */
    void check(NDArray actual, String what) {
        assertArrayEquals(shape, actual.shape(), () -> what + ": shape");
        double[] got = actual.toDoubleArray();
        assertEquals(value.length, got.length, what);
        double u = actual.dtype() == DType.FLOAT32 ? 0x1p-24 : 0x1p-53;
        for (int i = 0; i < got.length; i++) {
            double tol = (2.0 * k + 4) * u * bound[i] + 1e-300;
            if (!(Math.abs(got[i] - value[i]) <= tol)) {
                throw new AssertionError(what + ": element " + i + " is " + got[i] + ", expected " + value[i]
                        + " (tolerance " + tol + ", k=" + k + ")");
            }
        }
    }

    /** Index into an operand of shape {@code s} (rank >= 2) for batch index {@code idx} (right-aligned). */
    private static int[] index(int[] idx, int[] s, int r, int c) {
        int[] out = new int[s.length];
        int shift = idx.length - (s.length - 2);
        for (int d = 0; d < s.length - 2; d++) {
            out[d] = s[d] == 1 ? 0 : idx[d + shift];
        }
        out[s.length - 2] = r;
        out[s.length - 1] = c;
        return out;
    }

    private static int[] rightAligned(int[] full, int[] s) {
        int[] out = new int[s.length];
        int shift = full.length - s.length;
        for (int d = 0; d < s.length; d++) {
            out[d] = s[d] == 1 ? 0 : full[d + shift];
        }
        return out;
    }

    private static int[] append(int[] s, int v) {
        int[] out = Arrays.copyOf(s, s.length + 1);
        out[s.length] = v;
        return out;
    }
}
