package org.vectorgrad.engine.kernel;

import static org.vectorgrad.engine.kernel.Elements.F32;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packs runs of a transposed GEMM operand (B^T contiguous: {@code x @ W^T} reads W's rows; A^T contiguous:
 * {@code G^T X}) into the packed layouts of {@link KernelF32} by 16 x 16 transposes in registers, with 512-bit
 * vectors: 16 runs of 16 values are loaded as 16 vectors, transposed in four butterfly stages of two-vector
 * shuffles (stage s swaps bit s of the run with bit s of the position in it), and stored as 16 rows. For B, three
 * times faster here than scattering each loaded vector down the panel (vpscatterdps), which cost a sixth of an
 * MLP's training step on Zen 4. Other vector sizes keep the scatter (B) and element-by-element copies (A).
 */
final class TransposeF32 {
    private static final VectorSpecies<Float> S = KernelF32.S;
    private static final int L = KernelF32.L;
    private static final ByteOrder LE = ByteOrder.nativeOrder();
    /** Whether this machine's vectors hold 16 floats, the size the transposes are written for. */
    static final boolean APPLIES = L == 16;
    /** Stage s, lanes kept low ({@code a[p]} or {@code b[p - 2^s]}) and high ({@code a[p + 2^s]} or {@code b[p]}). */
    private static final VectorShuffle<Float>[] LO = shuffles(true);
    private static final VectorShuffle<Float>[] HI = shuffles(false);

    private TransposeF32() {
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] shuffles(boolean low) {
        if (!APPLIES) {
            return null;
        }
        VectorShuffle<Float>[] stages = new VectorShuffle[4];
        for (int k = 0; k < 4; k++) {
            int bit = 1 << k;
            int[] lanes = new int[L];
            for (int p = 0; p < L; p++) {
                // indexes below 0 select from the second vector (lane index + L)
                lanes[p] = low ? ((p & bit) == 0 ? p : p - bit - L) : ((p & bit) == 0 ? p + bit : p - L);
            }
            stages[k] = VectorShuffle.fromArray(S, lanes, 0);
        }
        return stages;
    }

    /**
     * Rows {@code [0, mc)} and columns {@code [0, kc)} of a matrix held column by column (column {@code p} the
     * contiguous run at element {@code off + p * cs}) into rows of {@code dst}, row {@code i} at {@code d + i * ds}.
     * The packed A of a transposed operand ({@code G^T X}, the weight gradients: rows AS apart; element by element,
     * this packing took 6% of the transformer's training step), and each half of a panel of a transposed B
     * ({@code x @ W^T}: 16 runs of W become kc rows NR apart). 16 x 16 blocks go through registers; the rows and
     * columns past whole blocks one element at a time.
     */
    static void rowsFromColumns(MemorySegment a, long off, long cs, int mc, int kc, float[] dst, int d, int ds) {
        int mb = mc / L * L;
        int kb = kc / L * L;
        float[] square = new float[L * L];
        for (int p0 = 0; p0 < kb; p0 += L) {
            for (int i0 = 0; i0 < mb; i0 += L) {
                for (int j = 0; j < L; j++) {
                    FloatVector.fromMemorySegment(S, a, (off + (p0 + j) * cs + i0) * 4, LE).intoArray(square, j * L);
                }
                block(square, 0, L, dst, d + i0 * ds + p0, ds);
            }
        }
        for (int p = 0; p < kc; p++) {
            long column = off + p * cs;
            for (int i = p < kb ? mb : 0; i < mc; i++) {
                dst[d + i * ds + p] = a.getAtIndex(F32, column + i);
            }
        }
    }

