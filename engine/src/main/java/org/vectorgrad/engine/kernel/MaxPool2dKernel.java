package org.vectorgrad.engine.kernel;

import static org.vectorgrad.engine.kernel.Elements.F32;
import static org.vectorgrad.engine.kernel.Elements.F64;
import static org.vectorgrad.engine.kernel.Elements.I64;

import java.lang.foreign.MemorySegment;
import org.vectorgrad.engine.Parallel;

/**
 * max_pool2d with int64 argmax indices (the flat position {@code ih * w + iw} within the input plane, as PyTorch
 * returns them), and its backward, which adds each output gradient at its index. Planes are independent: the
 * pool splits over planes, so results do not depend on the number of threads.
 *
 * <p>As PyTorch, a NaN in the window wins (the last NaN, since each NaN replaces the running maximum), and a
 * window of -inf reports its first valid position.
 */
public final class MaxPool2dKernel {
    private static final long GRAIN = 1 << 14;

    private MaxPool2dKernel() {
    }

    /** Pools contiguous planes {@code [s.planes(), h, w]} into values and indices {@code [s.planes(), oh, ow]}. */
    public static void forward(boolean f64, MemorySegment x, long xOff, PoolShape s, MemorySegment out, long outOff,
            MemorySegment idx, long idxOff) {
        long work = (long) s.outArea() * s.kh() * s.kw();
        Parallel.range(s.planes(), Math.max(1, GRAIN / Math.max(1, work)), (p0, p1) -> {
            for (long p = p0; p < p1; p++) {
                long in = xOff + p * s.inArea();
                long o = p * s.outArea();
                if (f64) {
                    planeF64(x, in, s, out, outOff + o, idx, idxOff + o);
                } else {
                    planeF32(x, in, s, out, outOff + o, idx, idxOff + o);
                }
            }
        });
    }

    private static void planeF32(MemorySegment x, long in, PoolShape s, MemorySegment out, long o, MemorySegment idx,
            long io) {
        for (int oy = 0; oy < s.oh(); oy++) {
            int hs = oy * s.sh() - s.ph();
            int he = Math.min(hs + (s.kh() - 1) * s.dh() + 1, s.h());
            while (hs < 0) {
                hs += s.dh();
            }
            for (int ox = 0; ox < s.ow(); ox++, o++, io++) {
                int ws = ox * s.sw() - s.pw();
                int we = Math.min(ws + (s.kw() - 1) * s.dw() + 1, s.w());
                while (ws < 0) {
                    ws += s.dw();
                }
                long best = (long) hs * s.w() + ws;
                float max = Float.NEGATIVE_INFINITY;
                for (int iy = hs; iy < he; iy += s.dh()) {
                    long row = (long) iy * s.w();
                    for (int ix = ws; ix < we; ix += s.dw()) {
                        float v = x.getAtIndex(F32, in + row + ix);
                        if (v > max || Float.isNaN(v)) {
                            max = v;
                            best = row + ix;
                        }
                    }
                }
                out.setAtIndex(F32, o, max);
                idx.setAtIndex(I64, io, best);
            }
        }
    }

    private static void planeF64(MemorySegment x, long in, PoolShape s, MemorySegment out, long o, MemorySegment idx,
            long io) {
        for (int oy = 0; oy < s.oh(); oy++) {
            int hs = oy * s.sh() - s.ph();
            int he = Math.min(hs + (s.kh() - 1) * s.dh() + 1, s.h());
            while (hs < 0) {
                hs += s.dh();
            }
            for (int ox = 0; ox < s.ow(); ox++, o++, io++) {
                int ws = ox * s.sw() - s.pw();
                int we = Math.min(ws + (s.kw() - 1) * s.dw() + 1, s.w());
                while (ws < 0) {
                    ws += s.dw();
                }
                long best = (long) hs * s.w() + ws;
                double max = Double.NEGATIVE_INFINITY;
                for (int iy = hs; iy < he; iy += s.dh()) {
                    long row = (long) iy * s.w();
                    for (int ix = ws; ix < we; ix += s.dw()) {
                        double v = x.getAtIndex(F64, in + row + ix);
                        if (v > max || Double.isNaN(v)) {
                            max = v;
                            best = row + ix;
                        }
                    }
                }
                out.setAtIndex(F64, o, max);
                idx.setAtIndex(I64, io, best);
            }
        }
    }

    /**
     * {@code gx[p, idx[p, o]] += g[p, o]} over every plane {@code p} and output {@code o}, in output order;
     * {@code gx} ({@code [s.planes(), h, w]}, contiguous) holds what to add to, usually zeros. An index outside its
     * plane throws {@link IndexOutOfBoundsException}.
     */
    public static void backward(boolean f64, MemorySegment g, long gOff, MemorySegment idx, long idxOff, PoolShape s,
            MemorySegment gx, long gxOff) {
        int inArea = s.inArea();
        int outArea = s.outArea();
        Parallel.range(s.planes(), Math.max(1, GRAIN / Math.max(1, outArea)), (p0, p1) -> {
            for (long p = p0; p < p1; p++) {
                long plane = gxOff + p * inArea;
                long o = p * outArea;
                for (int k = 0; k < outArea; k++) {
                    long i = idx.getAtIndex(I64, idxOff + o + k);
                    if (i < 0 || i >= inArea) {
                        throw new IndexOutOfBoundsException("max_pool2d_backward: index " + i
                                + " is out of bounds for a plane of " + inArea + " elements");
                    }
                    if (f64) {
                        gx.setAtIndex(F64, plane + i, gx.getAtIndex(F64, plane + i) + g.getAtIndex(F64, gOff + o + k));
                    } else {
                        gx.setAtIndex(F32, plane + i, gx.getAtIndex(F32, plane + i) + g.getAtIndex(F32, gOff + o + k));
                    }
                }
            }
        });
    }
}
