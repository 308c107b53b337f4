package org.vectorgrad.engine;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.vectorgrad.engine.kernel.Elements;
import org.vectorgrad.engine.kernel.StridedLoop;
import org.vectorgrad.engine.kernel.UnaryRow;

/**
 * The loop behind {@link Unary}: converts the input to the compute type, walks the index space row by row (split
 * over the pool when large) and runs the op's SIMD row on every float row (strided rows through a gathered
 * scratch copy), so results do not depend on layout. Integer computations and the test reference
 * ({@code simd=false}) run the scalar definition.
 */
final class UnaryKernel {
    /** Elements per thread below which memory-bound ops stay on the calling thread. */
    private static final long GRAIN = 1 << 15;
    /** The same for ops with transcendental arithmetic. */
    private static final long GRAIN_EXPENSIVE = 1 << 13;

    /** Elements per gather/scatter chunk of a strided row. */
    private static final int CHUNK = 512;
    /** Per-thread off-heap scratch for strided rows (off-heap, so that rows only ever see native segments). */
    private static final ThreadLocal<MemorySegment> SCRATCH =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CHUNK * 8L, 64));

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
        Outputs.checkNoPartialOverlap(a, out);
        run(op, a, out, compute, p, q, true);
        out.bumpVersion();
    }

    private static void run(UnaryOp op, NDArray a, NDArray out, DType compute, double p, double q, boolean simd) {
        NDArray ac = a.dtype() == compute ? a : a.to(compute);
        try {
            MemorySegment so = out.segment();
            MemorySegment sa = ac.segment();
            DType outType = out.dtype();
            UnaryRow row = simd ? op.simdRow(compute) : null;
            boolean direct = row != null && outType == compute;
            UnaryOp.Integral integer = compute.isFloatingPoint() ? null : op.integer();
            // Parameters are converted to the compute type (as PyTorch converts scalars), for SIMD and twin alike.
            boolean f32 = compute == DType.FLOAT32;
            double pc = f32 ? (float) p : p;
            double qc = f32 ? (float) q : q;
            // A float32 computation written to a float64 output is still rounded to float32.
            boolean roundToFloat = f32 && outType != DType.FLOAT32;
            if (direct && Dense.sameLayout(ac, out)) {
                // The common case (dense input and output) skips the strided walk: small ops are dominated by it.
                long ao = ac.offset();
                long oo = out.offset();
                Parallel.range(out.numel(), op.expensive() ? GRAIN_EXPENSIVE : GRAIN,
                        (start, end) -> row.apply(sa, ao + start, so, oo + start, (int) (end - start), pc, qc));
                return;
            }
            int[] shape = out.shape();
            long[][] strides = {out.strides(), Shapes.broadcastStrides(ac.shape(), ac.strides(), shape)};
            StridedLoop loop = new StridedLoop(shape, strides, new long[]{out.offset(), ac.offset()});
            loop.forEachParallel(op.expensive() ? GRAIN_EXPENSIVE : GRAIN, (off, inner, n) -> {
                if (direct && (n == 1 || inner[0] == 1 && inner[1] == 1)) {
                    row.apply(sa, off[1], so, off[0], n, pc, qc);
                } else if (direct && inner[0] == 1 && inner[1] == 0) {
                    // a broadcast input: compute the one value with the SIMD row, then repeat it
                    row.apply(sa, off[1], so, off[0], 1, pc, qc);
                    double v = Elements.getDouble(so, compute, off[0]);
                    for (int i = 1; i < n; i++) {
                        Elements.setDouble(so, compute, off[0] + i, v);
                    }
                } else if (row != null) {
                    gatherApplyScatter(row, compute, sa, off[1], inner[1], so, outType, off[0], inner[0], n, pc, qc);
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

    /**
     * A strided row, or one whose output dtype differs from the compute type, still goes through the SIMD row:
     * gathered into contiguous scratch, computed there, scattered (and converted) to the output. So an element's
     * result never depends on the layout of its array or of the output.
     */
    private static void gatherApplyScatter(UnaryRow row, DType compute, MemorySegment a, long ao, long as,
            MemorySegment o, DType outType, long oo, long os, int n, double p, double q) {
        MemorySegment tmp = SCRATCH.get();
        for (int start = 0; start < n; start += CHUNK) {
            int m = Math.min(CHUNK, n - start);
            long from = ao + start * as;
            if (compute == DType.FLOAT32) {
                for (int i = 0; i < m; i++) {
                    tmp.setAtIndex(Elements.F32, i, a.getAtIndex(Elements.F32, from + i * as));
                }
            } else {
                for (int i = 0; i < m; i++) {
                    tmp.setAtIndex(Elements.F64, i, a.getAtIndex(Elements.F64, from + i * as));
                }
            }
            row.apply(tmp, 0, tmp, 0, m, p, q);
            long to = oo + start * os;
            if (compute == outType && compute == DType.FLOAT32) {
                for (int i = 0; i < m; i++) {
                    o.setAtIndex(Elements.F32, to + i * os, tmp.getAtIndex(Elements.F32, i));
                }
            } else {
                for (int i = 0; i < m; i++) {
                    Elements.setDouble(o, outType, to + i * os, Elements.getDouble(tmp, compute, i));
                }
            }
        }
    }
}
