package org.vectorgrad.engine.kernel;

import static org.vectorgrad.engine.kernel.WinogradTransformF32.ALPHA;
import static org.vectorgrad.engine.kernel.WinogradTransformF32.OUT;
import static org.vectorgrad.engine.kernel.WinogradTransformF32.POINTS;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.vectorgrad.engine.Parallel;

/**
 * The float32 weight gradient of a layer {@link WinogradF32} computes, by the same F(4x4, 3x3) transform: the
 * forward is {@code Y = A^T (U * V) A} per tile, so the gradient of the transformed kernel is
 * {@code dU = sum over tiles of (A dY A^T) * V} point by point, and the kernel's is {@code G^T dU G}. Per point
 * that sum is a product {@code [cin, tiles] x [tiles, cout]} of depth the number of tiles, which runs on
 * {@link KernelF32}'s micro-kernel: input channels as rows (the transformed input tiles, transposed into packed
 * rows), output channels as columns.
 *
 * <p>The tiles are cut into a fixed number of groups (from the shape only, up to four), which the threads share
 * out; a group's tiles go in chunks, each chunk transformed and then multiplied into the group's sums, and the
 * groups' sums are added in order at the end: the bits do not depend on the thread count, and each thread reads
 * only the data it packed (splitting each chunk's work over the threads moved it between cores, and the two
 * handoffs per chunk took longer than the work: no speed-up on two threads).
 */
public final class WinogradWeightGradF32 {
    private static final VectorSpecies<Float> S = KernelF32.S;
    private static final int L = KernelF32.L;
    private static final int NR = KernelF32.NR;
    private static final int MR = KernelF32.MR;
    private static final int AS = KernelF32.AS;
    private static final int STRIP = ChannelsLastImage.SQUARE;
    /** Bound on a chunk's packed operands, in floats (1 MiB): they are read once per block of the other side. */
    private static final int CHUNK_BUDGET = 1 << 18;
    /** Groups of tiles summed apart (at most), and the bound on their sums in floats (32 MiB). */
    private static final int GROUPS = 4;
    private static final long GROUP_BUDGET = 8L << 20;
    private static final int[] LINE_ROWS_OF_FOUR = WinogradTransformF32.lineRows(OUT);

    /** Each thread's packed operands and transforms, and each caller's group sums, kept between calls. */
    private static final ScratchCache<ConvShape, Worker> WORKERS = new ScratchCache<>(s -> new Worker(new Geometry(s)));
    private static final ScratchCache<ConvShape, Sums[]> SUMS = new ScratchCache<>(s -> {
        Geometry geo = new Geometry(s);
        Sums[] sums = new Sums[geo.groups];
        for (int group = 0; group < sums.length; group++) {
            sums[group] = new Sums(geo);
        }
        return sums;
    });

    private WinogradWeightGradF32() {
    }

    /**
     * The weight gradient {@code [cout, cin, 3, 3]} (row-major) of the layer {@code s} ({@link WinogradF32#applies}):
     * {@code x} the contiguous input at element {@code xOff}, {@code g} the contiguous output gradient at
     * {@code gOff}. With {@code withBias}, followed by the bias gradient ({@code cout} sums of the output gradient's
     * channels), read from the transformed output gradient: point (1, 1) of {@code A dY A^T} is the sum of the
     * 4 x 4 block, so no other pass over the output gradient is needed.
     */
    public static float[] compute(MemorySegment x, long xOff, MemorySegment g, long gOff, ConvShape s,
            boolean withBias) {
        Geometry geo = new Geometry(s);
        Sums[] partial = SUMS.get(s);
        long work = (long) geo.tiles / geo.groups * POINTS * geo.rows * geo.kp;
        Parallel.balanced(geo.groups, Math.max(1, (1L << 16) / Math.max(1, work)), (g0, g1) -> {
            Worker worker = WORKERS.get(s);
            worker.transforms.forgetImages();
            for (int group = (int) g0; group < g1; group++) {
                partial[group].clear();
                worker.group(x, xOff, g, gOff, group, partial[group]);
            }
        });
        // the groups' sums added in group order: the same sum whatever thread computed which group
        Sums total = partial[0];
        for (int group = 1; group < geo.groups; group++) {
            total.add(partial[group]);
        }
        float[] out = new float[s.cout() * s.cin() * 9 + (withBias ? s.cout() : 0)];
        kernels(geo, total.points, out);
        if (withBias) {
            for (int o = 0; o < s.cout(); o++) {
                out[s.cout() * s.cin() * 9 + o] = (float) total.bias[o];
            }
        }
        return out;
    }

