package org.vectorgrad.engine.kernel;

import static org.vectorgrad.engine.kernel.Elements.F32;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packs blocks of float32 GEMM operands into the micro-panel layouts of {@link KernelF32}, reading any strides:
 * a transposed or sliced view is packed as cheaply as a contiguous one, without a copy of the view first.
 * Panels past the edge of the block are padded with zeros so the micro-kernel always runs full tiles.
 */
final class PackF32 {
    private static final VectorSpecies<Float> S = KernelF32.S;
    private static final int L = KernelF32.L;
    private static final int NR = KernelF32.NR;
    private static final int AS = KernelF32.AS;
    private static final long VB = KernelF32.VB;
    private static final long ES = 4;
    private static final ByteOrder LE = ByteOrder.nativeOrder();

    /** Offsets of L consecutive k steps of one column in a packed B panel: 0, NR, 2 NR, ... */
    private static final int[] DOWN_PANEL = new int[L];

    static {
        for (int i = 0; i < L; i++) {
            DOWN_PANEL[i] = i * NR;
        }
    }

    private PackF32() {
    }

    /**
     * Packs the {@code mc x kc} block of A whose element (0, 0) is at {@code off} as rows of stride
     * {@link KernelF32#AS}: {@code dst[i * AS + p] = A[i, p]}; rows {@code mc} to {@code rowsTo} are zero.
     */
    static void packA(MemorySegment a, long off, long rs, long cs, int mc, int kc, int rowsTo, float[] dst) {
        int bound = S.loopBound(kc);
        if (cs == 1) {
            for (int i = 0; i < mc; i++) {
                long src = (off + i * rs) * ES;
                int d = i * AS;
                int p = 0;
                for (; p < bound; p += L) {
                    FloatVector.fromMemorySegment(S, a, src + p * ES, LE).intoArray(dst, d + p);
                }
                for (; p < kc; p++) {
                    dst[d + p] = a.getAtIndex(F32, off + i * rs + p);
                }
            }
        } else if (rs == 1 && TransposeF32.APPLIES) {
            TransposeF32.rowsFromColumns(a, off, cs, mc, kc, dst, 0, AS);
        } else {
            // Column by column: with rs == 1 (A^T contiguous, as in A^T G) each column is one contiguous run;
            // eight columns at a time, so that each step writes eight adjacent elements.
            int p0 = 0;
            for (; p0 + 8 <= kc; p0 += 8) {
                long src = off + p0 * cs;
                for (int i = 0; i < mc; i++) {
                    long q = src + i * rs;
                    int o = i * AS + p0;
                    dst[o] = a.getAtIndex(F32, q);
                    dst[o + 1] = a.getAtIndex(F32, q + cs);
                    dst[o + 2] = a.getAtIndex(F32, q + 2 * cs);
                    dst[o + 3] = a.getAtIndex(F32, q + 3 * cs);
                    dst[o + 4] = a.getAtIndex(F32, q + 4 * cs);
                    dst[o + 5] = a.getAtIndex(F32, q + 5 * cs);
                    dst[o + 6] = a.getAtIndex(F32, q + 6 * cs);
                    dst[o + 7] = a.getAtIndex(F32, q + 7 * cs);
                }
            }
            for (int p = p0; p < kc; p++) {
                long src = off + p * cs;
                for (int i = 0; i < mc; i++) {
                    dst[i * AS + p] = a.getAtIndex(F32, src + i * rs);
                }
            }
        }
        for (int i = mc; i < rowsTo; i++) {
            Arrays.fill(dst, i * AS, i * AS + kc, 0f);
        }
    }

