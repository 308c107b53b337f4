package org.vectorgrad.engine.kernel;

import java.lang.foreign.MemorySegment;
import org.vectorgrad.engine.Parallel;

/**
 * The im2col gather and its adjoint col2im, for a chunk of {@code b} images of a contiguous NCHW array, float32
 * ({@link Im2ColF32}) or float64 ({@link Im2ColF64}).
 *
 * <p>Work goes by input plane (image, channel): the plane is read into a Java array with one bulk copy, each of its
 * {@code kh * kw} column rows is assembled in another array by plain indexed loops (which the JIT compiles without
 * per-element bounds checks, and vectorises) and written out with one bulk copy; col2im mirrors this. Accessing
 * the segments element by element instead cost several times more, as rows are only the output width long.
 * Padding is never materialised: per output row, the range of output columns reading inside the input is computed
 * once and the rest is zero.
 *
 * <p>Planes are taken channel by channel (all images of channel 0 first): then the column rows a run of planes
 * touches are read or written as {@code kh * kw} sequential streams, which the hardware prefetcher follows; image
 * by image, every plane jumped across the whole matrix and the moves waited on memory (3x slower for cnn_b64).
 *
 * <p>Units are planes, whose outputs are disjoint (each plane owns its column rows' block for im2col, and its own
 * input-gradient plane for col2im, which it accumulates in a fixed order), so results do not depend on the number
 * of threads.
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
        long work = (long) s.kh() * s.kw() * s.area();
        Parallel.range((long) b * s.cin(), Math.max(1, GRAIN / Math.max(1, work)), (p0, p1) -> {
            if (f64) {
                Im2ColF64.im2col(x, xOff, s, b, cols, colsOff, p0, p1);
            } else {
                Im2ColF32.im2col(x, xOff, s, b, cols, colsOff, p0, p1);
            }
        });
    }

    /**
     * The adjoint of {@link #im2col}: every entry of {@code cols} ({@code [s.rows(), b * s.area()]} at
     * {@code colsOff}) summed into the input position it was gathered from, in images {@code [0, b)} of {@code gx}
     * (a contiguous NCHW array, element offset {@code gxOff} of the first image), whose previous content is
     * overwritten. Padding positions are dropped.
     */
    public static void col2im(boolean f64, MemorySegment cols, long colsOff, ConvShape s, int b, MemorySegment gx,
            long gxOff) {
        long work = (long) s.kh() * s.kw() * s.area();
        Parallel.range((long) b * s.cin(), Math.max(1, GRAIN / Math.max(1, work)), (p0, p1) -> {
            if (f64) {
                Im2ColF64.col2im(cols, colsOff, s, b, gx, gxOff, p0, p1);
            } else {
                Im2ColF32.col2im(cols, colsOff, s, b, gx, gxOff, p0, p1);
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
}
