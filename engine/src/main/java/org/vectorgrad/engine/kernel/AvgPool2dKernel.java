package org.vectorgrad.engine.kernel;

import java.lang.foreign.MemorySegment;
import org.vectorgrad.engine.DType;
import org.vectorgrad.engine.Parallel;

/**
 * avg_pool2d and adaptive_avg_pool2d, forward and backward, over contiguous planes; sums accumulate in double.
 * Each backward spreads an output's gradient evenly over the input elements its forward averaged (divided by the
 * same divisor). Work splits over planes, so results do not depend on the number of threads.
 */
public final class AvgPool2dKernel {
    private static final long GRAIN = 1 << 14;

    private AvgPool2dKernel() {
    }

    /** One window: input rows {@code [y0, y1)}, columns {@code [x0, x1)}, and the divisor of its sum. */
    private interface Windows {
        /** Writes {@code y0, y1, x0, x1} into {@code box} and returns the divisor for output {@code (oy, ox)}. */
        double window(int oy, int ox, int[] box);
    }

    /**
     * PyTorch's avg_pool2d window: clipped to the padded input for the count-including-pad divisor, then to the
     * input; a non-zero {@code divisorOverride} replaces the divisor.
     */
    private static Windows pooled(PoolShape s, boolean countIncludePad, int divisorOverride) {
        return (oy, ox, box) -> {
            int y0 = oy * s.sh() - s.ph();
            int x0 = ox * s.sw() - s.pw();
            int y1 = Math.min(y0 + s.kh(), s.h() + s.ph());
            int x1 = Math.min(x0 + s.kw(), s.w() + s.pw());
            int padded = (y1 - y0) * (x1 - x0);
            box[0] = Math.max(y0, 0);
            box[1] = Math.min(y1, s.h());
            box[2] = Math.max(x0, 0);
            box[3] = Math.min(x1, s.w());
            if (divisorOverride != 0) {
                return divisorOverride;
            }
            return countIncludePad ? padded : (box[1] - box[0]) * (box[3] - box[2]);
        };
    }

    /** PyTorch's adaptive window: rows {@code [floor(oy h / oh), ceil((oy + 1) h / oh))}, likewise columns. */
    private static Windows adaptive(PoolShape s) {
        return (oy, ox, box) -> {
            box[0] = start(oy, s.oh(), s.h());
            box[1] = end(oy, s.oh(), s.h());
            box[2] = start(ox, s.ow(), s.w());
            box[3] = end(ox, s.ow(), s.w());
            return (box[1] - box[0]) * (box[3] - box[2]);
        };
    }

    /** {@code floor(a * c / b)} without overflow, PyTorch's {@code start_index}. */
    public static int start(int a, int b, int c) {
        return (int) ((long) a / b * c + ((long) a % b * c) / b);
    }

    /** {@code ceil((a + 1) * c / b)}, PyTorch's {@code end_index}. */
    public static int end(int a, int b, int c) {
        return (int) (1 + ((long) (a + 1) * c - 1) / b);
    }

    public static void avgForward(DType t, MemorySegment x, long xOff, PoolShape s, boolean countIncludePad,
            int divisorOverride, MemorySegment out, long outOff) {
        forward(t, x, xOff, s, pooled(s, countIncludePad, divisorOverride), out, outOff);
    }

    /** Adds the avg_pool2d input gradient into {@code gx} (contiguous planes, usually zeros). */
    public static void avgBackward(DType t, MemorySegment g, long gOff, PoolShape s, boolean countIncludePad,
            int divisorOverride, MemorySegment gx, long gxOff) {
        backward(t, g, gOff, s, pooled(s, countIncludePad, divisorOverride), gx, gxOff);
    }

    public static void adaptiveForward(DType t, MemorySegment x, long xOff, PoolShape s, MemorySegment out,
            long outOff) {
        forward(t, x, xOff, s, adaptive(s), out, outOff);
    }

    /** Adds the adaptive_avg_pool2d input gradient into {@code gx} (contiguous planes, usually zeros). */
    public static void adaptiveBackward(DType t, MemorySegment g, long gOff, PoolShape s, MemorySegment gx,
            long gxOff) {
        backward(t, g, gOff, s, adaptive(s), gx, gxOff);
    }

    private static long grain(PoolShape s) {
        return Math.max(1, GRAIN / Math.max(1, Math.max(s.inArea(), s.outArea())));
    }

    private static void forward(DType t, MemorySegment x, long xOff, PoolShape s, Windows windows, MemorySegment out,
            long outOff) {
        Parallel.range(s.planes(), grain(s), (p0, p1) -> {
            int[] box = new int[4];
            for (long p = p0; p < p1; p++) {
                long in = xOff + p * s.inArea();
                long o = outOff + p * s.outArea();
                for (int oy = 0; oy < s.oh(); oy++) {
                    for (int ox = 0; ox < s.ow(); ox++, o++) {
                        double divisor = windows.window(oy, ox, box);
                        double sum = 0;
                        for (int iy = box[0]; iy < box[1]; iy++) {
                            long row = in + (long) iy * s.w();
                            for (int ix = box[2]; ix < box[3]; ix++) {
                                sum += Elements.getDouble(x, t, row + ix);
                            }
                        }
                        Elements.setDouble(out, t, o, sum / divisor);
                    }
                }
            }
        });
    }

    private static void backward(DType t, MemorySegment g, long gOff, PoolShape s, Windows windows, MemorySegment gx,
            long gxOff) {
        Parallel.range(s.planes(), grain(s), (p0, p1) -> {
            int[] box = new int[4];
            for (long p = p0; p < p1; p++) {
                long in = gxOff + p * s.inArea();
                long o = gOff + p * s.outArea();
                for (int oy = 0; oy < s.oh(); oy++) {
                    for (int ox = 0; ox < s.ow(); ox++, o++) {
                        double share = Elements.getDouble(g, t, o) / windows.window(oy, ox, box);
                        for (int iy = box[0]; iy < box[1]; iy++) {
                            long row = in + (long) iy * s.w();
                            for (int ix = box[2]; ix < box[3]; ix++) {
                                Elements.setDouble(gx, t, row + ix, Elements.getDouble(gx, t, row + ix) + share);
                            }
                        }
                    }
                }
            }
        });
    }
}
