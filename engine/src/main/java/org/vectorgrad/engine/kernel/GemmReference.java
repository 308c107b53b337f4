package org.vectorgrad.engine.kernel;

import java.lang.foreign.MemorySegment;

/**
 * The scalar twin of {@link Gemm}: the textbook triple loop, accumulating in double, reading every operand
 * through its strides. Slow and obviously right: the oracle the SIMD kernels are tested against.
 */
public final class GemmReference {
    private GemmReference() {
    }

    /** Computes {@code C = A @ B (+ X)} for every batch entry of {@code g}, one element at a time. */
    public static void run(GemmArgs g) {
        for (int e = 0; e < g.batch; e++) {
            for (int i = 0; i < g.m; i++) {
                for (int j = 0; j < g.n; j++) {
                    double s = g.x == null ? 0 : get(g, g.x, g.xOff[e] + i * g.xRs + j * g.xCs);
                    for (int p = 0; p < g.k; p++) {
                        s += get(g, g.a, g.aOff[e] + i * g.aRs + p * g.aCs)
                                * get(g, g.b, g.bOff[e] + p * g.bRs + j * g.bCs);
                    }
                    Elements.setDouble(g.c, g.dtype, g.cOff[e] + i * g.cRs + j * g.cCs, s);
                }
            }
        }
    }

    private static double get(GemmArgs g, MemorySegment s, long index) {
        return Elements.getDouble(s, g.dtype, index);
    }
}
