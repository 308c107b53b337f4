package org.vectorgrad.engine.kernel;

import static org.vectorgrad.engine.kernel.Elements.F32;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
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
    private static final long VB = KernelF32.VB;
    private static final long ES = 4;
    private static final ByteOrder LE = ByteOrder.nativeOrder();

    private PackF32() {
    }

    /**
     * Packs the {@code mc x kc} block of A whose element (0, 0) is at {@code off} into panels of {@code mr} rows:
     * {@code dst[(i / mr) * mr * kc + p * mr + i % mr] = A[i, p]}.
     */
    static void packA(MemorySegment a, long off, long rs, long cs, int mc, int kc, int mr, float[] dst) {
        for (int ip = 0; ip < mc; ip += mr) {
            int rows = Math.min(mr, mc - ip);
            int base = ip * kc;
            if (rs == 1 && cs != 1) {
                for (int p = 0; p < kc; p++) {
                    long src = off + ip + p * cs;
                    int d = base + p * mr;
                    for (int r = 0; r < rows; r++) {
                        dst[d + r] = a.getAtIndex(F32, src + r);
                    }
                    for (int r = rows; r < mr; r++) {
                        dst[d + r] = 0f;
                    }
                }
                continue;
            }
            for (int r = 0; r < rows; r++) {
                long src = off + (ip + r) * rs;
                int d = base + r;
                if (cs == 1) {
                    for (int p = 0; p < kc; p++) {
                        dst[d + p * mr] = a.getAtIndex(F32, src + p);
                    }
                } else {
                    for (int p = 0; p < kc; p++) {
                        dst[d + p * mr] = a.getAtIndex(F32, src + p * cs);
                    }
                }
            }
            for (int r = rows; r < mr; r++) {
                for (int p = 0; p < kc; p++) {
                    dst[base + r + p * mr] = 0f;
                }
            }
        }
    }

    /**
     * Packs the {@code kc x nc} block of B whose element (0, 0) is at {@code off} into panels of {@code NR}
     * columns: {@code dst[(j / NR) * NR * kc + p * NR + j % NR] = B[p, j]}.
     */
    static void packB(MemorySegment b, long off, long rs, long cs, int kc, int nc, float[] dst) {
        for (int jp = 0; jp < nc; jp += NR) {
            int cols = Math.min(NR, nc - jp);
            int base = jp * kc;
            if (cs == 1 && cols == NR) {
                long src = (off + jp) * ES;
                long step = rs * ES;
                for (int p = 0; p < kc; p++) {
                    int d = base + p * NR;
                    FloatVector.fromMemorySegment(S, b, src, LE).intoArray(dst, d);
                    FloatVector.fromMemorySegment(S, b, src + VB, LE).intoArray(dst, d + L);
                    src += step;
                }
                continue;
            }
            if (cs == 1) {
                for (int p = 0; p < kc; p++) {
                    long src = off + jp + p * rs;
                    int d = base + p * NR;
                    for (int j = 0; j < cols; j++) {
                        dst[d + j] = b.getAtIndex(F32, src + j);
                    }
                }
            } else {
                for (int j = 0; j < cols; j++) {
                    long src = off + (jp + j) * cs;
                    int d = base + j;
                    if (rs == 1) {
                        for (int p = 0; p < kc; p++) {
                            dst[d + p * NR] = b.getAtIndex(F32, src + p);
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            dst[d + p * NR] = b.getAtIndex(F32, src + p * rs);
                        }
                    }
                }
            }
            if (cols < NR) {
                for (int p = 0; p < kc; p++) {
                    for (int j = cols; j < NR; j++) {
                        dst[base + p * NR + j] = 0f;
                    }
                }
            }
        }
    }
}