    /** A group's sums: per point {@code [rows * kp]}, and the output gradient's channel sums (in double). */
    private static final class Sums {
        final float[][] points;
        final double[] bias;

        Sums(Geometry geo) {
            points = new float[POINTS][geo.rows * geo.kp];
            bias = new double[geo.kp];
        }

        void clear() {
            for (float[] point : points) {
                Arrays.fill(point, 0f);
            }
            Arrays.fill(bias, 0.0);
        }

        void add(Sums other) {
            for (int q = 0; q < POINTS; q++) {
                float[] to = points[q];
                float[] from = other.points[q];
                for (int i = 0; i < to.length; i++) {
                    to[i] += from[i];
                }
            }
            for (int o = 0; o < bias.length; o++) {
                bias[o] += other.bias[o];
            }
        }
    }

    /** One thread's packed operands and transforms: it computes whole groups of tiles. */
    private static final class Worker {
        final Geometry geo;
        final Transforms transforms;
        final float[] packedInputs;
        final float[] packedGradients;
        final float[] tile = new float[MR * NR];

        Worker(Geometry geo) {
            this.geo = geo;
            transforms = new Transforms(geo);
            packedInputs = new float[geo.inputsLength];
            packedGradients = new float[POINTS * geo.kp * geo.chunk];
        }

        /** Adds the sums of group {@code group}'s tiles to {@code sums}, chunk after chunk. */
        void group(MemorySegment x, long xOff, MemorySegment g, long gOff, int group, Sums sums) {
            int strips = (geo.tiles + STRIP - 1) / STRIP;
            int end = Math.min(geo.tiles, (int) ((long) strips * (group + 1) / geo.groups) * STRIP);
            for (int t0 = (int) ((long) strips * group / geo.groups) * STRIP; t0 < end; t0 += geo.chunk) {
                int count = Math.min(geo.chunk, end - t0);
                for (int u0 = 0; u0 < count; u0 += STRIP) {
                    transforms.strip(x, xOff, g, gOff, t0, u0, Math.min(STRIP, count - u0), packedInputs,
                            packedGradients);
                }
                for (int q = 0; q < POINTS; q++) {
                    accumulate(geo, q, count, packedInputs, packedGradients, sums.points[q], tile);
                }
                addBlockSums(count, sums.bias);
            }
        }

        /** The chunk's block sums (point (1, 1) of the transformed output gradient), channel by channel. */
        private void addBlockSums(int count, double[] bias) {
            int base = geo.gradientPoints[ALPHA + 1];
            float[] chunkSum = new float[NR];
            for (int kb = 0; kb < geo.kp; kb += NR) {
                int block = base + kb / NR * geo.chunk * NR;
                for (int j = 0; j < NR; j += L) {
                    FloatVector sum = FloatVector.zero(S);
                    for (int u = 0; u < count; u++) {
                        sum = sum.add(FloatVector.fromArray(S, packedGradients, block + u * NR + j));
                    }
                    sum.intoArray(chunkSum, j);
                }
                for (int j = 0; j < NR; j++) {
                    bias[kb + j] += chunkSum[j];
                }
            }
        }
    }

