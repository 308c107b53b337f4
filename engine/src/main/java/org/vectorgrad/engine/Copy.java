package org.vectorgrad.engine;

import java.lang.foreign.MemorySegment;
import org.vectorgrad.engine.kernel.CastRow;
import org.vectorgrad.engine.kernel.Casts;
import org.vectorgrad.engine.kernel.ElementCopy;
import org.vectorgrad.engine.kernel.Elements;
import org.vectorgrad.engine.kernel.StridedLoop;

/**
 * Strided copy with broadcasting and dtype conversion: the kernel behind clone, contiguous, to and copy_.
 *
 * <p>Fast paths: a same-dtype copy moves bits (one bulk copy when both sides are contiguous, else row by row);
 * the common conversions ({@link Casts}) run SIMD rows wherever both sides advance by one element. Everything else
 * runs the generic per-element conversion of {@link Elements}, which is also the reference the fast paths are
 * tested against ({@code fast=false}).
 */
final class Copy {
    private Copy() {
    }

    /** Copies {@code src} into {@code dst}; src must broadcast to dst's shape. Does not bump versions. */
    static void copyInto(NDArray dst, NDArray src) {
        copyInto(dst, src, true);
    }

    /** As {@link #copyInto(NDArray, NDArray)}; {@code fast=false} runs only the generic per-element path. */
    static void copyInto(NDArray dst, NDArray src, boolean fast) {
        int[] shape = dst.shape();
        int[] broadcast = Shapes.broadcast(src.shape(), shape);
        if (!java.util.Arrays.equals(broadcast, shape)) {
            throw new IllegalArgumentException("output with shape " + Shapes.format(shape)
                    + " doesn't match the broadcast shape " + Shapes.format(broadcast));
        }
        if (dst.numel() == 0) {
            // An empty view may carry an offset past the end of its (empty) storage: nothing to copy.
            return;
        }
        MemorySegment d = dst.segment();
        MemorySegment s = src.segment();
        DType dt = dst.dtype();
        DType st = src.dtype();
        if (fast && dt == st && dst.isContiguous() && src.isContiguous() && dst.numel() == src.numel()) {
            long bytes = dst.numel() * dt.byteSize();
            MemorySegment.copy(s, src.offset() * st.byteSize(), d, dst.offset() * dt.byteSize(), bytes);
            return;
        }
        long[][] strides = {dst.strides(), Shapes.broadcastStrides(src.shape(), src.strides(), shape)};
        StridedLoop loop = new StridedLoop(shape, strides, new long[]{dst.offset(), src.offset()});
        // Bool is left to the generic path, which normalises any non-zero byte to 1 as the contiguous copy does not.
        boolean bits = fast && dt == st && dt != DType.BOOL;
        CastRow cast = fast && dt != st ? Casts.row(st, dt) : null;
        boolean viaLong = !dt.isFloatingPoint() && !st.isFloatingPoint();
        loop.forEachParallel(1 << 16, (off, inner, n) -> {
            long o = off[0];
            long i = off[1];
            long os = inner[0];
            long is = inner[1];
            if (bits) {
                ElementCopy.row(d, o, os, s, i, is, n, dt.byteSize());
            } else if (cast != null && os == 1 && is == 1) {
                cast.apply(s, i, d, o, n);
            } else if (dt == DType.FLOAT32 && st == DType.FLOAT32) {
                for (int k = 0; k < n; k++) {
                    d.setAtIndex(Elements.F32, o + k * os, s.getAtIndex(Elements.F32, i + k * is));
                }
            } else if (viaLong) {
                for (int k = 0; k < n; k++) {
                    Elements.setLong(d, dt, o + k * os, Elements.getLong(s, st, i + k * is));
                }
            } else {
                for (int k = 0; k < n; k++) {
                    Elements.setDouble(d, dt, o + k * os, Elements.getDouble(s, st, i + k * is));
                }
            }
        });
    }
}
