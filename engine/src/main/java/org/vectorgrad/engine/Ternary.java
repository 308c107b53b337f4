package org.vectorgrad.engine;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.vectorgrad.engine.kernel.Elements;
import org.vectorgrad.engine.kernel.StridedLoop;

/**
 * Selection and filling: {@code where}, {@code maskedFill} and the in-place {@code fill_} / {@code zero_}, with
 * PyTorch's broadcasting, type rules and errors. Out-of-place forms never modify their inputs; in-place forms
 * modify only their first argument and bump its version once. Any layout is accepted; in-place targets must not
 * be expanded views.
 */
public final class Ternary {
    /** Elements per thread below which work stays on the calling thread. */
    private static final long GRAIN = 1 << 15;

    private Ternary() {
    }

    // ---- where ----

    /**
     * {@code torch.where(cond, a, b)}: a where cond is true, else b. The three broadcast together; the result has
     * the promoted dtype of a and b. cond must be bool.
     */
    public static NDArray where(NDArray cond, NDArray a, NDArray b) {
        if (cond.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("where expected condition to be a boolean tensor, but got a tensor with "
                    + "dtype " + Outputs.typeName(cond.dtype()));
        }
        int[] shape = Shapes.broadcast(cond.shape(), Shapes.broadcast(a.shape(), b.shape()));
        DType type = DType.promote(a.dtype(), b.dtype());
        NDArray ac = a.dtype() == type ? a : a.to(type);
        NDArray bc = b.dtype() == type ? b : b.to(type);
        NDArray out = NDArray.allocate(type, shape);
        try {
            select(cond, ac, bc, out);
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        } finally {
            if (ac != a) {
                ac.close();
            }
            if (bc != b) {
                bc.close();
            }
        }
        return out;
    }

    /** {@code where(cond, a, scalar)}; the scalar does not widen a's dtype within its category. */
    public static NDArray where(NDArray cond, NDArray a, double b) {
        return where(cond, a, BinaryKernel.scalarLike(a.dtype(), b));
    }

    /** {@code where(cond, scalar, b)}; the scalar does not widen b's dtype within its category. */
    public static NDArray where(NDArray cond, double a, NDArray b) {
        return where(cond, BinaryKernel.scalarLike(b.dtype(), a), b);
    }

    /** {@code where(cond, a, b)} with two scalars: int64 if both are integral, else float32 (as PyTorch). */
    public static NDArray where(NDArray cond, double a, double b) {
        DType type = Math.rint(a) == a && Math.rint(b) == b ? DType.INT64 : DType.FLOAT32;
        try (NDArray sa = NDArrays.scalar(type, a); NDArray sb = NDArrays.scalar(type, b)) {
            return where(cond, sa, sb);
        }
    }

    /** Copies element bits: a, b and out have one dtype, so no conversion happens here. */
    private static void select(NDArray cond, NDArray a, NDArray b, NDArray out) {
        int[] shape = out.shape();
        long[][] strides = {out.strides(), Shapes.broadcastStrides(cond.shape(), cond.strides(), shape),
                Shapes.broadcastStrides(a.shape(), a.strides(), shape),
                Shapes.broadcastStrides(b.shape(), b.strides(), shape)};
        StridedLoop loop = new StridedLoop(shape, strides,
                new long[]{out.offset(), cond.offset(), a.offset(), b.offset()});
        MemorySegment so = out.segment();
        MemorySegment sc = cond.segment();
        MemorySegment sa = a.segment();
        MemorySegment sb = b.segment();
        int width = out.dtype().byteSize();
        loop.forEachParallel(GRAIN, (off, in, n) -> {
            for (int i = 0; i < n; i++) {
                boolean c = sc.getAtIndex(Elements.U8, off[1] + i * in[1]) != 0;
                long o = off[0] + i * in[0];
                long x = c ? off[2] + i * in[2] : off[3] + i * in[3];
                MemorySegment src = c ? sa : sb;
                switch (width) {
                    case 8 -> so.setAtIndex(ValueLayout.JAVA_LONG, o, src.getAtIndex(ValueLayout.JAVA_LONG, x));
                    case 4 -> so.setAtIndex(ValueLayout.JAVA_INT, o, src.getAtIndex(ValueLayout.JAVA_INT, x));
                    default -> so.setAtIndex(ValueLayout.JAVA_BYTE, o, src.getAtIndex(ValueLayout.JAVA_BYTE, x));
                }
            }
        });
    }

    // ---- masked_fill ----

