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
 * <p>As PyTorch, a NaN in the window wins (the last NaN, since each NaN replaces the running maximum), ties keep the
 * first maximum, a window of -inf reports its first valid position, and a window that misses the input entirely
 * (dilation with padding) gives -inf at the index of its first non-negative grid position, which may lie outside the
 * plane. The common 2x2/stride-2 window runs SIMD steps ({@link MaxPool2x2F32}, {@link MaxPool2x2F64}); other
 * windows scan each window in a scalar loop. {@link PoolReference} is the scalar twin of both.
 */
public final class MaxPool2dKernel {
    private static final long GRAIN = 1 << 14;

    private MaxPool2dKernel() {
    }

    /** Pools contiguous planes {@code [s.planes(), h, w]} into values and indices {@code [s.planes(), oh, ow]}. */
    public static void forward(boolean f64, MemorySegment x, long xOff, PoolShape s, MemorySegment out, long outOff,
            MemorySegment idx, long idxOff) {
        long work = (long) s.outArea() * s.kh() * s.kw();
        boolean pairs = s.kh() == 2 && s.kw() == 2 && s.sh() == 2 && s.sw() == 2 && s.ph() == 0 && s.pw() == 0
                && s.dh() == 1 && s.dw() == 1 && 2 * s.oh() <= s.h() && 2 * s.ow() <= s.w();
        // Window bounds depend only on the output row or column: computed once, not per plane.
        int[] rows = bounds(s.oh(), s.sh(), s.ph(), s.kh(), s.dh(), s.h());
        int[] cols = bounds(s.ow(), s.sw(), s.pw(), s.kw(), s.dw(), s.w());
        Parallel.range(s.planes(), Math.max(1, GRAIN / Math.max(1, work)), (p0, p1) -> {
            for (long p = p0; p < p1; p++) {
                long in = xOff + p * s.inArea();
                long o = p * s.outArea();
                if (pairs && f64) {
                    MaxPool2x2F64.forward(x, in, s, out, outOff + o, idx, idxOff + o);
                } else if (pairs) {
                    MaxPool2x2F32.forward(x, in, s, out, outOff + o, idx, idxOff + o);
                } else if (f64) {
                    planeF64(x, in, s, rows, cols, out, outOff + o, idx, idxOff + o);
                } else {
                    planeF32(x, in, s, rows, cols, out, outOff + o, idx, idxOff + o);
                }
            }
        });
    }

    /** Per output index: first valid input index and one past the last, interleaved {@code [start, end, ...]}. */
    private static int[] bounds(int outSize, int stride, int pad, int kernel, int dilation, int inSize) {
        int[] b = new int[2 * outSize];
        for (int o = 0; o < outSize; o++) {
            int start = o * stride - pad;
            int end = Math.min(start + (kernel - 1) * dilation + 1, inSize);
            while (start < 0) {
                start += dilation;
            }
            b[2 * o] = start;
            b[2 * o + 1] = end;
        }
        return b;
    }

    private static void planeF32(MemorySegment x, long in, PoolShape s, int[] rows, int[] cols, MemorySegment out,
            long o, MemorySegment idx, long io) {
        int dh = s.dh();
        int dw = s.dw();
        for (int oy = 0; oy < s.oh(); oy++) {
            int hs = rows[2 * oy];
            int he = rows[2 * oy + 1];
            for (int ox = 0; ox < s.ow(); ox++, o++, io++) {
                int ws = cols[2 * ox];
                int we = cols[2 * ox + 1];
                long best = (long) hs * s.w() + ws;
                float max = Float.NEGATIVE_INFINITY;
                for (int iy = hs; iy < he; iy += dh) {
                    long row = (long) iy * s.w();
                    for (int ix = ws; ix < we; ix += dw) {
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

    private static void planeF64(MemorySegment x, long in, PoolShape s, int[] rows, int[] cols, MemorySegment out,
            long o, MemorySegment idx, long io) {
        int dh = s.dh();
        int dw = s.dw();
        for (int oy = 0; oy < s.oh(); oy++) {
            int hs = rows[2 * oy];
            int he = rows[2 * oy + 1];
            for (int ox = 0; ox < s.ow(); ox++, o++, io++) {
                int ws = cols[2 * ox];
                int we = cols[2 * ox + 1];
                long best = (long) hs * s.w() + ws;
                double max = Double.NEGATIVE_INFINITY;
                for (int iy = hs; iy < he; iy += dh) {
                    long row = (long) iy * s.w();
                    for (int ix = ws; ix < we; ix += dw) {
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
     * Writes the input gradient {@code gx} ({@code [s.planes(), h, w]}, contiguous; its previous contents are ignored):
     * per plane, zero plus each output gradient {@code g[p, o]} added at its index {@code idx[p, o]}, in output
     * order. Indices outside the plane (which, as in PyTorch, only a window lying entirely in padding reports, with
     * value -inf) add nothing. Each plane is zeroed just before its scatter, while it is in cache, rather than the
     * whole gradient in a separate pass.
     */
    public static void backward(boolean f64, MemorySegment g, long gOff, MemorySegment idx, long idxOff, PoolShape s,
            MemorySegment gx, long gxOff) {
        int inArea = s.inArea();
        int outArea = s.outArea();
        int bytes = f64 ? 8 : 4;
        Parallel.range(s.planes(), Math.max(1, GRAIN / Math.max(1, Math.max(inArea, outArea))), (p0, p1) -> {
            for (long p = p0; p < p1; p++) {
                long plane = gxOff + p * inArea;
                long o = p * outArea;
                gx.asSlice(plane * bytes, (long) inArea * bytes).fill((byte) 0);
                if (f64) {
                    scatterF64(g, gOff + o, idx, idxOff + o, outArea, inArea, gx, plane);
                } else {
                    scatterF32(g, gOff + o, idx, idxOff + o, outArea, inArea, gx, plane);
                }
            }
        });
    }

    /** {@code gx[plane + idx[io + k]] += g[go + k]} for {@code k < n}, skipping indices outside {@code [0, inArea)}. */
    private static void scatterF32(MemorySegment g, long go, MemorySegment idx, long io, int n, int inArea,
            MemorySegment gx, long plane) {
        for (int k = 0; k < n; k++) {
            long i = idx.getAtIndex(I64, io + k);
            if (i >= 0 && i < inArea) {
                gx.setAtIndex(F32, plane + i, gx.getAtIndex(F32, plane + i) + g.getAtIndex(F32, go + k));
            }
        }
    }

    private static void scatterF64(MemorySegment g, long go, MemorySegment idx, long io, int n, int inArea,
            MemorySegment gx, long plane) {
        for (int k = 0; k < n; k++) {
            long i = idx.getAtIndex(I64, io + k);
            if (i >= 0 && i < inArea) {
                gx.setAtIndex(F64, plane + i, gx.getAtIndex(F64, plane + i) + g.getAtIndex(F64, go + k));
            }
        }
    }
}
