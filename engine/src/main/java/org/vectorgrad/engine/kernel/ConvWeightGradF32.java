package org.vectorgrad.engine.kernel;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import org.vectorgrad.engine.Parallel;

/**
 * The float32 conv2d weight gradient for layers with few im2col rows (a first layer: {@code cin*kh*kw = 9}), as
 * dot products: {@code gW[co, r] = sum over images i and pixels k of gy[i, co, k] * cols[r, i, k]}. Both operands
 * are read where they lie (the output gradient in NCHW, the columns image by image), vectorised along the pixels,
 * so neither the channel-major copy of the gradient nor a transposed GEMM operand is needed; with 9 rows a GEMM
 * would also fill only 9 of its 32 vector columns.
 *
 * <p>Images go in fixed groups of {@link #GROUP}; each group's sums are formed in a fixed order and the groups are
 * added in order, so the result does not depend on the thread count. Within a group the dot products stay vectors
 * (one per output channel and row), their lanes summed once at the end of the group: summing 16 lanes one after
 * the other for every image cost a tenth of the kernel.
 */
public final class ConvWeightGradF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ByteOrder LE = ByteOrder.nativeOrder();
    /** Images per unit of work. */
    static final int GROUP = 8;
    /** Output channels and rows per register block (12 accumulators). */
    private static final int CB = 4;
    private static final int RB = 3;

    private ConvWeightGradF32() {
    }

    /**
     * {@code gw[co * rows + r]} = the weight gradient, for {@code b} images of the contiguous NCHW output gradient
     * {@code gy} (element offset {@code gyOff}, {@code cout} channels of {@code area} pixels) and the contiguous
     * im2col matrix {@code cols} ({@code [rows, b * area]} at {@code colsOff}).
     */
    public static float[] compute(MemorySegment gy, long gyOff, MemorySegment cols, long colsOff, int b, int cout,
            int rows, int area) {
        int groups = (b + GROUP - 1) / GROUP;
        float[][] partial = new float[groups][];
        Parallel.range(groups, 1, (g0, g1) -> {
            for (long g = g0; g < g1; g++) {
                float[] vectors = new float[cout * rows * L];
                int first = (int) g * GROUP;
                for (int i = first; i < Math.min(b, first + GROUP); i++) {
                    image(gy, gyOff + (long) i * cout * area, cols, colsOff + (long) i * area, (long) b * area, cout,
                            rows, area, vectors);
                }
                float[] sums = new float[cout * rows];
                for (int j = 0; j < sums.length; j++) {
                    sums[j] = sum(vectors, j * L);
                }
                partial[(int) g] = sums;
            }
        });
        float[] gw = partial[0];
        for (int g = 1; g < groups; g++) {
            for (int j = 0; j < gw.length; j++) {
                gw[j] += partial[g][j];
            }
        }
        return gw;
    }

    /**
     * Adds one image's dot products, as vectors, to {@code vectors[(co * rows + r) * L ...]}; {@code rowStride}
     * separates the column rows.
     */
    private static void image(MemorySegment gy, long gyOff, MemorySegment cols, long colsOff, long rowStride,
            int cout, int rows, int area, float[] vectors) {
        for (int co = 0; co < cout; co += CB) {
            int cn = Math.min(CB, cout - co);
            for (int r = 0; r < rows; r += RB) {
                int rn = Math.min(RB, rows - r);
                if (cn == CB && rn == RB) {
                    block(gy, gyOff + (long) co * area, cols, colsOff + r * rowStride, rowStride, area, vectors,
                            co * rows + r, rows);
                } else {
                    for (int c = 0; c < cn; c++) {
                        for (int q = 0; q < rn; q++) {
                            dot(gy, gyOff + (long) (co + c) * area, cols, colsOff + (r + q) * rowStride, area,
                                    vectors, ((co + c) * rows + r + q) * L);
                        }
                    }
                }
            }
        }
    }

    /** A 4 x 3 block of dot products of length {@code n}, added to the vectors of {@code at + c * rows + q}. */
    private static void block(MemorySegment gy, long g, MemorySegment cols, long x, long rowStride, int n,
            float[] vectors, int at, int rows) {
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a02 = a00, a10 = a00, a11 = a00, a12 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a30 = a00, a31 = a00, a32 = a00;
        long g1 = g + n;
        long g2 = g + 2L * n;
        long g3 = g + 3L * n;
        long x1 = x + rowStride;
        long x2 = x + 2 * rowStride;
        int k = 0;
        for (int bound = S.loopBound(n); k < bound; k += L) {
            FloatVector c0 = FloatVector.fromMemorySegment(S, cols, (x + k) * 4, LE);
            FloatVector c1 = FloatVector.fromMemorySegment(S, cols, (x1 + k) * 4, LE);
            FloatVector c2 = FloatVector.fromMemorySegment(S, cols, (x2 + k) * 4, LE);
            FloatVector v = FloatVector.fromMemorySegment(S, gy, (g + k) * 4, LE);
            a00 = v.fma(c0, a00);
            a01 = v.fma(c1, a01);
            a02 = v.fma(c2, a02);
            v = FloatVector.fromMemorySegment(S, gy, (g1 + k) * 4, LE);
            a10 = v.fma(c0, a10);
            a11 = v.fma(c1, a11);
            a12 = v.fma(c2, a12);
            v = FloatVector.fromMemorySegment(S, gy, (g2 + k) * 4, LE);
            a20 = v.fma(c0, a20);
            a21 = v.fma(c1, a21);
            a22 = v.fma(c2, a22);
            v = FloatVector.fromMemorySegment(S, gy, (g3 + k) * 4, LE);
            a30 = v.fma(c0, a30);
            a31 = v.fma(c1, a31);
            a32 = v.fma(c2, a32);
        }
        if (k < n) {
            // the last partial vector, masked (its lanes past n read as 0)
            VectorMask<Float> m = S.indexInRange(k, n);
            FloatVector c0 = FloatVector.fromMemorySegment(S, cols, (x + k) * 4, LE, m);
            FloatVector c1 = FloatVector.fromMemorySegment(S, cols, (x1 + k) * 4, LE, m);
            FloatVector c2 = FloatVector.fromMemorySegment(S, cols, (x2 + k) * 4, LE, m);
            FloatVector v = FloatVector.fromMemorySegment(S, gy, (g + k) * 4, LE, m);
            a00 = v.fma(c0, a00);
            a01 = v.fma(c1, a01);
            a02 = v.fma(c2, a02);
            v = FloatVector.fromMemorySegment(S, gy, (g1 + k) * 4, LE, m);
            a10 = v.fma(c0, a10);
            a11 = v.fma(c1, a11);
            a12 = v.fma(c2, a12);
            v = FloatVector.fromMemorySegment(S, gy, (g2 + k) * 4, LE, m);
            a20 = v.fma(c0, a20);
            a21 = v.fma(c1, a21);
            a22 = v.fma(c2, a22);
            v = FloatVector.fromMemorySegment(S, gy, (g3 + k) * 4, LE, m);
            a30 = v.fma(c0, a30);
            a31 = v.fma(c1, a31);
            a32 = v.fma(c2, a32);
        }
        // added to the group's vectors: channel c, row q at (at + c * rows + q) * L
        int v0 = at * L;
        int step = rows * L;
        FloatVector.fromArray(S, vectors, v0).add(a00).intoArray(vectors, v0);
        FloatVector.fromArray(S, vectors, v0 + L).add(a01).intoArray(vectors, v0 + L);
        FloatVector.fromArray(S, vectors, v0 + 2 * L).add(a02).intoArray(vectors, v0 + 2 * L);
        FloatVector.fromArray(S, vectors, v0 + step).add(a10).intoArray(vectors, v0 + step);
        FloatVector.fromArray(S, vectors, v0 + step + L).add(a11).intoArray(vectors, v0 + step + L);
        FloatVector.fromArray(S, vectors, v0 + step + 2 * L).add(a12).intoArray(vectors, v0 + step + 2 * L);
        FloatVector.fromArray(S, vectors, v0 + 2 * step).add(a20).intoArray(vectors, v0 + 2 * step);
        FloatVector.fromArray(S, vectors, v0 + 2 * step + L).add(a21).intoArray(vectors, v0 + 2 * step + L);
        FloatVector.fromArray(S, vectors, v0 + 2 * step + 2 * L).add(a22).intoArray(vectors, v0 + 2 * step + 2 * L);
        FloatVector.fromArray(S, vectors, v0 + 3 * step).add(a30).intoArray(vectors, v0 + 3 * step);
        FloatVector.fromArray(S, vectors, v0 + 3 * step + L).add(a31).intoArray(vectors, v0 + 3 * step + L);
        FloatVector.fromArray(S, vectors, v0 + 3 * step + 2 * L).add(a32).intoArray(vectors, v0 + 3 * step + 2 * L);
    }

    /** One dot product of length {@code n} (edge blocks), added to the vector at {@code vectors[at]}. */
    private static void dot(MemorySegment gy, long g, MemorySegment cols, long x, int n, float[] vectors, int at) {
        FloatVector acc = FloatVector.fromArray(S, vectors, at);
        for (int k = 0; k < n; k += L) {
            VectorMask<Float> m = S.indexInRange(k, n);
            acc = FloatVector.fromMemorySegment(S, gy, (g + k) * 4, LE, m)
                    .fma(FloatVector.fromMemorySegment(S, cols, (x + k) * 4, LE, m), acc);
        }
        acc.intoArray(vectors, at);
    }

    /**
     * {@code lanes[from] + ... + lanes[from + L - 1]}, in that order (reduceLanes leaves the order open, and it
     * differs between JIT tiers).
     */
    private static float sum(float[] lanes, int from) {
        float s = 0f;
        for (int j = from; j < from + L; j++) {
            s += lanes[j];
        }
        return s;
    }
}
