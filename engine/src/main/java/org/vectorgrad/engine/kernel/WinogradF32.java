package org.vectorgrad.engine.kernel;

import static org.vectorgrad.engine.kernel.Elements.F32;
import static org.vectorgrad.engine.kernel.WinogradTransformF32.ALPHA;
import static org.vectorgrad.engine.kernel.WinogradTransformF32.OUT;
import static org.vectorgrad.engine.kernel.WinogradTransformF32.POINTS;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.vectorgrad.engine.Parallel;

/**
 * Float32 3 x 3 stride-1 convolutions by Winograd's F(4x4, 3x3) ({@link WinogradTransformF32}), for the forward
 * and for the input gradient (itself a 3 x 3 stride-1 convolution of the output gradient, with the kernels flipped
 * and their channel axes swapped, and padding {@code 2 - p}). Per 4 x 4 block of outputs the 36 points of the
 * transformed tiles are 36 independent products {@code [tiles, cin] x [cin, cout]}, a quarter of the direct
 * method's multiplications, which run on {@link KernelF32}'s micro-kernel: {@link KernelF32#MR} tiles as rows,
 * {@link KernelF32#NR} output channels as columns.
 *
 * <p>Work goes by groups of {@code MR} tiles, in order over (image, tile row, tile column): each thread holds the
 * image it is in channels-last and zero-padded, transforms the group's tiles with vectors of channels straight
 * into the micro-kernel's packed row layout (rows {@link KernelF32#AS} apart, the points side by side in a row,
 * {@code cin} values each), runs the 36 products per block of output channels, and transforms back. A group's
 * results do not depend on which thread computes it: the bits do not depend on the thread count.
 *
 * <p>The sums differ from the direct ones by rounding: the transforms scale inputs by up to 5 and outputs by up to
 * 8, and the errors reach about 1e-5 of the sum of the terms' magnitudes, against about 2e-7 for a direct float32
 * sum, as with oneDNN's and cuDNN's Winograd kernels ({@code Conv.setWinogradEnabled} turns it off). The weight
 * gradient's transforms mix a kernel's nine taps, so there the bound is on the whole kernel's sum: a tap whose own
 * terms nearly vanish keeps its neighbours' absolute error.
 */
public final class WinogradF32 {
    private static final int L = KernelF32.L;
    private static final int NR = KernelF32.NR;
    private static final int MR = KernelF32.MR;
    private static final int AS = KernelF32.AS;
    private static final VectorSpecies<Float> S = KernelF32.S;
    private static final int SQUARE = ChannelsLastImage.SQUARE;
    /**
     * Fewest channels on either side: a vector of channels is the unit of the transforms and the products, and
     * padding a thin layer to it (or a first layer with 9 taps) wastes most of the work.
     */
    static final int MIN_CHANNELS = 16;
    /** Most channels on either side: bounds the packed rows and the transformed kernels. */
    static final int MAX_CHANNELS = 320;
    /** Bound on the elements of one image held channels-last (input or output) by each thread: 4 MiB. */
    private static final long IMAGE_BUDGET = 1L << 20;

    /** Each thread's working arrays, kept between calls on the same plan ({@link ScratchCache}). */
    private static final ScratchCache<Plan, Scratch> SCRATCH = new ScratchCache<>(Scratch::new);

    private WinogradF32() {
    }

    /**
     * Whether a float32 layer's forward and gradients can be computed here (and in {@link WinogradWeightGradF32}):
     * a 3 x 3 kernel, stride and dilation 1, one group, padding at most 2 (the input gradient pads by
     * {@code 2 - p}), 16 to 320 channels on both sides (the micro-kernel's packed rows hold a point's channels
     * whole), images of bounded size.
     */
    public static boolean applies(ConvShape s) {
        return s.kh() == 3 && s.kw() == 3 && s.sh() == 1 && s.sw() == 1 && s.dh() == 1 && s.dw() == 1
                && s.groups() == 1 && s.ph() <= 2 && s.pw() <= 2 && s.area() > 0 && s.n() > 0
                && Math.min(s.cin(), s.cout()) >= MIN_CHANNELS
                && roundUp(Math.max(s.cin(), s.cout()), L) <= MAX_CHANNELS
                && imageElements(s.cin(), s.oh(), s.ow()) <= IMAGE_BUDGET
                && imageElements(s.cout(), s.h(), s.w()) <= IMAGE_BUDGET;
    }