    /**
     * Packs the {@code kc x nc} block of B whose element (0, 0) is at {@code off} into panels of {@code NR}
     * columns: {@code dst[(j / NR) * NR * kc + p * NR + j % NR] = B[p, j]}.
     */
    static void packB(MemorySegment b, long off, long rs, long cs, int kc, int nc, float[] dst) {
        int full = nc / NR * NR;
        if (cs == 1) {
            // Row by row: each source row is read once, front to back (prefetch-friendly), into every panel.
            for (int p = 0; p < kc; p++) {
                long src = (off + p * rs) * ES;
                int d = p * NR;
                for (int jp = 0; jp < full; jp += NR) {
                    FloatVector.fromMemorySegment(S, b, src + jp * ES, LE).intoArray(dst, d + jp * kc);
                    FloatVector.fromMemorySegment(S, b, src + jp * ES + VB, LE).intoArray(dst, d + jp * kc + L);
                }
            }
        } else if (rs == 1) {
            // B^T contiguous (x W^T reads W, the conv weight gradient reads the columns transposed): each column is
            // a contiguous run. 512-bit vectors transpose 16 x 16 blocks in registers; otherwise a vector of a run
            // (L consecutive k) is loaded at once and scattered down the panel.
            if (TransposeF32.APPLIES) {
                for (int jp = 0; jp < full; jp += NR) {
                    TransposeF32.rowsFromColumns(b, off + jp * cs, cs, kc, L, dst, jp * kc, NR);
                    TransposeF32.rowsFromColumns(b, off + (jp + L) * cs, cs, kc, L, dst, jp * kc + L, NR);
                }
            } else {
                scatterColumns(b, off, cs, kc, full, dst);
            }
        } else {
            // Any other strides: column by column, eight columns at a time, so that each step writes eight adjacent
            // elements.
            int j = 0;
            for (; j + 8 <= full; j += 8) {
                long src = off + j * cs;
                int d = (j / NR) * NR * kc + j % NR;
                for (int p = 0; p < kc; p++) {
                    long q = src + p * rs;
                    int o = d + p * NR;
                    dst[o] = b.getAtIndex(F32, q);
                    dst[o + 1] = b.getAtIndex(F32, q + cs);
                    dst[o + 2] = b.getAtIndex(F32, q + 2 * cs);
                    dst[o + 3] = b.getAtIndex(F32, q + 3 * cs);
                    dst[o + 4] = b.getAtIndex(F32, q + 4 * cs);
                    dst[o + 5] = b.getAtIndex(F32, q + 5 * cs);
                    dst[o + 6] = b.getAtIndex(F32, q + 6 * cs);
                    dst[o + 7] = b.getAtIndex(F32, q + 7 * cs);
                }
            }
            for (; j < full; j++) {
                long src = off + j * cs;
                int d = (j / NR) * NR * kc + j % NR;
                for (int p = 0; p < kc; p++) {
                    dst[d + p * NR] = b.getAtIndex(F32, src + p * rs);
                }
            }
        }
        if (full < nc) {
            int base = full * kc;
            int cols = nc - full;
            for (int p = 0; p < kc; p++) {
                int d = base + p * NR;
                for (int j = 0; j < cols; j++) {
                    dst[d + j] = b.getAtIndex(F32, off + p * rs + (full + j) * cs);
                }
                for (int j = cols; j < NR; j++) {
                    dst[d + j] = 0f;
                }
            }
        }
    }

    /** Columns {@code [0, full)} of a B^T-contiguous slice, each run loaded a vector at a time and scattered down. */
    static void scatterColumns(MemorySegment b, long off, long cs, int kc, int full, float[] dst) {
        int bound = S.loopBound(kc);
        for (int j = 0; j < full; j++) {
            long src = (off + j * cs) * ES;
            int d = (j / NR) * NR * kc + j % NR;
            int p = 0;
            for (; p < bound; p += L) {
                FloatVector.fromMemorySegment(S, b, src + p * ES, LE).intoArray(dst, d + p * NR, DOWN_PANEL, 0);
            }
            for (; p < kc; p++) {
                dst[d + p * NR] = b.getAtIndex(F32, off + j * cs + p);
            }
        }
    }
}
