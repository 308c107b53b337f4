package org.vectorgrad.engine.kernel;

import java.lang.foreign.MemorySegment;
import org.vectorgrad.engine.DType;

/**
 * Scalar rows along one dimension with any strides: softmax/log-softmax in double (the general path and the
 * twin of {@link SoftmaxF32}/{@link SoftmaxF64}) and the cumulative sum.
 */
public final class AlongDimScalar {
    private AlongDimScalar() {
    }

    /** Softmax (or log-softmax) of {@code n} elements of type {@code t}, computed in double. */
    public static void softmax(boolean log, MemorySegment in, DType t, long io, long is, MemorySegment out, long oo,
            long os, int n) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, Elements.getDouble(in, t, io + i * is));
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.exp(Elements.getDouble(in, t, io + i * is) - m);
        }
        if (log) {
            double shift = Math.log(sum);
            for (int i = 0; i < n; i++) {
                Elements.setDouble(out, t, oo + i * os, Elements.getDouble(in, t, io + i * is) - m - shift);
            }
        } else {
            for (int i = 0; i < n; i++) {
                Elements.setDouble(out, t, oo + i * os, Math.exp(Elements.getDouble(in, t, io + i * is) - m) / sum);
            }
        }
    }

    /**
     * Running sum of {@code n} elements into {@code out} of type {@code ot}: floating types accumulate in double,
     * integers and bool in long (wrapping on overflow, as PyTorch).
     */
    public static void cumsum(MemorySegment in, DType t, long io, long is, MemorySegment out, DType ot, long oo,
            long os, int n) {
        if (ot.isFloatingPoint()) {
            double acc = 0;
            for (int i = 0; i < n; i++) {
                acc += Elements.getDouble(in, t, io + i * is);
                Elements.setDouble(out, ot, oo + i * os, acc);
            }
        } else {
            long acc = 0;
            for (int i = 0; i < n; i++) {
                acc += Elements.getLong(in, t, io + i * is);
                Elements.setLong(out, ot, oo + i * os, acc);
            }
        }
    }
}
