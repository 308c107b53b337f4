package org.vectorgrad.engine.kernel;

import static org.vectorgrad.engine.kernel.Elements.F64;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packs blocks of float64 GEMM operands into the micro-panel layouts of {@link KernelF64}, reading any strides:
 * a transposed or sliced view is packed as cheaply as a contiguous one, without a copy of the view first.
 * Panels past the edge of the block are padded with zeros so the micro-kernel always runs full tiles.
 *
 * <p>The float64 twin of {@link PackF32}: the same code with double lanes; keep the two in step.
 */
final class PackF64 {
    private static final VectorSpecies<Double> S = KernelF64.S;
    private static final int L = KernelF64.L;
    private static final int NR = KernelF64.NR;
    private static final int AS = KernelF64.AS;
    private static final long VB = KernelF64.VB;
    private static final long ES = 8;
    private static final ByteOrder LE = ByteOrder.nativeOrder();

    private PackF64() {
    }

    /**
     * Packs the {@code mc x kc} block of A whose element (0, 0) is at {@code off} as rows of stride
     * {@link KernelF64#AS}: {@code dst[i * AS + p] = A[i, p]}; rows {@code mc} to {@code rowsTo} are zero.
     */
    static void packA(MemorySegment a, long off, long rs, long cs, int mc, int kc, int rowsTo, double[] dst) {
        int bound = S.loopBound(kc);
        if (cs == 1) {
            for (int i = 0; i < mc; i++) {
                long src = (off + i * rs) * ES;
                int d = i * AS;
                int p = 0;
                for (; p < bound; p += L) {
                    DoubleVector.fromMemorySegment(S, a, src + p * ES, LE).intoArray(dst, d + p);
                }
                for (; p < kc; p++) {
                    dst[d + p] = a.getAtIndex(F64, off + i * rs + p);
                }
            }
        } else {
            // Column by column: with rs == 1 (A^T contiguous, as in A^T G) each column is one contiguous run;
            // eight columns at a time, so that each step writes eight adjacent elements.
            int p0 = 0;
            for (; p0 + 8 <= kc; p0 += 8) {
                long src = off + p0 * cs;
                for (int i = 0; i < mc; i++) {
                    long q = src + i * rs;
                    int o = i * AS + p0;
                    dst[o] = a.getAtIndex(F64, q);
                    dst[o + 1] = a.getAtIndex(F64, q + cs);
                    dst[o + 2] = a.getAtIndex(F64, q + 2 * cs);
                    dst[o + 3] = a.getAtIndex(F64, q + 3 * cs);
                    dst[o + 4] = a.getAtIndex(F64, q + 4 * cs);
                    dst[o + 5] = a.getAtIndex(F64, q + 5 * cs);
                    dst[o + 6] = a.getAtIndex(F64, q + 6 * cs);
                    dst[o + 7] = a.getAtIndex(F64, q + 7 * cs);
                }
            }
            for (int p = p0; p < kc; p++) {
                long src = off + p * cs;
                for (int i = 0; i < mc; i++) {
                    dst[i * AS + p] = a.getAtIndex(F64, src + i * rs);
                }
            }
        }
        for (int i = mc; i < rowsTo; i++) {
            Arrays.fill(dst, i * AS, i * AS + kc, 0d);
        }
    }

    /**
     * Packs the {@code kc x nc} block of B whose element (0, 0) is at {@code off} into panels of {@code NR}
     * columns: {@code dst[(j / NR) * NR * kc + p * NR + j % NR] = B[p, j]}.
     */
    static void packB(MemorySegment b, long off, long rs, long cs, int kc, int nc, double[] dst) {
        int full = nc / NR * NR;
        if (cs == 1) {
            // Row by row: each source row is read once, front to back (prefetch-friendly), into every panel.
            for (int p = 0; p < kc; p++) {
                long src = (off + p * rs) * ES;
                int d = p * NR;
                for (int jp = 0; jp < full; jp += NR) {
                    DoubleVector.fromMemorySegment(S, b, src + jp * ES, LE).intoArray(dst, d + jp * kc);
                    DoubleVector.fromMemorySegment(S, b, src + jp * ES + VB, LE).intoArray(dst, d + jp * kc + L);
                }
            }
        } else {
            // Column by column: with rs == 1 (B^T contiguous, as x W^T reads W) each column is one contiguous run;
            // eight columns at a time, so that each step writes eight adjacent elements.
            int j = 0;
            for (; j + 8 <= full; j += 8) {
                long src = off + j * cs;
                int d = (j / NR) * NR * kc + j % NR;
                for (int p = 0; p < kc; p++) {
                    long q = src + p * rs;
                    int o = d + p * NR;
                    dst[o] = b.getAtIndex(F64, q);
                    dst[o + 1] = b.getAtIndex(F64, q + cs);
                    dst[o + 2] = b.getAtIndex(F64, q + 2 * cs);
                    dst[o + 3] = b.getAtIndex(F64, q + 3 * cs);
                    dst[o + 4] = b.getAtIndex(F64, q + 4 * cs);
                    dst[o + 5] = b.getAtIndex(F64, q + 5 * cs);
                    dst[o + 6] = b.getAtIndex(F64, q + 6 * cs);
                    dst[o + 7] = b.getAtIndex(F64, q + 7 * cs);
                }
            }
            for (; j < full; j++) {
                long src = off + j * cs;
                int d = (j / NR) * NR * kc + j % NR;
                for (int p = 0; p < kc; p++) {
                    dst[d + p * NR] = b.getAtIndex(F64, src + p * rs);
                }
            }
        }
        if (full < nc) {
            int base = full * kc;
            int cols = nc - full;
            for (int p = 0; p < kc; p++) {
                int d = base + p * NR;
                for (int j = 0; j < cols; j++) {
                    dst[d + j] = b.getAtIndex(F64, off + p * rs + (full + j) * cs);
                }
                for (int j = cols; j < NR; j++) {
                    dst[d + j] = 0d;
                }
            }
        }
    }
}
