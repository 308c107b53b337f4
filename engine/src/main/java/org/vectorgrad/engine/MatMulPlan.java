package org.vectorgrad.engine;

import java.util.Arrays;
import org.vectorgrad.engine.kernel.GemmArgs;

/**
 * Turns the geometry of matmul operands (already checked, at least 2-d, batch dims broadcastable) into a
 * {@link GemmArgs}: the broadcast batch is enumerated into per-entry element offsets, with stride 0 where an
 * operand is broadcast, so nothing is expanded or copied. A batch that is really one tall matrix (B shared, A
 * and C stacked at a uniform row stride, as {@code [batch, T, in] @ [in, out]} usually is) is folded into one
 * GEMM so that B is packed once.
 */
final class MatMulPlan {
    /** Shape, strides and offset of an operand (in elements), without an NDArray view to close. */
    record Geo(int[] shape, long[] strides, long offset) {
        static Geo of(NDArray a) {
            return new Geo(a.shape(), a.strides(), a.offset());
        }

        int dim() {
            return shape.length;
        }

        int size(int d) {
            return shape[d < 0 ? d + shape.length : d];
        }

        long stride(int d) {
            return strides[d < 0 ? d + strides.length : d];
        }

        /** A size-1 dimension inserted at {@code d} (0 <= d <= dim). */
        Geo unsqueeze(int d) {
            int[] s = new int[shape.length + 1];
            long[] st = new long[shape.length + 1];
            for (int i = 0, j = 0; i < s.length; i++) {
                if (i == d) {
                    s[i] = 1;
                    st[i] = 1;
                } else {
                    s[i] = shape[j];
                    st[i] = strides[j++];
                }
            }
            return new Geo(s, st, offset);
        }

        /** The batch dims (all but the last two). */
        int[] batchShape() {
            return Arrays.copyOf(shape, shape.length - 2);
        }

        /** Broadcast to {@code target} (stride 0 where expanded), with PyTorch's expand error. */
        Geo expand(int[] target) {
            int shift = target.length - shape.length;
            if (shift < 0) {
                throw new IllegalArgumentException("expand(" + Shapes.format(shape) + ", size=" + Shapes.format(target)
                        + "): the number of sizes provided (" + target.length + ") must be greater or equal to the"
                        + " number of dimensions in the tensor (" + shape.length + ")");
            }
            long[] st = new long[target.length];
            for (int j = 0; j < shape.length; j++) {
                int i = j + shift;
                if (shape[j] == target[i]) {
                    st[i] = strides[j];
                } else if (shape[j] != 1) {
                    throw new IllegalArgumentException("The expanded size of the tensor (" + target[i] + ") must match"
                            + " the existing size (" + shape[j] + ") at non-singleton dimension " + i
                            + ".  Target sizes: " + Shapes.format(target) + ".  Tensor sizes: " + Shapes.format(shape));
                }
            }
            return new Geo(target.clone(), st, offset);
        }
    }

    private MatMulPlan() {
    }

    /**
     * The GEMM computing {@code c = a @ b (+ x)}: a is {@code [..., m, k]}, b {@code [..., k, n]}, c
     * {@code [batch..., m, n]} with the broadcast batch shape, x (nullable) of c's shape. Sizes are checked.
     */
    static GemmArgs plan(NDArray aArr, Geo a, NDArray bArr, Geo b, NDArray cArr, Geo c, NDArray xArr, Geo x) {
        int m = c.size(-2);
        int n = c.size(-1);
        int k = a.size(-1);
        int[] batch = c.batchShape();
        int count = Math.toIntExact(Shapes.numel(batch));
        long[] aBatch = Shapes.broadcastStrides(a.batchShape(), Arrays.copyOf(a.strides(), a.dim() - 2), batch);
        long[] bBatch = Shapes.broadcastStrides(b.batchShape(), Arrays.copyOf(b.strides(), b.dim() - 2), batch);
        long[] aOff = new long[count];
        long[] bOff = new long[count];
        long[] cOff = new long[count];
        long[] xOff = x == null ? null : new long[count];
        int[] index = new int[batch.length];
        for (int e = 0; e < count; e++) {
            long ao = a.offset();
            long bo = b.offset();
            long co = c.offset();
            long xo = x == null ? 0 : x.offset();
            for (int d = 0; d < batch.length; d++) {
                ao += index[d] * aBatch[d];
                bo += index[d] * bBatch[d];
                co += index[d] * c.stride(d);
                if (x != null) {
                    xo += index[d] * x.stride(d);
                }
            }
            aOff[e] = ao;
            bOff[e] = bo;
            cOff[e] = co;
            if (x != null) {
                xOff[e] = xo;
            }
            for (int d = batch.length - 1; d >= 0 && ++index[d] == batch[d]; d--) {
                index[d] = 0;
            }
        }
        long aRs = a.stride(-2);
        long cRs = c.stride(-2);
        long xRs = x == null ? 0 : x.stride(-2);
        if (count > 1 && foldable(aOff, aRs, bOff, cOff, cRs, xOff, xRs, m)) {
            m *= count;
            aOff = new long[]{aOff[0]};
            bOff = new long[]{bOff[0]};
            cOff = new long[]{cOff[0]};
            xOff = x == null ? null : new long[]{xOff[0]};
        }
        GemmArgs g = GemmArgs.of(cArr.dtype(), m, n, k, aArr.segment(), aOff, aRs, a.stride(-1),
                bArr.segment(), bOff, b.stride(-2), b.stride(-1), cArr.segment(), cOff, cRs, c.stride(-1));
        return x == null ? g : g.withAddend(xArr.segment(), xOff, xRs, x.stride(-1));
    }

    /** True if B (and nothing else) is shared and A, C, X advance by exactly m rows from one entry to the next. */
    private static boolean foldable(long[] aOff, long aRs, long[] bOff, long[] cOff, long cRs, long[] xOff, long xRs,
            int m) {
        for (int e = 1; e < aOff.length; e++) {
            if (bOff[e] != bOff[0] || aOff[e] != aOff[0] + e * m * aRs || cOff[e] != cOff[0] + e * m * cRs
                    || (xOff != null && xOff[e] != xOff[0] + e * m * xRs)) {
                return false;
            }
        }
        return m > 0;
    }
}