    /**
     * {@code a.masked_fill(mask, value)}: a copy of a (broadcast with mask) with {@code value}, converted to a's
     * dtype, where mask is true. mask must be bool.
     */
    public static NDArray maskedFill(NDArray a, NDArray mask, double value) {
        checkMask(mask);
        NDArray out = NDArray.allocate(a.dtype(), Shapes.broadcast(a.shape(), mask.shape()));
        try {
            Copy.copyInto(out, a);
            fillWhere(out, mask, value);
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
        return out;
    }

    /** {@link #maskedFill(NDArray, NDArray, double)} with a 0-d value array, as PyTorch accepts. */
    public static NDArray maskedFill(NDArray a, NDArray mask, NDArray value) {
        return maskedFill(a, mask, scalarValue(value));
    }

    /** In place {@code a.masked_fill_(mask, value)}; mask must broadcast to a's shape. Modifies and returns a. */
    public static NDArray maskedFill_(NDArray a, NDArray mask, double value) {
        checkMask(mask);
        Outputs.check(a.dtype(), Shapes.broadcast(a.shape(), mask.shape()), a);
        Outputs.checkNoPartialOverlap(mask, a);
        fillWhere(a, mask, value);
        a.bumpVersion();
        return a;
    }

    /** In place masked fill with a 0-d value array. Modifies and returns a. */
    public static NDArray maskedFill_(NDArray a, NDArray mask, NDArray value) {
        return maskedFill_(a, mask, scalarValue(value));
    }

    private static void checkMask(NDArray mask) {
        if (mask.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("masked_fill_ only supports boolean masks, but got mask with dtype "
                    + Outputs.typeName(mask.dtype()));
        }
    }

    private static double scalarValue(NDArray value) {
        if (value.dim() != 0) {
            throw new IllegalArgumentException("masked_fill_ only supports a 0-dimensional value tensor, but got tensor "
                    + "with " + value.dim() + " dimension(s).");
        }
        return value.item();
    }

    private static void fillWhere(NDArray out, NDArray mask, double value) {
        int[] shape = out.shape();
        long[][] strides = {out.strides(), Shapes.broadcastStrides(mask.shape(), mask.strides(), shape)};
        StridedLoop loop = new StridedLoop(shape, strides, new long[]{out.offset(), mask.offset()});
        MemorySegment so = out.segment();
        MemorySegment sm = mask.segment();
        DType type = out.dtype();
        loop.forEachParallel(GRAIN, (off, in, n) -> {
            for (int i = 0; i < n; i++) {
                if (sm.getAtIndex(Elements.U8, off[1] + i * in[1]) != 0) {
                    Elements.setDouble(so, type, off[0] + i * in[0], value);
                }
            }
        });
    }

    // ---- fill ----

    /** In place {@code a.fill_(value)}: every element becomes value converted to a's dtype. Modifies and returns a. */
    public static NDArray fill_(NDArray a, double value) {
        Outputs.checkNoInternalOverlap(a);
        StridedLoop loop = new StridedLoop(a.shape(), new long[][]{a.strides()}, new long[]{a.offset()});
        MemorySegment s = a.segment();
        DType type = a.dtype();
        int width = type.byteSize();
        // the value's bit pattern in a's dtype (converted as Elements.setDouble converts): zero bits fill by bytes
        long pattern = switch (type) {
            case FLOAT32 -> Float.floatToRawIntBits((float) value);
            case FLOAT64 -> Double.doubleToRawLongBits(value);
            case INT32 -> (int) value;
            case INT64 -> (long) value;
            case BOOL -> value != 0 ? 1 : 0;
        };
        loop.forEachParallel(1 << 16, (off, in, n) -> {
            long o = off[0];
            long stride = in[0];
            if (pattern == 0 && (stride == 1 || n == 1)) {
                s.asSlice(o * width, (long) n * width).fill((byte) 0);
            } else if (width == 8) {
                for (int i = 0; i < n; i++) {
                    s.setAtIndex(ValueLayout.JAVA_LONG, o + i * stride, pattern);
                }
            } else if (width == 4) {
                for (int i = 0; i < n; i++) {
                    s.setAtIndex(ValueLayout.JAVA_INT, o + i * stride, (int) pattern);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    s.setAtIndex(ValueLayout.JAVA_BYTE, o + i * stride, (byte) pattern);
                }
            }
        });
        a.bumpVersion();
        return a;
    }

    /** In place {@code a.zero_()}. Modifies and returns a. */
    public static NDArray zero_(NDArray a) {
        return fill_(a, 0);
    }
}