    /** The shape's tiles and the chunk layouts. */
    private static final class Geometry {
        final ConvShape s;
        final int th, tw, tiles;
        /** Input channels padded to whole vectors, then to whole micro-panels of rows; output channels to NR. */
        final int cp, rows, kp;
        /** Tiles per chunk: a multiple of 16, at most {@link KernelF32#KC} (a packed row holds a point's tiles). */
        final int chunk;
        /**
         * Groups of consecutive tiles whose sums are taken apart and added in order at the end: a fixed number (from
         * the shape only) that threads share out, so that each keeps its tiles' data to itself.
         */
        final int groups;
        /** Offset of point {@code q}'s rows in the packed inputs: points side by side in rows AS apart. */
        final int[] inputPoints = new int[POINTS];
        final int inputsLength;
        /** Offset of point {@code q} in the packed gradients: {@code [point][kp / NR][chunk][NR]}. */
        final int[] gradientPoints = new int[POINTS];

        Geometry(ConvShape s) {
            this.s = s;
            th = (s.oh() + OUT - 1) / OUT;
            tw = (s.ow() + OUT - 1) / OUT;
            tiles = s.n() * th * tw;
            cp = (s.cin() + L - 1) / L * L;
            rows = (cp + MR - 1) / MR * MR;
            kp = (s.cout() + NR - 1) / NR * NR;
            int fit = CHUNK_BUDGET / (POINTS * (rows + kp)) / STRIP * STRIP;
            chunk = Math.clamp(fit, STRIP, KernelF32.KC / STRIP * STRIP);
            long sumsPerGroup = (long) POINTS * rows * kp;
            int strips = (tiles + STRIP - 1) / STRIP;
            groups = (int) Math.clamp(Math.min(GROUP_BUDGET / sumsPerGroup, strips), 1, GROUPS);
            int perRow = AS / chunk;
            for (int q = 0; q < POINTS; q++) {
                inputPoints[q] = q / perRow * rows * AS + q % perRow * chunk;
                gradientPoints[q] = q * kp * chunk;
            }
            inputsLength = (POINTS + perRow - 1) / perRow * rows * AS;
        }
    }

    /** One thread's transforms of a chunk's tiles into the packed operands. */
    private static final class Transforms {
        final Geometry geo;
        final ChannelsLastImage input;
        final ChannelsLastImage gradient;
        final float[] line = new float[POINTS * L];
        /** A strip's transformed inputs before their transpose into packed rows: {@code [point][16][cp]}. */
        final float[] staged;
        final int[] stagedPoints = new int[POINTS];

        Transforms(Geometry geo) {
            this.geo = geo;
            ConvShape s = geo.s;
            input = new ChannelsLastImage(s.cin(), s.h(), s.w(), s.ph(), s.pw(), geo.th * OUT + 2, geo.tw * OUT + 2);
            gradient = new ChannelsLastImage(s.cout(), s.oh(), s.ow(), 0, 0, geo.th * OUT, geo.tw * OUT);
            staged = new float[POINTS * STRIP * geo.cp];
            for (int q = 0; q < POINTS; q++) {
                stagedPoints[q] = q * STRIP * geo.cp;
            }
        }

        /** Makes the next strip load its images afresh: a new call's data may sit where the last one's did. */
        void forgetImages() {
            input.forget();
            gradient.forget();
        }

        /** Tiles {@code [u0, u0 + count)} of the chunk starting at tile {@code first}. */
        void strip(MemorySegment x, long xOff, MemorySegment g, long gOff, int first, int u0, int count,
                float[] packedInputs, float[] packedGradients) {
            int perImage = geo.th * geo.tw;
            for (int u = u0; u < u0 + count; u++) {
                int t = first + u;
                int image = t / perImage;
                int ty = t % perImage / geo.tw;
                int tx = t % geo.tw;
                input.load(x, xOff, image);
                gradient.load(g, gOff, image);
                transformInput(ty, tx, u - u0);
                transformGradient(ty, tx, u, packedGradients);
            }
            // transposed into the packed rows: channel c of point q is a row, the strip's tiles its columns
            for (int q = 0; q < POINTS; q++) {
                for (int c0 = 0; c0 < geo.cp; c0 += STRIP) {
                    int to = geo.inputPoints[q] + c0 * AS + u0;
                    if (TransposeF32.APPLIES) {
                        TransposeF32.block(staged, stagedPoints[q] + c0, geo.cp, packedInputs, to, AS);
                    } else {
                        for (int i = 0; i < STRIP && c0 + i < geo.cp; i++) {
                            for (int j = 0; j < STRIP; j++) {
                                packedInputs[to + i * AS + j] = staged[stagedPoints[q] + j * geo.cp + c0 + i];
                            }
                        }
                    }
                }
            }
        }