    /**
     * {@code out = conv2d(x, w) + bias}: {@code x} contiguous NCHW at element offset {@code xOff}, {@code w}
     * contiguous {@code [cout, cin, 3, 3]}, {@code bias} {@code [cout]} or null, {@code out} contiguous
     * {@code [n, cout, oh, ow]}.
     */
    public static void forward(MemorySegment x, long xOff, MemorySegment w, long wOff, MemorySegment bias, long bOff,
            ConvShape s, MemorySegment out, long outOff) {
        Plan plan = new Plan(s.n(), s.cin(), s.h(), s.w(), s.ph(), s.pw(), s.cout(), s.oh(), s.ow());
        float[] kernels = plan.kernels(w, wOff, false);
        float[] biases = new float[plan.kp]; // zeros without a bias; the padding too
        if (bias != null) {
            MemorySegment.copy(bias, F32, bOff * 4, biases, 0, s.cout());
        }
        run(plan, kernels, biases, x, xOff, out, outOff);
    }

    /**
     * The input gradient {@code [n, cin, h, w]} of the convolution {@code s} into {@code gx} (contiguous, at element
     * offset {@code gxOff}), from the contiguous output gradient {@code g} ({@code [n, cout, oh, ow]}).
     */
    public static void inputGradient(MemorySegment g, long gOff, MemorySegment w, long wOff, ConvShape s,
            MemorySegment gx, long gxOff) {
        Plan plan = new Plan(s.n(), s.cout(), s.oh(), s.ow(), 2 - s.ph(), 2 - s.pw(), s.cin(), s.h(), s.w());
        run(plan, plan.kernels(w, wOff, true), new float[plan.kp], g, gOff, gx, gxOff);
    }

    private static int roundUp(int v, int m) {
        return (v + m - 1) / m * m;
    }

    /** Elements of one image of {@code c} channels held channels-last, padded to whole tiles of its output. */
    private static long imageElements(int c, int oh, int ow) {
        return (long) paddedSide(oh) * paddedSide(ow) * roundUp(c, L);
    }

    /** The input side that whole tiles of an output side read: 4 per tile plus 2. */
    private static int paddedSide(int outputSide) {
        return (outputSide + OUT - 1) / OUT * OUT + ALPHA - OUT;
    }

    /**
     * The geometry of one convolution: input {@code [n, c, h, w]} padded by (ph, pw), output {@code [n, k, oh, ow]}.
     * Plans are equal when these are.
     */
    private static final class Plan {
        final int n, c, h, w, ph, pw, k, oh, ow;
        /** Tile rows and columns per image, tiles in all. */
        final int th, tw, tiles;
        /** Channels padded to whole vectors (inputs) and whole tile columns (outputs). */
        final int cp, kp;
        /** Rows and columns of the padded channels-last image. */
        final int hb, wb;
        /** Offset of point {@code p} in a packed group: its row set, then its place in the row. */
        final int[] points = new int[POINTS];
        /** Floats of one packed group: MR rows per set of points that share a row. */
        final int groupLength;

        Plan(int n, int c, int h, int w, int ph, int pw, int k, int oh, int ow) {
            this.n = n;
            this.c = c;
            this.h = h;
            this.w = w;
            this.ph = ph;
            this.pw = pw;
            this.k = k;
            this.oh = oh;
            this.ow = ow;
            th = (oh + OUT - 1) / OUT;
            tw = (ow + OUT - 1) / OUT;
            tiles = n * th * tw;
            cp = roundUp(c, L);
            kp = roundUp(k, NR);
            hb = paddedSide(oh);
            wb = paddedSide(ow);
            int perRow = AS / cp;
            for (int p = 0; p < POINTS; p++) {
                points[p] = p / perRow * MR * AS + p % perRow * cp;
            }
            groupLength = (POINTS + perRow - 1) / perRow * MR * AS;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Plan p && n == p.n && c == p.c && h == p.h && w == p.w && ph == p.ph && pw == p.pw
                    && k == p.k && oh == p.oh && ow == p.ow;
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(new int[]{n, c, h, w, ph, pw, k, oh, ow});
        }

