package org.vectorgrad.engine.kernel;

import static org.vectorgrad.engine.kernel.Elements.F32;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.vectorgrad.engine.Parallel;

/**
 * The float32 conv2d weight gradient for layers with few im2col rows (a first layer: {@code cin*kh*kw = 9}), as
 * dot products: {@code gW[co, r] = sum over images i and pixels k of gy[i, co, k] * cols[r, i, k]}, vectorised
 * along the pixels. Image by image, the output gradient's planes and the image's column rows are staged in Java
 * arrays, each row padded with zeros to whole vectors (so no load is masked); the columns come from a materialised
 * im2col matrix or are built from the image itself ({@link Im2ColF32#imageColumns}), never written out. Neither
 * the channel-major copy of the gradient nor a transposed GEMM operand is needed; with 9 rows a GEMM would also
 * fill only 9 of its 32 vector columns.
 *
 * <p>Images go in fixed groups of {@link #GROUP}; each group's sums are formed in a fixed order and the groups are
 * added in order, so the result does not depend on the thread count. Within a group the dot products stay vectors
 * (one per output channel and row), their lanes summed once at the end of the group: summing 16 lanes one after
 * the other for every image cost a tenth of the kernel.
 */
public final class ConvWeightGradF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Images per unit of work. */
    static final int GROUP = 8;
    /** Output channels and rows per register block (12 accumulators). */
    private static final int CB = 4;
    private static final int RB = 3;

    /** Each thread's staged rows, kept between calls ({@link ScratchCache}). */
    private static final ScratchCache<Staging, Buffers> BUFFERS = new ScratchCache<>(Buffers::new);

    private ConvWeightGradF32() {
    }

    /**
     * The shape of one layer's staged rows: {@code rows} column rows and {@code cout} gradient rows of {@code area}
     * values, {@code stride} apart. Equal keys write the same places, so lanes one call leaves zero stay zero.
     */
    private record Staging(int rows, int cout, int area, int stride, int scratch, int outputs) {
    }

    /**
     * One thread's staged rows. The lanes past {@code area} in each row are never written, so they stay zero in
     * both operands (the slack after the column rows takes the column builder's whole-vector stores).
     */
    private static final class Buffers {
        final float[] cols;
        final float[] grad;
        final float[] scratch;
        /** A group's dot products as vectors, cleared for each group. */
        final float[] vectors;

        Buffers(Staging s) {
            cols = new float[s.rows() * s.stride() + L];
            grad = new float[s.cout() * s.stride()];
            scratch = new float[s.scratch()];
            vectors = new float[s.outputs() * L];
        }
    }

    /** Where an image's im2col rows come from. */
    public interface Columns {
        /**
         * Writes the rows of image {@code i} to {@code cols[r * stride ...]}, {@code area} long each;
         * {@code scratch} is the calling thread's, {@link #scratchLength} long.
         */
        void fill(int i, float[] cols, int stride, float[] scratch);

        /** Scratch elements {@link #fill} needs. */
        int scratchLength();
    }

    /** The columns of image {@code i} as rows of a contiguous im2col matrix {@code [rows, b * area]} at {@code off}. */
    public static Columns materialized(MemorySegment cols, long off, int rows, int b, int area) {
        return new Columns() {
            @Override
            public void fill(int i, float[] dst, int stride, float[] scratch) {
                for (int r = 0; r < rows; r++) {
                    MemorySegment.copy(cols, F32, (off + (long) r * b * area + (long) i * area) * 4, dst, r * stride,
                            area);
                }
            }

            @Override
            public int scratchLength() {
                return 0;
            }
        };
    }

    /** The columns of image {@code i} built from images of the contiguous NCHW input {@code x} at {@code off}. */
    public static Columns fromImages(MemorySegment x, long off, ConvShape s) {
        long image = (long) s.cin() * s.h() * s.w();
        return new Columns() {
            @Override
            public void fill(int i, float[] dst, int stride, float[] plane) {
                Im2ColF32.imageColumns(x, off + i * image, s, plane, dst, stride);
            }

            @Override
            public int scratchLength() {
                return Im2ColF32.planeScratch(s);
            }
        };
    }

    /**
     * {@code gw[co * rows + r]} = the weight gradient, for {@code b} images of the contiguous NCHW output gradient
     * {@code gy} (element offset {@code gyOff}, {@code cout} channels of {@code area} pixels) and their columns;
     * with {@code withBias}, followed by the bias gradient {@code gw[cout * rows + co]} (the sum of channel
     * {@code co} of {@code gy}), taken from the same staged rows instead of another pass over {@code gy}.
     */
    public static float[] compute(MemorySegment gy, long gyOff, Columns columns, int b, int cout, int rows,
            int area, boolean withBias) {
        int groups = (b + GROUP - 1) / GROUP;
        int stride = (area + L - 1) / L * L;
        int outputs = cout * rows + (withBias ? cout : 0);
        float[][] partial = new float[groups][];
        Staging key = new Staging(rows, cout, area, stride, columns.scratchLength(), outputs);
        Parallel.balanced(groups, 1, (g0, g1) -> {
            Buffers buffers = BUFFERS.get(key);
            float[] cols = buffers.cols;
            float[] grad = buffers.grad;
            for (long g = g0; g < g1; g++) {
                float[] vectors = buffers.vectors;
                Arrays.fill(vectors, 0f);
                int first = (int) g * GROUP;
                for (int i = first; i < Math.min(b, first + GROUP); i++) {
                    columns.fill(i, cols, stride, buffers.scratch);
                    for (int co = 0; co < cout; co++) {
                        MemorySegment.copy(gy, F32, (gyOff + ((long) i * cout + co) * area) * 4, grad, co * stride,
                                area);
                    }
                    // the bias sums ride along the first full block of each group of CB channels; the rest apart
                    int fused = image(grad, cols, stride, cout, rows, vectors, withBias);
                    if (withBias) {
                        for (int co = fused; co < cout; co++) {
                            rowSum(grad, co * stride, stride, vectors, (cout * rows + co) * L);
                        }
                    }
                }
                float[] sums = new float[outputs];
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
     * Adds one image's dot products, as vectors, to {@code vectors[(co * rows + r) * L ...]}; with {@code sums},
     * also the sums of the gradient rows of the channels {@code [0, returned)} to the vectors after the dot
     * products' ({@code (cout * rows + co) * L}), taken in the first full block of their channel group.
     */
    private static int image(float[] grad, float[] cols, int n, int cout, int rows, float[] vectors, boolean sums) {
        int fused = 0;
        for (int co = 0; co < cout; co += CB) {
            int cn = Math.min(CB, cout - co);
            for (int r = 0; r < rows; r += RB) {
                int rn = Math.min(RB, rows - r);
                if (cn == CB && rn == RB) {
                    boolean withSums = sums && r == 0;
                    block(grad, co * n, cols, r * n, n, vectors, co * rows + r, rows,
                            withSums ? (cout * rows + co) * L : -1);
                    fused = withSums ? co + CB : fused;
                } else {
                    for (int c = 0; c < cn; c++) {
                        for (int q = 0; q < rn; q++) {
                            dot(grad, (co + c) * n, cols, (r + q) * n, n, vectors, ((co + c) * rows + r + q) * L);
                        }
                    }
                }
            }
        }
        return fused;
    }

    /**
     * A 4 x 3 block of dot products of length {@code n} (a multiple of the vector length): gradient rows from
     * {@code g}, column rows from {@code x}, both {@code n} apart; added to the vectors of {@code at + c * rows + q}.
     * With {@code sumsAt >= 0}, the four gradient rows' sums too, added to the vectors at {@code sumsAt + c * L}
     * (the loads are shared; the loop is unswitched on it).
     */
    private static void block(float[] grad, int g, float[] cols, int x, int n, float[] vectors, int at, int rows,
            int sumsAt) {
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a02 = a00, a10 = a00, a11 = a00, a12 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a30 = a00, a31 = a00, a32 = a00;
        FloatVector s0 = a00, s1 = a00, s2 = a00, s3 = a00;
        boolean sums = sumsAt >= 0;
        for (int k = 0; k < n; k += L) {
            FloatVector c0 = FloatVector.fromArray(S, cols, x + k);
            FloatVector c1 = FloatVector.fromArray(S, cols, x + n + k);
            FloatVector c2 = FloatVector.fromArray(S, cols, x + 2 * n + k);
            FloatVector v0 = FloatVector.fromArray(S, grad, g + k);
            a00 = v0.fma(c0, a00);
            a01 = v0.fma(c1, a01);
            a02 = v0.fma(c2, a02);
            FloatVector v1 = FloatVector.fromArray(S, grad, g + n + k);
            a10 = v1.fma(c0, a10);
            a11 = v1.fma(c1, a11);
            a12 = v1.fma(c2, a12);
            FloatVector v2 = FloatVector.fromArray(S, grad, g + 2 * n + k);
            a20 = v2.fma(c0, a20);
            a21 = v2.fma(c1, a21);
            a22 = v2.fma(c2, a22);
            FloatVector v3 = FloatVector.fromArray(S, grad, g + 3 * n + k);
            a30 = v3.fma(c0, a30);
            a31 = v3.fma(c1, a31);
            a32 = v3.fma(c2, a32);
            if (sums) {
                s0 = s0.add(v0);
                s1 = s1.add(v1);
                s2 = s2.add(v2);
                s3 = s3.add(v3);
            }
        }
        if (sums) {
            FloatVector.fromArray(S, vectors, sumsAt).add(s0).intoArray(vectors, sumsAt);
            FloatVector.fromArray(S, vectors, sumsAt + L).add(s1).intoArray(vectors, sumsAt + L);
            FloatVector.fromArray(S, vectors, sumsAt + 2 * L).add(s2).intoArray(vectors, sumsAt + 2 * L);
            FloatVector.fromArray(S, vectors, sumsAt + 3 * L).add(s3).intoArray(vectors, sumsAt + 3 * L);
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
    private static void dot(float[] grad, int g, float[] cols, int x, int n, float[] vectors, int at) {
        FloatVector acc = FloatVector.fromArray(S, vectors, at);
        for (int k = 0; k < n; k += L) {
            acc = FloatVector.fromArray(S, grad, g + k).fma(FloatVector.fromArray(S, cols, x + k), acc);
        }
        acc.intoArray(vectors, at);
    }

    /** Adds {@code grad[g ... g + n)} ({@code n} a multiple of the vector length) to the vector at {@code at}. */
    private static void rowSum(float[] grad, int g, int n, float[] vectors, int at) {
        FloatVector acc = FloatVector.fromArray(S, vectors, at);
        for (int k = 0; k < n; k += L) {
            acc = acc.add(FloatVector.fromArray(S, grad, g + k));
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
