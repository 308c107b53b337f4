package org.vectorgrad.engine.kernel;

import static org.vectorgrad.engine.kernel.Elements.F32;
import static org.vectorgrad.engine.kernel.Elements.F64;

import java.lang.foreign.MemorySegment;
import org.vectorgrad.engine.Parallel;

/**
 * The im2col gather and its adjoint col2im, for a chunk of {@code b} images of a contiguous NCHW array, float32
 * or float64.
 *
 * <p>Padding is never materialised: for each (row, image, output row) the range of output columns that read
 * inside the input is computed once, the columns outside it are zeroed, and with stride 1 the inside is one bulk
 * copy (im2col) or one SIMD add (col2im) of a contiguous input row segment.
 *
 * <p>Work splits over the pool in units whose outputs are disjoint: (row, image) for im2col, (image, channel)
 * planes for col2im, each plane accumulating its kernel offsets in a fixed order, so results do not depend on the
 * number of threads.
 */
public final class Im2Col {
    /** Elements per thread below which the work stays on the calling thread. */
    private static final long GRAIN = 1 << 15;

    private Im2Col() {
    }

    /**
     * Writes the columns of images {@code [0, b)} of {@code x} (element offset {@code xOff} of the first image)
     * into {@code cols}, a contiguous {@code [s.rows(), b * s.area()]} matrix at element offset {@code colsOff}.
     */
    public static void im2col(boolean f64, MemorySegment x, long xOff, ConvShape s, int b, MemorySegment cols,
            long colsOff) {
        int area = s.area();
        long units = (long) s.rows() * b;
        Parallel.range(units, Math.max(1, GRAIN / Math.max(1, area)), (u0, u1) -> {
            for (long u = u0; u < u1; u++) {
                int r = (int) (u / b);
                int i = (int) (u % b);
                int c = r / (s.kh() * s.kw());
                int ki = r / s.kw() % s.kh();
                int kj = r % s.kw();
                long plane = xOff + ((long) i * s.cin() + c) * s.h() * s.w();
                long dst = colsOff + u * area;
                if (f64) {
                    rowF64(x, plane, s, ki, kj, cols, dst);
                } else {
                    rowF32(x, plane, s, ki, kj, cols, dst);
                }
            }
        });
    }

    /** First output column whose input column {@code ow * sw - pw + kj * dw} is inside the image. */
    static int firstInside(ConvShape s, int kj) {
        return Math.clamp(Math.ceilDiv(s.pw() - kj * s.dw(), s.sw()), 0, s.ow());
    }

    /** One past the last output column whose input column is inside the image. */
    static int endInside(ConvShape s, int kj, int first) {
        return Math.clamp(Math.ceilDiv(s.w() + s.pw() - kj * s.dw(), s.sw()), first, s.ow());
    }

    private static void rowF32(MemorySegment x, long plane, ConvShape s, int ki, int kj, MemorySegment cols, long dst) {
        int ow = s.ow();
        int lo = firstInside(s, kj);
        int hi = endInside(s, kj, lo);
        int sw = s.sw();
        for (int oy = 0; oy < s.oh(); oy++, dst += ow) {
            int iy = oy * s.sh() - s.ph() + ki * s.dh();
            if (iy < 0 || iy >= s.h() || lo == hi) {
                for (int k = 0; k < ow; k++) {
                    cols.setAtIndex(F32, dst + k, 0f);
                }
                continue;
            }
            for (int k = 0; k < lo; k++) {
                cols.setAtIndex(F32, dst + k, 0f);
            }
            long src = plane + (long) iy * s.w() + (long) lo * sw - s.pw() + (long) kj * s.dw();
            if (sw == 1) {
                MemorySegment.copy(x, src * 4, cols, (dst + lo) * 4, (long) (hi - lo) * 4);
            } else {
                for (int k = lo; k < hi; k++, src += sw) {
                    cols.setAtIndex(F32, dst + k, x.getAtIndex(F32, src));
                }
            }
            for (int k = hi; k < ow; k++) {
                cols.setAtIndex(F32, dst + k, 0f);
            }
        }
    }