        /**
         * The transformed kernels in the micro-kernel's packed B layout, {@code [point][k / NR][cp][NR]}, zero in
         * the padding. {@code w} is {@code [k, c, 3, 3]}, or with {@code flipped} {@code [c, k, 3, 3]} read
         * rotated by 180 degrees (the input gradient's kernels).
         */
        float[] kernels(MemorySegment w, long wOff, boolean flipped) {
            float[] all = new float[k * c * 9];
            MemorySegment.copy(w, F32, wOff * 4, all, 0, all.length);
            // tap-major with the output channels innermost, [c][9][kp], so that the transform runs on vectors of
            // output channels, whose values for a point are adjacent in u
            float[] taps = new float[c * 9 * kp];
            for (int o = 0; o < k; o++) {
                for (int i = 0; i < c; i++) {
                    int from = (flipped ? i * k + o : o * c + i) * 9;
                    for (int t = 0; t < 9; t++) {
                        taps[(i * 9 + t) * kp + o] = all[from + (flipped ? 8 - t : t)];
                    }
                }
            }
            float[] u = new float[POINTS * kp * cp];
            float[] half = new float[ALPHA * 3 * L];
            for (int i = 0; i < c; i++) {
                for (int o0 = 0; o0 < k; o0 += L) {
                    WinogradTransformF32.kernel(taps, i * 9 * kp + o0, kp, half, u,
                            o0 / NR * NR * cp + i * NR + o0 % NR, kp * cp);
                }
            }
            return u;
        }
    }

    /** One thread's working arrays. */
    private static final class Scratch {
        /** The current input image, channels-last and zero-padded: {@code [hb][wb][cp]}. */
        final ChannelsLastImage input;
        /** A group's transformed tiles, packed as the micro-kernel's A rows. */
        final float[] packed;
        /** The products of a group and a block of output channels: {@code [point][MR][NR]}. */
        final float[] products;
        /**
         * Output images being filled, channels-last ({@code [oh * ow][kp]}), in slots by image index modulo their
         * count: a group's tiles reach into at most that many images.
         */
        final float[][] staged;
        /** A finished output image (NCHW). */
        final float[] result;
        /** A tile between the two passes of a transform, its 4 x 4 outputs, a 16 x 16 transpose. */
        final float[] line = new float[POINTS * L];
        final float[] outputs = new float[OUT * OUT * L];
        final float[] square = new float[SQUARE * SQUARE];

        Scratch(Plan p) {
            input = new ChannelsLastImage(p.c, p.h, p.w, p.ph, p.pw, p.hb, p.wb);
            result = new float[p.k * p.oh * p.ow];
            packed = new float[p.groupLength];
            products = new float[POINTS * MR * NR];
            int perImage = p.th * p.tw;
            staged = new float[1 + (MR - 1 + perImage - 1) / perImage][roundUp(p.oh * p.ow, SQUARE) * p.kp];
        }

        float[] staged(int image) {
            return staged[image % staged.length];
        }
    }

    /** The convolution of the plan: transformed kernels {@code [point][k / NR][cp][NR]}, biases {@code [kp]}. */
    private static void run(Plan plan, float[] kernels, float[] biases, MemorySegment x, long xOff, MemorySegment out,
            long outOff) {
        int perImage = plan.th * plan.tw;
        long work = (long) perImage * POINTS * plan.kp * plan.cp;
        // whole images per range, taken in turn by the threads: each range flushes the output images it fills
        Parallel.balanced(plan.n, Math.max(1, (1L << 16) / work), (i0, i1) -> {
            Scratch sc = SCRATCH.get(plan);
            sc.input.forget();
            int end = (int) i1 * perImage;
            int flushed = (int) i0;
            for (int t0 = (int) i0 * perImage; t0 < end; t0 += MR) {
                for (; flushed < t0 / perImage; flushed++) {
                    flush(plan, sc, flushed, out, outOff);
                }
                int rows = Math.min(MR, end - t0);
                transformInputs(plan, sc, x, xOff, t0, rows);
                for (int kb = 0; kb < plan.kp; kb += NR) {
                    multiply(plan, sc, kernels, kb, rows);
                    for (int r = 0; r < rows; r++) {
                        for (int v = 0; v < NR && kb + v < plan.k; v += L) {
                            transformOutputs(sc, r, v);
                            stage(plan, sc, biases, t0 + r, kb + v);
                        }
                    }
                }
            }
            for (; flushed < i1; flushed++) {
                flush(plan, sc, flushed, out, outOff);
            }
        });
    }