    /**
     * One 16 x 16 transpose: the 16 runs of 16 floats {@code src[so + j * ss ...]} (16 k of 16 columns) become the
     * rows {@code dst[d + i * ds ...]} (row i: element i of every run). 512-bit vectors only ({@link #APPLIES}).
     * Arrays, not segments: a segment access costs a liveness and a bounds check each, which made transposes
     * between NCHW images and channels-last three times slower.
     */
    static void block(float[] src, int so, int ss, float[] dst, int d, int ds) {
        FloatVector r0 = load(src, so, 0, ss), r1 = load(src, so, 1, ss), r2 = load(src, so, 2, ss),
            r3 = load(src, so, 3, ss), r4 = load(src, so, 4, ss), r5 = load(src, so, 5, ss), r6 = load(src, so, 6, ss),
            r7 = load(src, so, 7, ss), r8 = load(src, so, 8, ss), r9 = load(src, so, 9, ss),
            r10 = load(src, so, 10, ss), r11 = load(src, so, 11, ss), r12 = load(src, so, 12, ss),
            r13 = load(src, so, 13, ss), r14 = load(src, so, 14, ss), r15 = load(src, so, 15, ss);
        FloatVector t;
        // stage k = 0: pairs (j, j+1)
        t = r0.rearrange(LO[0], r1); r1 = r0.rearrange(HI[0], r1); r0 = t;
        t = r2.rearrange(LO[0], r3); r3 = r2.rearrange(HI[0], r3); r2 = t;
        t = r4.rearrange(LO[0], r5); r5 = r4.rearrange(HI[0], r5); r4 = t;
        t = r6.rearrange(LO[0], r7); r7 = r6.rearrange(HI[0], r7); r6 = t;
        t = r8.rearrange(LO[0], r9); r9 = r8.rearrange(HI[0], r9); r8 = t;
        t = r10.rearrange(LO[0], r11); r11 = r10.rearrange(HI[0], r11); r10 = t;
        t = r12.rearrange(LO[0], r13); r13 = r12.rearrange(HI[0], r13); r12 = t;
        t = r14.rearrange(LO[0], r15); r15 = r14.rearrange(HI[0], r15); r14 = t;
        // k = 1: (j, j+2)
        t = r0.rearrange(LO[1], r2); r2 = r0.rearrange(HI[1], r2); r0 = t;
        t = r1.rearrange(LO[1], r3); r3 = r1.rearrange(HI[1], r3); r1 = t;
        t = r4.rearrange(LO[1], r6); r6 = r4.rearrange(HI[1], r6); r4 = t;
        t = r5.rearrange(LO[1], r7); r7 = r5.rearrange(HI[1], r7); r5 = t;
        t = r8.rearrange(LO[1], r10); r10 = r8.rearrange(HI[1], r10); r8 = t;
        t = r9.rearrange(LO[1], r11); r11 = r9.rearrange(HI[1], r11); r9 = t;
        t = r12.rearrange(LO[1], r14); r14 = r12.rearrange(HI[1], r14); r12 = t;
        t = r13.rearrange(LO[1], r15); r15 = r13.rearrange(HI[1], r15); r13 = t;
        // k = 2: (j, j+4)
        t = r0.rearrange(LO[2], r4); r4 = r0.rearrange(HI[2], r4); r0 = t;
        t = r1.rearrange(LO[2], r5); r5 = r1.rearrange(HI[2], r5); r1 = t;
        t = r2.rearrange(LO[2], r6); r6 = r2.rearrange(HI[2], r6); r2 = t;
        t = r3.rearrange(LO[2], r7); r7 = r3.rearrange(HI[2], r7); r3 = t;
        t = r8.rearrange(LO[2], r12); r12 = r8.rearrange(HI[2], r12); r8 = t;
        t = r9.rearrange(LO[2], r13); r13 = r9.rearrange(HI[2], r13); r9 = t;
        t = r10.rearrange(LO[2], r14); r14 = r10.rearrange(HI[2], r14); r10 = t;
        t = r11.rearrange(LO[2], r15); r15 = r11.rearrange(HI[2], r15); r11 = t;
        // k = 3: (j, j+8)
        t = r0.rearrange(LO[3], r8); r8 = r0.rearrange(HI[3], r8); r0 = t;
        t = r1.rearrange(LO[3], r9); r9 = r1.rearrange(HI[3], r9); r1 = t;
        t = r2.rearrange(LO[3], r10); r10 = r2.rearrange(HI[3], r10); r2 = t;
        t = r3.rearrange(LO[3], r11); r11 = r3.rearrange(HI[3], r11); r3 = t;
        t = r4.rearrange(LO[3], r12); r12 = r4.rearrange(HI[3], r12); r4 = t;
        t = r5.rearrange(LO[3], r13); r13 = r5.rearrange(HI[3], r13); r5 = t;
        t = r6.rearrange(LO[3], r14); r14 = r6.rearrange(HI[3], r14); r6 = t;
        t = r7.rearrange(LO[3], r15); r15 = r7.rearrange(HI[3], r15); r7 = t;
        r0.intoArray(dst, d); r1.intoArray(dst, d + ds); r2.intoArray(dst, d + 2 * ds); r3.intoArray(dst, d + 3 * ds);
        r4.intoArray(dst, d + 4 * ds); r5.intoArray(dst, d + 5 * ds); r6.intoArray(dst, d + 6 * ds); r7.intoArray(dst, d + 7 * ds);
        r8.intoArray(dst, d + 8 * ds); r9.intoArray(dst, d + 9 * ds); r10.intoArray(dst, d + 10 * ds); r11.intoArray(dst, d + 11 * ds);
        r12.intoArray(dst, d + 12 * ds); r13.intoArray(dst, d + 13 * ds); r14.intoArray(dst, d + 14 * ds); r15.intoArray(dst, d + 15 * ds);
    }

    private static FloatVector load(float[] src, int so, int j, int ss) {
        return FloatVector.fromArray(S, src, so + j * ss);
    }
}