    private static void rowF64(MemorySegment x, long plane, ConvShape s, int ki, int kj, MemorySegment cols, long dst) {
        int ow = s.ow();
        int lo = firstInside(s, kj);
        int hi = endInside(s, kj, lo);
        int sw = s.sw();
        for (int oy = 0; oy < s.oh(); oy++, dst += ow) {
            int iy = oy * s.sh() - s.ph() + ki * s.dh();
            if (iy < 0 || iy >= s.h() || lo == hi) {
                for (int k = 0; k < ow; k++) {
                    cols.setAtIndex(F64, dst + k, 0.0);
                }
                continue;
            }
            for (int k = 0; k < lo; k++) {
                cols.setAtIndex(F64, dst + k, 0.0);
            }
            long src = plane + (long) iy * s.w() + (long) lo * sw - s.pw() + (long) kj * s.dw();
            if (sw == 1) {
                MemorySegment.copy(x, src * 8, cols, (dst + lo) * 8, (long) (hi - lo) * 8);
            } else {
                for (int k = lo; k < hi; k++, src += sw) {
                    cols.setAtIndex(F64, dst + k, x.getAtIndex(F64, src));
                }
            }
            for (int k = hi; k < ow; k++) {
                cols.setAtIndex(F64, dst + k, 0.0);
            }
        }
    }

    /**
     * The adjoint of {@link #im2col}: adds every entry of {@code cols} ({@code [s.rows(), b * s.area()]} at
     * {@code colsOff}) to the input position it was gathered from, in images {@code [0, b)} of {@code gx} (a
     * contiguous NCHW array, element offset {@code gxOff} of the first image). Padding positions are dropped.
     */
    public static void col2im(boolean f64, MemorySegment cols, long colsOff, ConvShape s, int b, MemorySegment gx,
            long gxOff) {
        int area = s.area();
        long rowLength = (long) b * area;
        long planeWork = (long) s.kh() * s.kw() * area;
        Parallel.range((long) b * s.cin(), Math.max(1, GRAIN / Math.max(1, planeWork)), (p0, p1) -> {
            for (long p = p0; p < p1; p++) {
                int i = (int) (p / s.cin());
                int c = (int) (p % s.cin());
                long plane = gxOff + p * s.h() * s.w();
                for (int ki = 0; ki < s.kh(); ki++) {
                    for (int kj = 0; kj < s.kw(); kj++) {
                        int r = (c * s.kh() + ki) * s.kw() + kj;
                        long src = colsOff + r * rowLength + (long) i * area;
                        if (f64) {
                            addRowF64(cols, src, s, ki, kj, gx, plane);
                        } else {
                            addRowF32(cols, src, s, ki, kj, gx, plane);
                        }
                    }
                }
            }
        });
    }

    private static void addRowF32(MemorySegment cols, long src, ConvShape s, int ki, int kj, MemorySegment gx,
            long plane) {
        int lo = firstInside(s, kj);
        int hi = endInside(s, kj, lo);
        int sw = s.sw();
        for (int oy = 0; oy < s.oh(); oy++, src += s.ow()) {
            int iy = oy * s.sh() - s.ph() + ki * s.dh();
            if (iy < 0 || iy >= s.h() || lo == hi) {
                continue;
            }
            long dst = plane + (long) iy * s.w() + (long) lo * sw - s.pw() + (long) kj * s.dw();
            if (sw == 1) {
                BinaryF32.add(gx, dst, 1, cols, src + lo, 1, gx, dst, hi - lo);
            } else {
                for (int k = lo; k < hi; k++, dst += sw) {
                    gx.setAtIndex(F32, dst, gx.getAtIndex(F32, dst) + cols.getAtIndex(F32, src + k));
                }
            }
        }
    }

    private static void addRowF64(MemorySegment cols, long src, ConvShape s, int ki, int kj, MemorySegment gx,
            long plane) {
        int lo = firstInside(s, kj);
        int hi = endInside(s, kj, lo);
        int sw = s.sw();
        for (int oy = 0; oy < s.oh(); oy++, src += s.ow()) {
            int iy = oy * s.sh() - s.ph() + ki * s.dh();
            if (iy < 0 || iy >= s.h() || lo == hi) {
                continue;
            }
            long dst = plane + (long) iy * s.w() + (long) lo * sw - s.pw() + (long) kj * s.dw();
            if (sw == 1) {
                BinaryF64.add(gx, dst, 1, cols, src + lo, 1, gx, dst, hi - lo);
            } else {
                for (int k = lo; k < hi; k++, dst += sw) {
                    gx.setAtIndex(F64, dst, gx.getAtIndex(F64, dst) + cols.getAtIndex(F64, src + k));
                }
            }
        }
    }
}
