package org.vectorgrad.engine.kernel;

import static org.vectorgrad.engine.kernel.Elements.F32;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The direct float32 GEMM path for small matrices: no packing, A elements broadcast straight from the segment
 * and rows of B (unit column stride) read as vectors. Same arithmetic as the packed path (one FMA chain over
 * all of {@code k <= KC}, then the addend), so the choice of path never changes a result.
 */
final class SmallF32 {
    private static final VectorSpecies<Float> S = KernelF32.S;
    private static final int L = KernelF32.L;
    private static final long VB = KernelF32.VB;
    private static final long ES = 4;
    private static final ByteOrder LE = ByteOrder.nativeOrder();
    /** Up to this many multiply-adds the packing costs more than it saves. */
    static final long MAX_MACS = 40L * 40 * 40;

    private SmallF32() {
    }

    /** True when {@code g} is small and laid out for the direct path. */
    static boolean applies(GemmArgs g) {
        return g.aPanels == null && g.bPanels == null && g.bCs == 1 && g.cCs == 1 && g.k <= GemmF32.KC && (long) g.m * g.n * g.k <= MAX_MACS;
    }

    /** Rows {@code [i0, i1)}, columns {@code [j0, j1)} of C = A B + X; X (null for none) has unit column stride. */
    static void block(GemmArgs g, int e, int i0, int i1, int j0, int j1, MemorySegment x, long xOff, long xRs) {
        MemorySegment a = g.a;
        MemorySegment b = g.b;
        MemorySegment c = g.c;
        int k = g.k;
        long aCs = g.aCs;
        long bRs = g.bRs;
        int i = i0;
        for (; i + 4 <= i1; i += 4) {
            // Four rows by two vectors: eight independent FMA chains, each A element loaded once per row.
            long ar = g.aOff[e] + i * g.aRs;
            long ar1 = ar + g.aRs;
            long ar2 = ar1 + g.aRs;
            long ar3 = ar2 + g.aRs;
            int j = j0;
            for (; j + 2 * L <= j1; j += 2 * L) {
                FloatVector s0 = FloatVector.zero(S);
                FloatVector s1 = s0;
                FloatVector t0 = s0;
                FloatVector t1 = s0;
                FloatVector u0 = s0;
                FloatVector u1 = s0;
                FloatVector w0 = s0;
                FloatVector w1 = s0;
                long bp = (g.bOff[e] + j) * ES;
                for (int p = 0; p < k; p++) {
                    long o = bp + p * bRs * ES;
                    FloatVector b0 = FloatVector.fromMemorySegment(S, b, o, LE);
                    FloatVector b1 = FloatVector.fromMemorySegment(S, b, o + VB, LE);
                    long q = p * aCs;
                    FloatVector av = FloatVector.broadcast(S, a.getAtIndex(F32, ar + q));
                    s0 = b0.fma(av, s0);
                    s1 = b1.fma(av, s1);
                    av = FloatVector.broadcast(S, a.getAtIndex(F32, ar1 + q));
                    t0 = b0.fma(av, t0);
                    t1 = b1.fma(av, t1);
                    av = FloatVector.broadcast(S, a.getAtIndex(F32, ar2 + q));
                    u0 = b0.fma(av, u0);
                    u1 = b1.fma(av, u1);
                    av = FloatVector.broadcast(S, a.getAtIndex(F32, ar3 + q));
                    w0 = b0.fma(av, w0);
                    w1 = b1.fma(av, w1);
                }
                long xo = (xOff + i * xRs + j) * ES;
                long co = (g.cOff[e] + i * g.cRs + j) * ES;
                long ldx = xRs * ES;
                long ldc = g.cRs * ES;
                if (x != null) {
                    s0 = s0.add(FloatVector.fromMemorySegment(S, x, xo, LE));
                    s1 = s1.add(FloatVector.fromMemorySegment(S, x, xo + VB, LE));
                    t0 = t0.add(FloatVector.fromMemorySegment(S, x, xo + ldx, LE));
                    t1 = t1.add(FloatVector.fromMemorySegment(S, x, xo + ldx + VB, LE));
                    u0 = u0.add(FloatVector.fromMemorySegment(S, x, xo + 2 * ldx, LE));
                    u1 = u1.add(FloatVector.fromMemorySegment(S, x, xo + 2 * ldx + VB, LE));
                    w0 = w0.add(FloatVector.fromMemorySegment(S, x, xo + 3 * ldx, LE));
                    w1 = w1.add(FloatVector.fromMemorySegment(S, x, xo + 3 * ldx + VB, LE));
                }
                s0.intoMemorySegment(c, co, LE);
                s1.intoMemorySegment(c, co + VB, LE);
                t0.intoMemorySegment(c, co + ldc, LE);
                t1.intoMemorySegment(c, co + ldc + VB, LE);
                u0.intoMemorySegment(c, co + 2 * ldc, LE);
                u1.intoMemorySegment(c, co + 2 * ldc + VB, LE);
                w0.intoMemorySegment(c, co + 3 * ldc, LE);
                w1.intoMemorySegment(c, co + 3 * ldc + VB, LE);
            }
            if (j < j1) {
                rows(g, e, i, i + 4, j, j1, x, xOff, xRs);
            }
        }
        rows(g, e, i, i1, j0, j1, x, xOff, xRs);
    }

