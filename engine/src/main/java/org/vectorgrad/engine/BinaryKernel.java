package org.vectorgrad.engine;

import java.lang.foreign.MemorySegment;
import java.util.function.LongBinaryOperator;
import org.vectorgrad.engine.kernel.BinaryRow;
import org.vectorgrad.engine.kernel.Elements;
import org.vectorgrad.engine.kernel.StridedLoop;

/**
 * The loop behind {@link Binary}: converts inputs to the compute type, walks the broadcast index space row by row
 * (split over the pool when large) and runs the SIMD row of the op where the row allows it, else its scalar twin.
 */
final class BinaryKernel {
    /** Elements per thread below which work stays on the calling thread. */
    private static final long GRAIN = 1 << 15;

    private BinaryKernel() {
    }

    /** A new array holding {@code op(a, b)}; {@code simd=false} runs only the scalar twin (the test oracle). */
    static NDArray compute(BinaryOp op, NDArray a, NDArray b, boolean simd) {
        int[] shape = Shapes.broadcast(a.shape(), b.shape());
        DType compute = op.computeType(a.dtype(), b.dtype());
        NDArray out = NDArray.allocate(op.resultType(compute), shape);
        try {
            run(op, a, b, out, compute, simd);
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
        return out;
    }

    /** Writes {@code op(a, b)} into {@code out} after checking it; bumps out's version once. */
    static void into(BinaryOp op, NDArray a, NDArray b, NDArray out) {
        int[] shape = Shapes.broadcast(a.shape(), b.shape());
        DType compute = op.computeType(a.dtype(), b.dtype());
        Outputs.check(op.resultType(compute), shape, out);
        Outputs.checkNoPartialOverlap(a, out);
        Outputs.checkNoPartialOverlap(b, out);
        run(op, a, b, out, compute, true);
        out.bumpVersion();
    }

    /** Per thread, one persistent 0-d array per dtype that carries Java scalars into the kernels. */
    private static final ThreadLocal<NDArray[]> SCALARS = ThreadLocal.withInitial(() -> new NDArray[DType.values().length]);

    /**
     * A 0-d array holding a Java scalar, typed so that it does not widen a tensor of {@code tensorType}. It is this
     * thread's register for that dtype, overwritten by the next call: pass it to one kernel call, never keep or
     * close it. (A fresh array per scalar op cost a pool round trip on every {@code x * 2}.)
     */
    static NDArray scalarLike(DType tensorType, double scalar) {
        boolean floating = scalar != Math.rint(scalar) || Double.isInfinite(scalar) || Double.isNaN(scalar);
        DType type = DType.promoteWithScalar(tensorType, floating);
        NDArray[] registers = SCALARS.get();
        NDArray s = registers[type.ordinal()];
        if (s == null) {
            s = MemoryScope.persistent(() -> NDArray.allocate(type, new int[0]).keepForever());
            registers[type.ordinal()] = s;
        }
        Elements.setDouble(s.segment(), type, 0, scalar);
        return s;
    }

    private static void run(BinaryOp op, NDArray a, NDArray b, NDArray out, DType compute, boolean simd) {
        NDArray ac = a.dtype() == compute ? a : a.to(compute);
        NDArray bc = b.dtype() == compute ? b : b.to(compute);
        try {
            MemorySegment so = out.segment();
            MemorySegment sa = ac.segment();
            MemorySegment sb = bc.segment();
            DType outType = out.dtype();
            BinaryRow row = simd ? op.simdRow(compute, outType) : null;
            LongBinaryOperator integer = compute.isFloatingPoint() ? null : op.integer();
            // A float32 computation written to a float64 output is still rounded to float32, as PyTorch does.
            boolean roundToFloat = compute == DType.FLOAT32 && outType != DType.FLOAT32;
            long as = Dense.stride(ac, out);
            long bs = Dense.stride(bc, out);
            if (row != null && out.isContiguous() && as >= 0 && bs >= 0 && out.numel() <= Integer.MAX_VALUE) {
                // Dense operands (or a single broadcast element) skip the strided walk: small ops are dominated by it.
                long ao = ac.offset();
                long bo = bc.offset();
                long oo = out.offset();
                Parallel.range(out.numel(), GRAIN, (start, end) -> row.apply(sa, ao + start * as, as, sb,
                        bo + start * bs, bs, so, oo + start, (int) (end - start)));
                return;
            }
            int[] shape = out.shape();
            long[][] strides = {out.strides(), Shapes.broadcastStrides(ac.shape(), ac.strides(), shape),
                    Shapes.broadcastStrides(bc.shape(), bc.strides(), shape)};
            StridedLoop loop = new StridedLoop(shape, strides, new long[]{out.offset(), ac.offset(), bc.offset()});
            loop.forEachParallel(GRAIN, (off, inner, n) -> {
                if (row != null && (n == 1 || inner[0] == 1 && (inner[1] | 1) == 1 && (inner[2] | 1) == 1)) {
                    row.apply(sa, off[1], inner[1], sb, off[2], inner[2], so, off[0], n);
                } else if (integer != null) {
                    for (int i = 0; i < n; i++) {
                        long x = Elements.getLong(sa, compute, off[1] + i * inner[1]);
                        long y = Elements.getLong(sb, compute, off[2] + i * inner[2]);
                        Elements.setLong(so, outType, off[0] + i * inner[0], integer.applyAsLong(x, y));
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        double x = Elements.getDouble(sa, compute, off[1] + i * inner[1]);
                        double y = Elements.getDouble(sb, compute, off[2] + i * inner[2]);
                        double v = op.apply(x, y);
                        Elements.setDouble(so, outType, off[0] + i * inner[0], roundToFloat ? (float) v : v);
                    }
                }
            });
        } finally {
            if (ac != a) {
                ac.close();
            }
            if (bc != b) {
                bc.close();
            }
        }
    }
}
