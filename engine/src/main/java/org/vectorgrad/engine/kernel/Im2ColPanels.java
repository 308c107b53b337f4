package org.vectorgrad.engine.kernel;

import static org.vectorgrad.engine.kernel.Elements.F32;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 im2col matrix of a chunk of images as a GEMM operand that is never stored: {@link GemmF32} asks it
 * for packed blocks ({@link #packA}, {@link #packB}, the layouts of {@link PackF32}) and it copies them straight
 * from the images. This is the implicit GEMM: the im2col matrix ({@code kh * kw} times the input) is neither
 * written out nor read back, and its blocks are built in the cache the micro-kernel then reads them from.
 *
 * <p>Element {@code (p, j)} of the matrix of batch entry {@code e} is row {@code p = (ci, ky, kx)} and column
 * {@code j}, the output position {@code j % area} of image {@code e + j / area} (one GEMM over the images side by
 * side has one entry; a GEMM per image has one entry per image): the input value the kernel tap {@code (ky, kx)}
 * of channel {@code ci} meets there, or zero in the padding. With stride 1 along the width, the columns of one
 * output row read consecutive input pixels for every row {@code p}. So a block's columns are cut once into
 * pieces (a run along one output row, at most a vector long, not crossing a packed panel), and each piece of each
 * row is one vector load and one vector store: the load masked where a tap reaches into the padding (a plain load
 * when no piece of the block does), the stores in order, so that each one's lanes past its piece are overwritten
 * by a later one. (Gathers measured 3x slower here; masked stores near an array's end take the Vector API's slow
 * path.)
 *
 * <p>The images are copied once into a Java array between two margins as wide as the padding reaches, so that a
 * load may start in the padding; the array is kept per thread for the next call when it is at most
 * {@link #KEPT_IMAGES} elements. Groups are not handled here (one group only), nor strides along the width.
 */
public final class Im2ColPanels {
    private static final VectorSpecies<Float> S = KernelF32.S;
    private static final int L = KernelF32.L;
    private static final int NR = KernelF32.NR;
    private static final int AS = KernelF32.AS;

    /** Largest image copy a thread keeps for its next call (16 MiB); larger ones are left to the GC. */
    static final int KEPT_IMAGES = 1 << 22;

    private static final ThreadLocal<float[]> IMAGES = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<Pieces> PIECES = ThreadLocal.withInitial(Pieces::new);

    private final ConvShape s;
    private final float[] images;
    private final int imageSize;
    /** Where the first image starts in {@link #images}: the reach of the padding before it, {@code ph * w + pw}. */
    private final int margin;
    /** Per row {@code (ci, ky, kx)}: its offset into an image {@code ci * h * w + ky * dh * w + kx * dw}. */
    private final int[] rowOffset;
    /** Per row: {@code ky * dh}. */
    private final int[] rowDy;
    /** Per row: {@code kx}. */
    private final int[] rowKx;
    /** Per kernel column: the first output column whose tap reads inside the image, and one past the last. */
    private final int[] insideFrom;
    private final int[] insideTo;

    /**
     * The pieces of one block's columns, per thread: where each is stored in a packed row, the index in
     * {@link #images} of the pixel its first column's tap (0, 0) reads, the input row of that pixel (negative in
     * the top padding), its first output column, and its length.
     */
    private static final class Pieces {
        int count;
        /** Whether every piece reads inside the image for every row (no padding reached). */
        boolean inside;
        int[] dst = new int[0];
        int[] src = new int[0];
        int[] y = new int[0];
        int[] x = new int[0];
        int[] length = new int[0];

        void ensure(int capacity) {
            if (dst.length < capacity) {
                dst = new int[capacity];
                src = new int[capacity];
                y = new int[capacity];
                x = new int[capacity];
                length = new int[capacity];
            }
        }
    }

    private Im2ColPanels(ConvShape s, float[] images) {
        this.s = s;
        this.images = images;
        this.margin = margin(s);
        int taps = s.kh() * s.kw();
        int plane = s.h() * s.w();
        this.imageSize = s.cin() * plane;
        int rows = s.rows();
        this.rowOffset = new int[rows];
        this.rowDy = new int[rows];
        this.rowKx = new int[rows];
        for (int p = 0; p < rows; p++) {
            int t = p % taps;
            rowDy[p] = (t / s.kw()) * s.dh();
            rowKx[p] = t % s.kw();
            rowOffset[p] = (p / taps) * plane + rowDy[p] * s.w() + rowKx[p] * s.dw();
        }
        this.insideFrom = new int[s.kw()];
        this.insideTo = new int[s.kw()];
        for (int kx = 0; kx < s.kw(); kx++) {
            insideFrom[kx] = Im2Col.firstInside(s, kx);
            insideTo[kx] = Im2Col.endInside(s, kx, insideFrom[kx]);
        }
    }

    /**
     * Whether {@code images} images of this geometry can be read as one operand: one group, stride 1 along the
     * width, and the images indexable by int.
     */
    public static boolean applies(ConvShape s, int images) {
        return s.groups() == 1 && s.sw() == 1
                && (long) images * s.cin() * s.h() * s.w() + 2L * margin(s) < Integer.MAX_VALUE - NR;
    }

    /**
     * How far outside the images a padded tap's index can reach, either side: {@code ph * w + pw} (an output window
     * ends at most {@code ph} rows below the image).
     */
    private static int margin(ConvShape s) {
        return (int) Math.min(Integer.MAX_VALUE, (long) s.ph() * s.w() + s.pw());
    }

    /**
     * The operand over images {@code [0, b)} of the contiguous NCHW float32 array {@code x} (element offset
     * {@code xOff} of the first image). They are copied into an array of the calling thread, reused by its next
     * call: the operand must be used before this thread makes another.
     */
    public static Im2ColPanels of(MemorySegment x, long xOff, ConvShape s, int b) {
        if (!applies(s, b)) {
            throw new IllegalArgumentException("implicit im2col needs one group, stride 1 along the width and fewer"
                    + " than 2^31 input elements");
        }
        float[] images = images(s, b);
        MemorySegment.copy(x, F32, xOff * 4, images, margin(s), b * s.cin() * s.h() * s.w());
        return new Im2ColPanels(s, images);
    }

    /** An array for {@code b} images between their margins, with a vector of slack after: this thread's if kept. */
    private static float[] images(ConvShape s, int b) {
        int length = b * s.cin() * s.h() * s.w() + 2 * margin(s) + L; // the slack keeps the last loads on the fast path
        if (length > KEPT_IMAGES) {
            return new float[length];
        }
        float[] images = IMAGES.get();
        if (images.length < length) {
            images = new float[length];
            IMAGES.set(images);
        }
        return images;
    }

    /**
     * Packs the {@code kc x nc} block at row {@code pc}, column {@code jc} of entry {@code e}'s matrix as
     * {@link PackF32#packB} does: panels of {@code NR} columns, {@code dst[(j / NR) * NR * kc + p * NR + j % NR]},
     * the last panel padded with zeros up to {@code NR}. {@code dst} has {@code NR} elements of slack after the block.
     */
    void packB(int e, int pc, int kc, int jc, int nc, float[] dst) {
        Pieces pieces = cut(e, jc, nc, NR, kc);
        // panel by panel (the stores walk the block in order), row by row: a store's spill past its piece lands
        // in the next piece or the next row, written later, or in the slack
        for (int k0 = 0; k0 < pieces.count; ) {
            int panel = pieces.dst[k0] / (NR * kc);
            int k1 = k0 + 1;
            while (k1 < pieces.count && pieces.dst[k1] / (NR * kc) == panel) {
                k1++;
            }
            for (int p = 0; p < kc; p++) {
                copyRow(pc + p, pieces, k0, k1, p * NR, dst);
            }
            k0 = k1;
        }
        int full = nc / NR * NR;
        if (full < nc) {
            int base = full * kc;
            for (int p = 0; p < kc; p++) {
                Arrays.fill(dst, base + p * NR + nc - full, base + (p + 1) * NR, 0f);
            }
        }
    }

    /**
     * Packs the {@code mc x kc} block at row {@code ic}, column {@code pc} of entry {@code e}'s matrix as
     * {@link PackF32#packA} does: {@code dst[i * AS + p]}, rows {@code mc} to {@code rowsTo} zero.
     */
    void packA(int e, int ic, int mc, int pc, int kc, int rowsTo, float[] dst) {
        Pieces pieces = cut(e, pc, kc, Integer.MAX_VALUE, 1);
        for (int i = 0; i < mc; i++) {
            copyRow(ic + i, pieces, 0, pieces.count, i * AS, dst); // spills land in the next piece or the row's slack
        }
        for (int i = mc; i < rowsTo; i++) {
            Arrays.fill(dst, i * AS, i * AS + kc, 0f);
        }
    }

    /**
     * Row {@code row} of the matrix at pieces {@code [k0, k1)}, each stored as a whole vector at
     * {@code dst[at + piece's dst]}, in order, so that the lanes a store writes past its piece are overwritten by
     * a later one.
     */
    private void copyRow(int row, Pieces pieces, int k0, int k1, int at, float[] dst) {
        int off = rowOffset[row];
        int[] pDst = pieces.dst;
        int[] pSrc = pieces.src;
        if (pieces.inside) {
            // every tap of every piece reads inside the image (always, without padding): plain copies, whose lanes
            // past the piece read on (into the images' slack at worst)
            for (int k = k0; k < k1; k++) {
                FloatVector.fromArray(S, images, pSrc[k] + off).intoArray(dst, at + pDst[k]);
            }
            return;
        }
        int dy = rowDy[row];
        int from = insideFrom[rowKx[row]];
        int to = insideTo[rowKx[row]];
        int[] pY = pieces.y;
        int[] pX = pieces.x;
        int[] pLength = pieces.length;
        for (int k = k0; k < k1; k++) {
            VectorMask<Float> m = VectorMask.fromLong(S, inside(pY[k] + dy, pX[k], pLength[k], from, to));
            FloatVector.fromArray(S, images, pSrc[k] + off, m).intoArray(dst, at + pDst[k]);
        }
    }

    /** Whether every piece's taps all read inside the image (whatever the row). */
    private boolean allInside(Pieces pieces) {
        int reachY = (s.kh() - 1) * s.dh();
        int from = 0;
        int to = s.ow();
        for (int kx = 0; kx < s.kw(); kx++) {
            from = Math.max(from, insideFrom[kx]);
            to = Math.min(to, insideTo[kx]);
        }
        for (int k = 0; k < pieces.count; k++) {
            int y = pieces.y[k];
            int x0 = pieces.x[k];
            if (y < 0 || y + reachY >= s.h() || x0 < from || x0 + pieces.length[k] > to) {
                return false;
            }
        }
        return true;
    }

    /**
     * The lanes of a piece ({@code len} output columns from {@code x0}, input row {@code y}) that read inside the
     * image, as bits: those whose output column is in {@code [from, to)}, none if the row is outside.
     */
    private long inside(int y, int x0, int len, int from, int to) {
        if (y < 0 || y >= s.h()) {
            return 0L;
        }
        int a = Math.clamp(from - x0, 0, len);
        int b = Math.clamp(to - x0, a, len);
        return b > a ? (-1L >>> (64 - (b - a))) << a : 0L;
    }

    /**
     * Cuts columns {@code [j0, j0 + count)} of entry {@code e} into pieces along output rows, at most a vector
     * long and not crossing a multiple of {@code panel} columns (from {@code j0}); column {@code j} is stored at
     * {@code (j / panel) * panel * depth + j % panel} (relative to {@code j0}) of a packed row.
     */
    private Pieces cut(int e, int j0, int count, int panel, int depth) {
        Pieces pieces = PIECES.get();
        pieces.ensure(count); // every piece holds a column at least
        int area = s.area();
        int ow = s.ow();
        int img = e + j0 / area;
        int pos = j0 % area;
        int oy = pos / ow;
        int ox = pos % ow;
        int k = 0;
        for (int j = 0; j < count; k++) {
            int len = Math.min(Math.min(L, ow - ox), Math.min(count - j, panel - j % panel));
            int y = oy * s.sh() - s.ph();
            int x = ox - s.pw();
            pieces.dst[k] = (j / panel) * panel * depth + j % panel;
            pieces.src[k] = margin + img * imageSize + y * s.w() + x;
            pieces.y[k] = y;
            pieces.x[k] = ox;
            pieces.length[k] = len;
            j += len;
            ox += len;
            if (ox == ow) {
                ox = 0;
                if (++oy == s.oh()) {
                    oy = 0;
                    img++;
                }
            }
        }
        pieces.count = k;
        pieces.inside = allInside(pieces);
        return pieces;
    }
}