    /** Tiles {@code [t0, t0 + rows)} transformed into {@code sc.packed}. */
    private static void transformInputs(Plan p, Scratch sc, MemorySegment x, long xOff, int t0, int rows) {
        int perImage = p.th * p.tw;
        ChannelsLastImage input = sc.input;
        int lineStride = input.rowStride;
        for (int r = 0; r < rows; r++) {
            int t = t0 + r;
            input.load(x, xOff, t / perImage);
            int ty = t % perImage / p.tw;
            int tx = t % p.tw;
            int corner = ty * OUT * lineStride + tx * OUT * p.cp;
            // point (i, j) of the tile lands in row r of the pack
            WinogradTransformF32.inputTile(input.data, corner, lineStride, p.cp, sc.line, sc.packed, r * AS,
                    p.points);
        }
    }

    /** The 36 products of the packed group with output channels {@code [kb, kb + NR)}, into {@code sc.products}. */
    private static void multiply(Plan p, Scratch sc, float[] kernels, int kb, int rows) {
        for (int q = 0; q < POINTS; q++) {
            int bo = (q * p.kp + kb) * p.cp;
            if (MR == 12 && rows > 6) {
                KernelF32.wide(p.cp, sc.packed, p.points[q], kernels, bo, sc.products, q * MR * NR);
            } else {
                KernelF32.narrow(p.cp, sc.packed, p.points[q], kernels, bo, sc.products, q * MR * NR);
            }
        }
    }

    /** A^T down and across the products of tile row {@code r}, channels {@code [v, v + L)} of the block. */
    private static void transformOutputs(Scratch sc, int r, int v) {
        int pointStride = MR * NR;
        for (int j = 0; j < ALPHA; j++) {
            WinogradTransformF32.output(sc.products, j * pointStride + r * NR + v, ALPHA * pointStride, sc.line,
                    j * L, ALPHA * L);
        }
        for (int i = 0; i < OUT; i++) {
            WinogradTransformF32.output(sc.line, i * ALPHA * L, L, sc.outputs, i * OUT * L, L);
        }
    }

    /** The outputs of tile {@code t} for channels {@code [k0, k0 + L)} plus the bias, into its staged image. */
    private static void stage(Plan p, Scratch sc, float[] biases, int t, int k0) {
        int perImage = p.th * p.tw;
        int y0 = t % perImage / p.tw * OUT;
        int x0 = t % p.tw * OUT;
        int rows = Math.min(OUT, p.oh - y0);
        int cols = Math.min(OUT, p.ow - x0);
        float[] staged = sc.staged(t / perImage);
        FloatVector bias = FloatVector.fromArray(S, biases, k0);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                FloatVector.fromArray(S, sc.outputs, (i * OUT + j) * L).add(bias)
                        .intoArray(staged, ((y0 + i) * p.ow + x0 + j) * p.kp + k0);
            }
        }
    }

    /**
     * A finished output image, staged channels-last, into NCHW {@code out}: 16 x 16 transposes where they apply,
     * into {@code sc.result}, copied out whole.
     */
    private static void flush(Plan p, Scratch sc, int image, MemorySegment out, long outOff) {
        int area = p.oh * p.ow;
        float[] staged = sc.staged(image);
        float[] result = sc.result;
        if (TransposeF32.APPLIES) {
            for (int k0 = 0; k0 < p.k; k0 += SQUARE) {
                int channels = Math.min(SQUARE, p.k - k0);
                for (int q0 = 0; q0 < area; q0 += SQUARE) {
                    // staged holds whole blocks: pixels up to a multiple of 16, channels up to kp
                    int pixels = Math.min(SQUARE, area - q0);
                    if (channels == SQUARE && pixels == SQUARE) {
                        TransposeF32.block(staged, q0 * p.kp + k0, p.kp, result, k0 * area + q0, area);
                        continue;
                    }
                    TransposeF32.block(staged, q0 * p.kp + k0, p.kp, sc.square, 0, SQUARE);
                    for (int i = 0; i < channels; i++) {
                        System.arraycopy(sc.square, i * SQUARE, result, (k0 + i) * area + q0, pixels);
                    }
                }
            }
        } else {
            for (int o = 0; o < p.k; o++) {
                for (int q = 0; q < area; q++) {
                    result[o * area + q] = staged[q * p.kp + o];
                }
            }
        }
        MemorySegment.copy(result, 0, out, F32, (outOff + (long) image * p.k * area) * 4, p.k * area);
    }
}