        /** B^T d B of one input tile, all channels, into row {@code r} of the staged strip. */
        private void transformInput(int ty, int tx, int r) {
            int lineStride = input.rowStride;
            WinogradTransformF32.inputTile(input.data, ty * OUT * lineStride + tx * OUT * geo.cp, lineStride, geo.cp,
                    line, staged, r * geo.cp, stagedPoints);
        }

        /** A dY A^T of one 4 x 4 block of output gradient, all channels, into column {@code u} of the packed B. */
        private void transformGradient(int ty, int tx, int u, float[] packed) {
            int lineStride = gradient.rowStride;
            int kv = gradient.cp;
            int corner = ty * OUT * lineStride + tx * OUT * kv;
            for (int k0 = 0; k0 < kv; k0 += L) {
                for (int j = 0; j < OUT; j++) {
                    WinogradTransformF32.gradient(gradient.data, corner + j * kv + k0, lineStride, line, j * L,
                            LINE_ROWS_OF_FOUR, 0);
                }
                int at = (k0 / NR * geo.chunk + u) * NR + k0 % NR;
                for (int i = 0; i < ALPHA; i++) {
                    WinogradTransformF32.gradient(line, i * OUT * L, L, packed, at, geo.gradientPoints, i * ALPHA);
                }
            }
        }
    }

    /** Point {@code q}'s products over the chunk's {@code count} tiles, added to its sums {@code [rows][kp]}. */
    private static void accumulate(Geometry geo, int q, int count, float[] inputs, float[] gradients, float[] sums,
            float[] tile) {
        for (int r0 = 0; r0 < geo.rows; r0 += MR) {
            for (int kb = 0; kb < geo.kp; kb += NR) {
                int ao = geo.inputPoints[q] + r0 * AS;
                int bo = geo.gradientPoints[q] + kb * geo.chunk;
                if (MR == 12) {
                    KernelF32.wide(count, inputs, ao, gradients, bo, tile, 0);
                } else {
                    KernelF32.narrow(count, inputs, ao, gradients, bo, tile, 0);
                }
                for (int r = 0; r < MR; r++) {
                    for (int j = 0; j < NR; j += L) {
                        int at = (r0 + r) * geo.kp + kb + j;
                        FloatVector.fromArray(S, sums, at).add(FloatVector.fromArray(S, tile, r * NR + j))
                                .intoArray(sums, at);
                    }
                }
            }
        }
    }

    /** {@code G^T dU G} of every (output, input) channel pair, as {@code [cout, cin, 3, 3]}, into {@code out}. */
    private static void kernels(Geometry geo, float[][] sums, float[] out) {
        ConvShape s = geo.s;
        double[] u = new double[POINTS];
        double[] half = new double[3 * ALPHA];
        double[] k = new double[9];
        for (int o = 0; o < s.cout(); o++) {
            for (int i = 0; i < s.cin(); i++) {
                for (int q = 0; q < POINTS; q++) {
                    u[q] = sums[q][i * geo.kp + o];
                }
                WinogradTransformF32.kernelGradient(u, half, k);
                for (int t = 0; t < 9; t++) {
                    out[(o * s.cin() + i) * 9 + t] = (float) k[t];
                }
            }
        }
    }
}
