package org.vectorgrad.engine;

import java.lang.foreign.MemorySegment;
import org.vectorgrad.engine.kernel.Elements;
import org.vectorgrad.engine.kernel.StridedLoop;
import org.vectorgrad.engine.kernel.UnaryRow;

/**
 * The loop behind {@link Unary}: converts the input to the compute type, walks the index space row by row (split
 * over the pool when large) and runs the op's SIMD row on contiguous rows, else its scalar twin.
 */
final class UnaryKernel {
    /** Elements per thread below which memory-bound ops stay on the calling thread. */
    private static final long GRAIN = 1 << 15;
    /** The same for ops with transcendental arithmetic. */
    private static final long GRAIN_EXPENSIVE = 1 << 13;

    private UnaryKernel() {
    }

    /** A new array holding {@code op(a; p, q)}; {@code simd=false} runs only the scalar twin (the test oracle). */
    static NDArray compute(UnaryOp op, NDArray a, double p, double q, boolean simd) {
        DType compute = op.computeType(a.dtype(), p, q);
        NDArray out = NDArray.allocate(op.resultType(compute), a.shape());
        try {
            run(op, a, out, compute, p, q, simd);
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
        return out;
    }

    /** Writes {@code op(a; p, q)} into {@code out} after checking it; bumps out's version once. */
    static void into(UnaryOp op, NDArray a, NDArray out, double p, double q) {
        DType compute = op.computeType(a.dtype(), p, q);
        Outputs.check(op.resultType(compute), Shapes.broadcast(a.shape(), out.shape()), out);
        run(op, a, out, compute, p, q, true);
        out.bumpVersion();
    }

    private static void run(UnaryOp op, NDArray a, NDArray out, DType compute, double p, double q, boolean simd) {
        NDArray ac = a.dtype() == compute ? a : a.to(compute);
        try {
            int[] shape = out.shape();
            long[][] strides = {out.strides(), Shapes.broadcastStrides(ac.shape(), ac.strides(), shape)};
            StridedLoop loop = new StridedLoop(shape, strides, new long[]{out.offset(), ac.offset()});
            MemorySegment so = out.segment();
            MemorySegment sa = ac.segment();
            DType outType = out.dtype();
            UnaryRow row = simd && outType == compute ? op.simdRow(compute) : null;
            UnaryOp.Integral integer = compute.isFloatingPoint() ? null : op.integer();
            // Parameters are converted to the compute type (as PyTorch converts scalars), for SIMD and twin alike.
            boolean f32 = compute == DType.FLOAT32;
            double pc = f32 ? (float) p : p;
            double qc = f32 ? (float) q : q;
            // A float32 computation written to a float64 output is still rounded to float32.
            boolean roundToFloat = f32 && outType != DType.FLOAT32;
            loop.forEachParallel(op.expensive() ? GRAIN_EXPENSIVE : GRAIN, (off, inner, n) -> {
                if (row != null && (n == 1 || inner[0] == 1 && inner[1] == 1)) {
                    row.apply(sa, off[1], so, off[0], n, pc, qc);
                } else if (row != null && inner[0] == 1 && inner[1] == 0) {
                    // a broadcast input: compute the one value with the SIMD row, then repeat it
                    row.apply(sa, off[1], so, off[0], 1, pc, qc);
                    double v = Elements.getDouble(so, compute, off[0]);
                    for (int i = 1; i < n; i++) {
                        Elements.setDouble(so, compute, off[0] + i, v);
                    }
                } else if (integer != null) {
                    for (int i = 0; i < n; i++) {
                        long x = Elements.getLong(sa, compute, off[1] + i * inner[1]);
                        Elements.setLong(so, outType, off[0] + i * inner[0], integer.apply(x, pc, qc));
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        double v = op.apply(Elements.getDouble(sa, compute, off[1] + i * inner[1]), pc, qc);
                        Elements.setDouble(so, outType, off[0] + i * inner[0], roundToFloat ? (float) v : v);
                    }
                }
            });
        } finally {
            if (ac != a) {
                ac.close();
            }
        }
    }
}
