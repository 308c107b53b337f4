package org.vectorgrad.engine;

import java.lang.foreign.MemorySegment;
import org.vectorgrad.engine.kernel.Elements;
import org.vectorgrad.engine.kernel.ReduceDriver;
import org.vectorgrad.engine.kernel.ReduceGeometry;
import org.vectorgrad.engine.kernel.ReduceKind;

/**
 * The implementations behind {@link Reduce}: type rules, composite ops (mean, var, logsumexp, norms) and the
 * calls into {@link ReduceDriver}. Every method takes {@code simd}; {@code false} runs the scalar twin, which
 * the tests compare the fast paths against.
 */
final class Reductions {
    private Reductions() {
    }

    /** Sum; integer and bool inputs sum exactly into int64. */
    static NDArray sum(NDArray a, int[] dims, boolean keepdim, boolean simd) {
        DType out = a.dtype().isFloatingPoint() ? a.dtype() : DType.INT64;
        return plain(ReduceKind.SUM, a, ReduceDims.mask(dims, a.dim()), keepdim, simd, out);
    }

    static NDArray prod(NDArray a, int[] dims, boolean keepdim, boolean simd) {
        DType out = a.dtype().isFloatingPoint() ? a.dtype() : DType.INT64;
        return plain(ReduceKind.PROD, a, ReduceDims.mask(dims, a.dim()), keepdim, simd, out);
    }

    /** amax/amin: the input dtype; an empty reduced dimension is an error (no identity). */
    static NDArray extreme(String op, boolean max, NDArray a, int[] dims, boolean keepdim, boolean simd) {
        boolean[] mask = ReduceDims.mask(dims, a.dim());
        ReduceDims.requireNonEmpty(op, a.shape(), mask);
        return plain(max ? ReduceKind.MAX : ReduceKind.MIN, a, mask, keepdim, simd, a.dtype());
    }

    /** max()/min() over all elements, PyTorch's error for an empty input. */
    static NDArray extremeAll(String op, boolean max, NDArray a, boolean simd) {
        if (a.numel() == 0) {
            throw new IllegalArgumentException(op + "(): Expected reduction dim to be specified for input.numel() == 0."
                    + " Specify the reduction dim with the 'dim' argument.");
        }
        return extreme(op, max, a, null, false, simd);
    }

    private static NDArray plain(ReduceKind kind, NDArray a, boolean[] mask, boolean keepdim, boolean simd,
            DType outType) {
        NDArray out = NDArray.allocate(outType, ReduceDims.outShape(a.shape(), mask, keepdim));
        ReduceGeometry g = ReduceDims.geometry(a, mask, true);
        MemorySegment so = out.segment();
        MemorySegment s = a.segment();
        if (a.dtype().isFloatingPoint()) {
            ReduceDriver.reduce(kind, s, a.dtype(), g, null, 0, simd, (i, v) -> Elements.setDouble(so, outType, i, v));
        } else {
            ReduceDriver.reduceLong(kind, s, a.dtype(), g, (i, v) -> Elements.setLong(so, outType, i, v));
        }
        return out;
    }

    /** Runs one floating reduction over the masked dims; the sink maps and stores each value. */
    private static void run(ReduceKind kind, NDArray a, boolean[] mask, double[] centres, double p, boolean simd,
            ReduceDriver.Sink sink) {
        ReduceDriver.reduce(kind, a.segment(), a.dtype(), ReduceDims.geometry(a, mask, true), centres, p, simd, sink);
    }

    /** Per-output values of one reduction, as doubles (the centres of the second pass of var and logsumexp). */
    private static double[] values(ReduceKind kind, NDArray a, ReduceGeometry g, boolean simd) {
        double[] v = new double[Math.toIntExact(g.outputCount())];
        ReduceDriver.reduce(kind, a.segment(), a.dtype(), g, null, 0, simd, (i, x) -> v[(int) i] = x);
        return v;
    }

    private static void requireFloating(NDArray a, String message) {
        if (!a.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(message + ReduceDims.scalarName(a.dtype()));
        }
    }

    static NDArray mean(NDArray a, int[] dims, boolean keepdim, boolean simd) {
        requireFloating(a, "mean(): could not infer output dtype. Input dtype must be either a floating point or"
                + " complex dtype. Got: ");
        boolean[] mask = ReduceDims.mask(dims, a.dim());
        NDArray out = NDArray.allocate(a.dtype(), ReduceDims.outShape(a.shape(), mask, keepdim));
        MemorySegment so = out.segment();
        DType t = a.dtype();
        double n = ReduceDims.geometry(a, mask, true).reducedCount();
        run(ReduceKind.SUM, a, mask, null, 0, simd, (i, v) -> Elements.setDouble(so, t, i, v / n));
        return out;
    }

    /**
     * Variance (or standard deviation) in two passes, mean then squared deviations from it, which stays accurate
     * when the mean is large compared with the spread. Divides by {@code max(0, N - correction)}, as PyTorch.
     */
    static NDArray var(NDArray a, int[] dims, double correction, boolean keepdim, boolean std, boolean simd) {
        if (!a.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("std and var only support floating point and complex dtypes");
        }
        boolean[] mask = ReduceDims.mask(dims, a.dim());
        ReduceGeometry g = ReduceDims.geometry(a, mask, true);
        long n = g.reducedCount();
        double[] centres = values(ReduceKind.SUM, a, g, simd);
        for (int i = 0; i < centres.length; i++) {
            centres[i] /= n;
        }
        double divisor = Math.max(0, n - correction);
        NDArray out = NDArray.allocate(a.dtype(), ReduceDims.outShape(a.shape(), mask, keepdim));
        MemorySegment so = out.segment();
        DType t = a.dtype();
        run(ReduceKind.SUM_SQ_DEV, a, mask, centres, 0, simd, (i, v) -> {
            double variance = v / divisor;
            Elements.setDouble(so, t, i, std ? Math.sqrt(variance) : variance);
        });
        return out;
    }

