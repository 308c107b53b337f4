package org.vectorgrad.engine;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.function.LongBinaryOperator;
import org.vectorgrad.engine.kernel.BinaryRow;
import org.vectorgrad.engine.kernel.Elements;
import org.vectorgrad.engine.kernel.StridedLoop;

/**
 * Elementwise binary ops with broadcasting and type promotion: out-of-place, in-place ({@code add_}) and
 * output-buffer ({@code into}) forms. Contiguous float rows run SIMD kernels; every other layout and dtype runs
 * the scalar definition of {@link BinaryOp}, which is also the reference the SIMD rows are tested against.
 */
public final class Binary {
    /** Elements per thread below which work stays on the calling thread. */
    private static final long GRAIN = 1 << 15;

    private Binary() {
    }

    /** {@code op(a, b)} into a new array of the broadcast shape and promoted dtype. */
    public static NDArray apply(BinaryOp op, NDArray a, NDArray b) {
        int[] shape = Shapes.broadcast(a.shape(), b.shape());
        DType compute = op.computeType(a.dtype(), b.dtype());
        NDArray out = NDArray.allocate(op.resultType(compute), shape);
        run(op, a, b, out, compute, true);
        return out;
    }

    /** {@code op(a, scalar)}: the scalar does not widen a's dtype within its category. */
    public static NDArray apply(BinaryOp op, NDArray a, double scalar) {
        try (NDArray s = scalarLike(a.dtype(), scalar)) {
            return apply(op, a, s);
        }
    }

    /** {@code op(scalar, a)}, e.g. {@code 1 - a}. */
    public static NDArray apply(BinaryOp op, double scalar, NDArray a) {
        try (NDArray s = scalarLike(a.dtype(), scalar)) {
            return apply(op, s, a);
        }
    }

    /** Writes {@code op(a, b)} into {@code out} (which may be {@code a} for in-place); returns out. */
    public static NDArray into(BinaryOp op, NDArray a, NDArray b, NDArray out) {
        int[] shape = Shapes.broadcast(a.shape(), b.shape());
        if (!Arrays.equals(shape, out.shape())) {
            throw new IllegalArgumentException("output with shape " + Shapes.format(out.shape())
                    + " doesn't match the broadcast shape " + Shapes.format(shape));
        }
        DType compute = op.computeType(a.dtype(), b.dtype());
        DType result = op.resultType(compute);
        if (result.isFloatingPoint() && !out.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("result type " + result + " can't be cast to the desired output type "
                    + out.dtype());
        }
        run(op, a, b, out, compute, true);
        out.bumpVersion();
        return out;
    }

    /** In place: {@code a = op(a, b)}; b must broadcast to a's shape. */
    public static NDArray inPlace(BinaryOp op, NDArray a, NDArray b) {
        return into(op, a, b, a);
    }

    /** In place: {@code a = op(a, scalar)}. */
    public static NDArray inPlace(BinaryOp op, NDArray a, double scalar) {
        try (NDArray s = scalarLike(a.dtype(), scalar)) {
            return into(op, a, s, a);
        }
    }

    public static NDArray add(NDArray a, NDArray b) {
        return apply(BinaryOp.ADD, a, b);
    }

    public static NDArray sub(NDArray a, NDArray b) {
        return apply(BinaryOp.SUB, a, b);
    }

    public static NDArray mul(NDArray a, NDArray b) {
        return apply(BinaryOp.MUL, a, b);
    }

    public static NDArray div(NDArray a, NDArray b) {
        return apply(BinaryOp.DIV, a, b);
    }

    /** The scalar-twin path: same result as {@link #apply(BinaryOp, NDArray, NDArray)}, no SIMD. For tests. */
    static NDArray reference(BinaryOp op, NDArray a, NDArray b) {
        int[] shape = Shapes.broadcast(a.shape(), b.shape());
        DType compute = op.computeType(a.dtype(), b.dtype());
        NDArray out = NDArray.allocate(op.resultType(compute), shape);
        run(op, a, b, out, compute, false);
        return out;
    }

    static NDArray scalarLike(DType tensorType, double scalar) {
        boolean floating = scalar != Math.rint(scalar) || Double.isInfinite(scalar) || Double.isNaN(scalar);
        return NDArrays.scalar(DType.promoteWithScalar(tensorType, floating), scalar);
    }

    private static void run(BinaryOp op, NDArray a, NDArray b, NDArray out, DType compute, boolean simd) {
        NDArray ac = a.dtype() == compute ? a : a.to(compute);
        NDArray bc = b.dtype() == compute ? b : b.to(compute);
        try {
            int[] shape = out.shape();
            long[][] strides = {out.strides(), Shapes.broadcastStrides(ac.shape(), ac.strides(), shape),
                    Shapes.broadcastStrides(bc.shape(), bc.strides(), shape)};
            StridedLoop loop = new StridedLoop(shape, strides, new long[]{out.offset(), ac.offset(), bc.offset()});
            MemorySegment so = out.segment();
            MemorySegment sa = ac.segment();
            MemorySegment sb = bc.segment();
            BinaryRow row = simd && out.dtype() == compute ? op.simdRow(compute) : null;
            LongBinaryOperator integer = compute.isFloatingPoint() ? null : op.integer();
            DType outType = out.dtype();
            loop.forEachParallel(GRAIN, (off, inner, n) -> {
                if (row != null && inner[0] == 1 && (inner[1] | 1) == 1 && (inner[2] | 1) == 1) {
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
                        Elements.setDouble(so, outType, off[0] + i * inner[0], op.apply(x, y));
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
