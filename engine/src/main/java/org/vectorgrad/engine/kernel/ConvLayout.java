package org.vectorgrad.engine.kernel;

import java.lang.foreign.MemorySegment;
import org.vectorgrad.engine.Parallel;

/**
 * Moves rows between the GEMM's channel-major layout {@code [cout, b, area]} (one row per output channel, the
 * chunk's images side by side) and the NCHW layout {@code [n, cout, area]} of conv2d's output and its gradient.
 * Every row is {@code area} contiguous elements on both sides, so each move is one bulk copy, or one SIMD add
 * when the forward adds the bias on the way.
 */
public final class ConvLayout {
    private static final long GRAIN = 1 << 15;

    private ConvLayout() {
    }

    /**
     * {@code out[n0 + i, co, :] = y[co, i, :] + bias[co]} for images {@code i < b}; {@code y} is contiguous
     * {@code [cout, b, area]} at {@code yOff}, {@code out} contiguous {@code [n, cout, area]} at {@code outOff};
     * {@code bias} (contiguous, at {@code biasOff}) may be null.
     */
    public static void scatter(boolean f64, MemorySegment y, long yOff, int cout, int b, int area,
            MemorySegment out, long outOff, int n0, MemorySegment bias, long biasOff) {
        int bytes = f64 ? 8 : 4;
        Parallel.range((long) b * cout, Math.max(1, GRAIN / Math.max(1, area)), (u0, u1) -> {
            for (long u = u0; u < u1; u++) {
                int i = (int) (u / cout);
                int co = (int) (u % cout);
                long src = yOff + ((long) co * b + i) * area;
                long dst = outOff + ((long) (n0 + i) * cout + co) * area;
                if (bias == null) {
                    MemorySegment.copy(y, src * bytes, out, dst * bytes, (long) area * bytes);
                } else if (f64) {
                    BinaryF64.add(y, src, 1, bias, biasOff + co, 0, out, dst, area);
                } else {
                    BinaryF32.add(y, src, 1, bias, biasOff + co, 0, out, dst, area);
                }
            }
        });
    }

    /**
     * The reverse move without bias: {@code g[co, i, :] = gradOut[n0 + i, co, :]} for images {@code i < b}, into
     * a contiguous {@code [cout, b, area]} matrix at {@code gOff}.
     */
    public static void gather(boolean f64, MemorySegment gradOut, long gradOff, int cout, int b, int area,
            MemorySegment g, long gOff, int n0) {
        int bytes = f64 ? 8 : 4;
        Parallel.range((long) b * cout, Math.max(1, GRAIN / Math.max(1, area)), (u0, u1) -> {
            for (long u = u0; u < u1; u++) {
                int co = (int) (u / b);
                int i = (int) (u % b);
                long src = gradOff + ((long) (n0 + i) * cout + co) * area;
                long dst = gOff + u * area;
                MemorySegment.copy(gradOut, src * bytes, g, dst * bytes, (long) area * bytes);
            }
        });
    }
}