    /** Row by row: four, then one vector of columns at a time, then scalars. */
    private static void rows(GemmArgs g, int e, int i0, int i1, int j0, int j1, MemorySegment x, long xOff,
            long xRs) {
        MemorySegment a = g.a;
        MemorySegment b = g.b;
        MemorySegment c = g.c;
        int k = g.k;
        long aCs = g.aCs;
        long bRs = g.bRs;
        for (int i = i0; i < i1; i++) {
            long ar = g.aOff[e] + i * g.aRs;
            long cr = g.cOff[e] + i * g.cRs;
            long xr = xOff + i * xRs;
            int j = j0;
            for (; j + 4 * L <= j1; j += 4 * L) {
                FloatVector s0 = FloatVector.zero(S);
                FloatVector s1 = s0;
                FloatVector s2 = s0;
                FloatVector s3 = s0;
                long bp = (g.bOff[e] + j) * ES;
                for (int p = 0; p < k; p++) {
                    FloatVector av = FloatVector.broadcast(S, a.getAtIndex(F32, ar + p * aCs));
                    long o = bp + p * bRs * ES;
                    s0 = FloatVector.fromMemorySegment(S, b, o, LE).fma(av, s0);
                    s1 = FloatVector.fromMemorySegment(S, b, o + VB, LE).fma(av, s1);
                    s2 = FloatVector.fromMemorySegment(S, b, o + 2 * VB, LE).fma(av, s2);
                    s3 = FloatVector.fromMemorySegment(S, b, o + 3 * VB, LE).fma(av, s3);
                }
                if (x != null) {
                    long xo = (xr + j) * ES;
                    s0 = s0.add(FloatVector.fromMemorySegment(S, x, xo, LE));
                    s1 = s1.add(FloatVector.fromMemorySegment(S, x, xo + VB, LE));
                    s2 = s2.add(FloatVector.fromMemorySegment(S, x, xo + 2 * VB, LE));
                    s3 = s3.add(FloatVector.fromMemorySegment(S, x, xo + 3 * VB, LE));
                }
                long co = (cr + j) * ES;
                s0.intoMemorySegment(c, co, LE);
                s1.intoMemorySegment(c, co + VB, LE);
                s2.intoMemorySegment(c, co + 2 * VB, LE);
                s3.intoMemorySegment(c, co + 3 * VB, LE);
            }
            for (; j + L <= j1; j += L) {
                FloatVector s0 = FloatVector.zero(S);
                long bp = (g.bOff[e] + j) * ES;
                for (int p = 0; p < k; p++) {
                    FloatVector av = FloatVector.broadcast(S, a.getAtIndex(F32, ar + p * aCs));
                    s0 = FloatVector.fromMemorySegment(S, b, bp + p * bRs * ES, LE).fma(av, s0);
                }
                if (x != null) {
                    s0 = s0.add(FloatVector.fromMemorySegment(S, x, (xr + j) * ES, LE));
                }
                s0.intoMemorySegment(c, (cr + j) * ES, LE);
            }
            for (; j < j1; j++) {
                float s = 0f;
                long bj = g.bOff[e] + j;
                for (int p = 0; p < k; p++) {
                    s = Math.fma(a.getAtIndex(F32, ar + p * aCs), b.getAtIndex(F32, bj + p * bRs), s);
                }
                if (x != null) {
                    s += x.getAtIndex(F32, xr + j);
                }
                c.setAtIndex(F32, cr + j, s);
            }
        }
    }
}