    /**
     * {@code log(sum(exp(x)))} computed as {@code m + log(sum(exp(x - m)))} with {@code m} the max, so that it
     * stays finite for large inputs; an infinite max is not subtracted (PyTorch's rule), so an all {@code -inf}
     * row gives {@code -inf} rather than NaN. Integer inputs compute in float32.
     */
    static NDArray logsumexp(NDArray a, int[] dims, boolean keepdim, boolean simd) {
        NDArray x = a.dtype().isFloatingPoint() ? a : a.to(DType.FLOAT32);
        try {
            boolean[] mask = ReduceDims.mask(dims, x.dim());
            ReduceGeometry g = ReduceDims.geometry(x, mask, true);
            double[] shifts = values(ReduceKind.MAX, x, g, simd);
            for (int i = 0; i < shifts.length; i++) {
                shifts[i] = Double.isInfinite(shifts[i]) ? 0 : shifts[i];
            }
            NDArray out = NDArray.allocate(x.dtype(), ReduceDims.outShape(x.shape(), mask, keepdim));
            MemorySegment so = out.segment();
            DType t = x.dtype();
            run(ReduceKind.SUM_EXP_SHIFT, x, mask, shifts, 0, simd,
                    (i, v) -> Elements.setDouble(so, t, i, Math.log(v) + shifts[(int) i]));
            return out;
        } finally {
            if (x != a) {
                x.close();
            }
        }
    }

    /** The vector p-norm over dims (PyTorch's {@code linalg.vector_norm}): p = 2, 1, inf, -inf, 0 or any p. */
    static NDArray norm(NDArray a, double p, int[] dims, boolean keepdim, boolean simd) {
        requireFloating(a, "linalg.vector_norm: Expected a floating point or complex tensor as input. Got ");
        boolean[] mask = ReduceDims.mask(dims, a.dim());
        boolean infinite = Double.isInfinite(p);
        if (infinite && ReduceDims.geometry(a, mask, true).reducedCount() == 0) {
            throw new IllegalArgumentException("linalg.vector_norm cannot compute the " + (p > 0 ? "" : "-")
                    + "inf norm on an empty tensor because the operation does not have an identity");
        }
        ReduceKind kind = p == 2 ? ReduceKind.SUM_SQ_DEV
                : p == 1 ? ReduceKind.SUM_ABS
                : p == Double.POSITIVE_INFINITY ? ReduceKind.MAX_ABS
                : p == Double.NEGATIVE_INFINITY ? ReduceKind.MIN_ABS
                : p == 0 ? ReduceKind.COUNT_NONZERO
                : ReduceKind.SUM_ABS_POW;
        NDArray out = NDArray.allocate(a.dtype(), ReduceDims.outShape(a.shape(), mask, keepdim));
        MemorySegment so = out.segment();
        DType t = a.dtype();
        run(kind, a, mask, null, p, simd, (i, v) -> {
            double r = switch (kind) {
                case SUM_SQ_DEV -> Math.sqrt(v);
                case SUM_ABS_POW -> Math.pow(v, 1 / p);
                default -> v;
            };
            Elements.setDouble(so, t, i, r);
        });
        return out;
    }

    /** max(dim)/min(dim): values and int64 indices of the first extreme along {@code dim}. */
    static ValuesIndices extremeWithIndices(String op, boolean max, NDArray a, int dim, boolean keepdim) {
        boolean[] mask = ReduceDims.single(dim, a.dim());
        ReduceDims.requireNonEmpty(op, a.shape(), mask);
        int[] shape = ReduceDims.outShape(a.shape(), mask, keepdim);
        NDArray values = NDArray.allocate(a.dtype(), shape);
        NDArray indices = NDArray.allocate(DType.INT64, shape);
        MemorySegment s = a.segment();
        MemorySegment sv = values.segment();
        MemorySegment si = indices.segment();
        DType t = a.dtype();
        boolean floating = t.isFloatingPoint();
        ReduceDriver.arg(max, s, t, ReduceDims.geometry(a, mask, false), (i, pos, off) -> {
            if (floating) {
                Elements.setDouble(sv, t, i, Elements.getDouble(s, t, off));
            } else {
                Elements.setLong(sv, t, i, Elements.getLong(s, t, off));
            }
            si.setAtIndex(Elements.I64, i, pos);
        });
        return new ValuesIndices(values, indices);
    }

    /** argmax/argmin along {@code dim}, or over the flattened array when {@code dim} is null. */
    static NDArray argExtreme(String op, boolean max, NDArray a, Integer dim, boolean keepdim) {
        boolean[] mask;
        if (dim == null) {
            if (a.numel() == 0) {
                throw new IllegalArgumentException(op
                        + "(): Expected reduction dim to be specified for input.numel() == 0.");
            }
            mask = ReduceDims.mask(null, a.dim());
        } else {
            mask = ReduceDims.single(dim, a.dim());
            ReduceDims.requireNonEmpty(op, a.shape(), mask);
        }
        NDArray indices = NDArray.allocate(DType.INT64, ReduceDims.outShape(a.shape(), mask, keepdim));
        MemorySegment si = indices.segment();
        ReduceDriver.arg(max, a.segment(), a.dtype(), ReduceDims.geometry(a, mask, false),
                (i, pos, off) -> si.setAtIndex(Elements.I64, i, pos));
        return indices;
    }
}
