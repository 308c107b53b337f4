package org.vectorgrad.engine;

import java.util.Arrays;
import org.vectorgrad.engine.kernel.ConvDirectF32;
import org.vectorgrad.engine.kernel.ConvLayout;
import org.vectorgrad.engine.kernel.ConvShape;
import org.vectorgrad.engine.kernel.ConvWeightGradF32;
import org.vectorgrad.engine.kernel.Im2Col;
import org.vectorgrad.engine.kernel.WinogradF32;
import org.vectorgrad.engine.kernel.WinogradWeightGradF32;

/**
 * conv2d and its two backward products as im2col + {@link MatMul#matmul}, so that they run at the speed of the
 * GEMM. The im2col matrix of a chunk of {@code b} images is {@code [cin*kh*kw, b*oh*ow]}: the images sit side by
 * side in the columns, so a chunk makes one large GEMM per group (the forward of small planes, both gradients);
 * the forward of large planes runs one GEMM per image straight into the NCHW output ({@link #PER_IMAGE_AREA}), and
 * float32 layers with few rows take their weight gradient as dot products ({@link #FEW_ROWS}), and with stride 1
 * their forward directly ({@link ConvDirectF32}): a GEMM of depth 9 runs far below speed. Float32 layers of
 * one group and stride 1 along the width never store the im2col matrix for the forward and the weight gradient:
 * the GEMM packs its blocks straight from the images ({@link ConvImplicit}). Chunks hold as many images as fit in
 * {@code budget} elements: the whole minibatch for usual layer sizes, bounded memory for large ones. The chunking
 * depends only on the shapes, never on the thread count. Float32 3 x 3 stride-1 layers with 16 or more channels
 * leave all this for Winograd's F(4x4, 3x3) ({@link #winograd}).
 *
 * <p>Arrays passed in are contiguous; every temporary is closed before returning.
 */
final class ConvGemm {
    /** Default bound on the elements of one chunk's im2col matrix (64 MiB of float32). */
    static final long COLUMN_BUDGET = 16L << 20;
    /**
     * Bound on the elements of an im2col matrix kept from the forward for the weight gradient (16 MiB of float32):
     * it saves recomputing it in backward, at the price of holding it until then.
     */
    static final long KEEP_BUDGET = 4L << 20;

    /**
     * Output planes of at least this many pixels get one product per image, stored straight into the output (the
     * images share the packed weight); below it a per-image product is too narrow for the GEMM's 32-column panels,
     * and one product over the images side by side plus a move to NCHW is faster. cnn_b64: 676-pixel planes 15%
     * faster per image; 121-pixel planes 3% faster (5.48 vs 5.65 ms, medians of 150 interleaved runs) once the
     * weight was packed once for all images rather than per image (before, 30% slower).
     */
    static final int PER_IMAGE_AREA = 96;

    /**
     * Layers with fewer im2col rows than this take their float32 weight gradient as dot products
     * ({@link ConvWeightGradF32}): a GEMM would fill only that many of its 32 vector columns, after copying the
     * output gradient to channel-major order and packing it transposed.
     */
    static final int FEW_ROWS = 32;

    private ConvGemm() {
    }

    /** Images per chunk: as many as fit in the budget, at least one. */
    static int chunk(ConvShape s, long budget) {
        long perImage = Math.max(1L, (long) s.rows() * s.area());
        return (int) Math.clamp(budget / perImage, 1, Math.max(1, s.n()));
    }

    /** The weight as the GEMM's left operand: {@code [cout, rows]}, or {@code [groups, cout/g, rows/g]}. */
    private static NDArray weightMatrix(NDArray w, ConvShape s) {
        return s.groups() == 1 ? w.view(s.cout(), s.groupRows())
                : w.view(s.groups(), s.coutPerGroup(), s.groupRows());
    }

    /** A contiguous {@code [rows, cols]} matrix seen per group ({@code [groups, rows/g, cols]}) when groups > 1. */
    private static NDArray byGroup(NDArray m, ConvShape s) {
        return s.groups() == 1 ? m.view(m.shape()) : m.view(s.groups(), m.size(0) / s.groups(), m.size(1));
    }

    /** {@code a x b}, contiguous (whatever layout the GEMM returns). */
    private static NDArray product(NDArray a, NDArray b) {
        NDArray p = MatMul.matmul(a, b);
        if (p.isContiguous()) {
            return p;
        }
        try (p) {
            return p.clone();
        }
    }

    /** The im2col matrix {@code [rows, b*area]} of images {@code [n0, n0+b)} of {@code x}. */
    private static NDArray columns(NDArray x, ConvShape s, int n0, int b) {
        NDArray cols = NDArrays.empty(x.dtype(), s.rows(), b * s.area());
        Im2Col.im2col(x.dtype() == DType.FLOAT64, x.segment(), x.offset() + (long) n0 * s.cin() * s.h() * s.w(), s, b,
                cols.segment(), cols.offset());
        return cols;
    }

    /** Images {@code [n0, n0+b)} of the output gradient in the GEMM's layout {@code [cout, b*area]}. */
    private static NDArray channelMajor(NDArray gradOut, ConvShape s, int n0, int b) {
        NDArray g = NDArrays.empty(gradOut.dtype(), s.cout(), b * s.area());
        ConvLayout.gather(gradOut.dtype() == DType.FLOAT64, gradOut.segment(), gradOut.offset(), s.cout(), b, s.area(),
                g.segment(), g.offset(), n0);
        return g;
    }

    /**
     * {@code conv2d(x, w) + bias} (bias may be null), shape {@code [n, cout, oh, ow]}. With {@code keep}, the im2col
     * matrix of the whole batch is returned too when it is one chunk of at most {@link #KEEP_BUDGET} elements
     * (else the columns are null), for {@link #backwardWeight}.
     */
    static Conv.Forward forward(NDArray x, NDArray w, NDArray bias, ConvShape s, long budget, boolean keep) {
        DType t = x.dtype();
        NDArray out = NDArrays.empty(t, s.outputShape());
        if (out.numel() == 0) {
            return new Conv.Forward(out, null);
        }
        if (winograd(t, s)) {
            WinogradF32.forward(x.segment(), x.offset(), w.segment(), w.offset(),
                    bias == null ? null : bias.segment(), bias == null ? 0 : bias.offset(), s, out.segment(),
                    out.offset());
            return new Conv.Forward(out, null);
        }
        if (directForward(t, s)) {
            ConvDirectF32.forward(x.segment(), x.offset(), w.segment(), w.offset(),
                    bias == null ? null : bias.segment(), bias == null ? 0 : bias.offset(), s, out.segment(),
                    out.offset());
            return new Conv.Forward(out, null);
        }
        int nb = chunk(s, budget);
        if (implicitForward(t, s, nb, keep)) {
            implicitForward(x, w, bias, s, nb, out);
            return new Conv.Forward(out, null);
        }
        boolean keepColumns = keep && nb == s.n() && (long) s.rows() * s.n() * s.area() <= KEEP_BUDGET;
        NDArray kept = null;
        int g = s.groups();
        boolean perImage = s.area() >= PER_IMAGE_AREA;
        try (NDArray wm = w.view(1, g, s.coutPerGroup(), s.groupRows());
                NDArray wAll = weightMatrix(w, s);
                NDArray bm = bias == null ? null : bias.view(g, s.coutPerGroup(), 1)) {
            for (int n0 = 0; n0 < s.n(); n0 += nb) {
                int b = Math.min(nb, s.n() - n0);
                NDArray cols = columns(x, s, n0, b);
                if (perImage) {
                    // one product per image and group, written straight into the NCHW output with the bias:
                    // [b, g, cout/g, rows/g] x [b, g, rows/g, area] -> [b, g, cout/g, area]
                    try (NDArray wB = wm.expand(b, g, s.coutPerGroup(), s.groupRows());
                            NDArray byImage = cols.view(g, s.groupRows(), b, s.area());
                            NDArray colsB = byImage.permute(2, 0, 1, 3);
                            NDArray images = out.narrow(0, n0, b);
                            NDArray y = images.view(b, g, s.coutPerGroup(), s.area())) {
                        MatMul.matmulAddInto(wB, colsB, bm, y);
                    }
                } else {
                    // small planes: one product for the chunk (images side by side), then moved to NCHW
                    try (NDArray colsG = byGroup(cols, s); NDArray y = product(wAll, colsG)) {
                        ConvLayout.scatter(t == DType.FLOAT64, y.segment(), y.offset(), s.cout(), b, s.area(),
                                out.segment(), out.offset(), n0, bias == null ? null : bias.segment(),
                                bias == null ? 0 : bias.offset());
                    }
                }
                if (keepColumns) {
                    kept = cols;
                } else {
                    cols.close();
                }
            }
        }
        return new Conv.Forward(out, kept);
    }

    /**
     * Whether {@link #forward}, {@link #backwardInput} and {@link #backwardWeight} go by Winograd's F(4x4, 3x3)
     * ({@link WinogradF32}, {@link WinogradWeightGradF32}): float32 3 x 3 stride-1 layers of one group with 16 to
     * 320 channels on both sides, unless disabled ({@link Conv#setWinogradEnabled}). No im2col matrix is kept.
     */
    static boolean winograd(DType t, ConvShape s) {
        return t == DType.FLOAT32 && Conv.winogradEnabled() && WinogradF32.applies(s);
    }

    /**
     * Whether {@link #forward} is computed directly on the images ({@link ConvDirectF32}): float32 stride-1 layers
     * with few im2col rows, whose GEMM would be too shallow to run at speed. No im2col matrix is kept: their weight
     * gradient builds each image's columns itself.
     */
    static boolean directForward(DType t, ConvShape s) {
        return t == DType.FLOAT32 && s.rows() < FEW_ROWS && ConvDirectF32.applies(s);
    }

    /**
     * Whether {@link #forward} reads its im2col matrix from the images: unless the weight gradient will want the
     * materialised matrix (float32 layers with few rows, {@link ConvWeightGradF32}).
     */
    static boolean implicitForward(DType t, ConvShape s, int nb, boolean keep) {
        return ConvImplicit.applies(t, s, nb) && !(keep && s.rows() < FEW_ROWS);
    }

    /** The forward of {@link #forward} with the im2col matrix read from the images ({@link ConvImplicit}). */
    private static void implicitForward(NDArray x, NDArray w, NDArray bias, ConvShape s, int nb, NDArray out) {
        for (int n0 = 0; n0 < s.n(); n0 += nb) {
            int b = Math.min(nb, s.n() - n0);
            if (s.area() >= PER_IMAGE_AREA) {
                ConvImplicit.forwardPerImage(x, w, bias, s, n0, b, out);
            } else {
                try (NDArray y = ConvImplicit.forwardSideBySide(x, w, s, n0, b)) {
                    ConvLayout.scatter(false, y.segment(), y.offset(), s.cout(), b, s.area(), out.segment(),
                            out.offset(), n0, bias == null ? null : bias.segment(), bias == null ? 0 : bias.offset());
                }
            }
        }
    }

    /**
     * The gradient with respect to the weight, shape {@code [cout, cin/groups, kh, kw]}. {@code kept} is the whole
     * batch's im2col matrix from {@link #forward} (not closed here), or null to compute it from {@code x}.
     *
     * <p>It is computed transposed, {@code gW^T = cols x g^T} ({@code [rows, cout]} per group), then transposed
     * back (a small copy): so the GEMM packs the large im2col matrix as its row-major left operand and only the
     * output gradient transposed, and a layer with few rows (the first layer: 9) still fills the vector columns
     * with its output channels.
     */
    static NDArray backwardWeight(NDArray gradOut, NDArray x, NDArray kept, ConvShape s, long budget) {
        DType t = x.dtype();
        if (s.n() == 0 || s.area() == 0 || s.groupRows() == 0 || s.cout() == 0) {
            return NDArrays.zeros(t, s.weightShape());
        }
        if (winograd(t, s)) {
            return NDArrays.of(WinogradWeightGradF32.compute(x.segment(), x.offset(), gradOut.segment(),
                    gradOut.offset(), s, false), s.weightShape());
        }
        int nb = kept != null ? s.n() : chunk(s, budget);
        if (fewRows(t, s)) {
            return NDArrays.of(fewRowsWeightGradient(gradOut, x, kept, s, nb, false), s.weightShape());
        }
        NDArray sum = kept == null && ConvImplicit.applies(t, s, nb) ? implicitWeightGradient(gradOut, x, s, nb)
                : materializedWeightGradient(gradOut, x, kept, s, nb);
        try (NDArray transposed = sum; NDArray back = transposed.transpose(-1, -2); NDArray gw = back.contiguous()) {
            return gw.view(s.weightShape());
        }
    }

    /** The transposed weight gradient {@code [rows, cout]} with the im2col matrix read from the images. */
    private static NDArray implicitWeightGradient(NDArray gradOut, NDArray x, ConvShape s, int nb) {
        NDArray sum = NDArrays.empty(DType.FLOAT32, s.rows(), s.cout());
        try {
            for (int n0 = 0; n0 < s.n(); n0 += nb) {
                int b = Math.min(nb, s.n() - n0);
                try (NDArray g = channelMajor(gradOut, s, n0, b)) {
                    ConvImplicit.addWeightGradient(x, g, s, n0, b, sum, n0 == 0);
                }
            }
        } catch (RuntimeException | Error e) {
            sum.close();
            throw e;
        }
        return sum;
    }

    /** The transposed weight gradient ({@code [rows, cout]}, or per group) from materialised im2col matrices. */
    private static NDArray materializedWeightGradient(NDArray gradOut, NDArray x, NDArray kept, ConvShape s,
            int nb) {
        NDArray sum = null;
        for (int n0 = 0; n0 < s.n(); n0 += nb) {
            int b = Math.min(nb, s.n() - n0);
            // A view of the kept matrix is closed here; the kept array itself stays with its owner.
            try (NDArray cols = kept != null ? kept.view(kept.shape()) : columns(x, s, n0, b);
                    NDArray colsG = byGroup(cols, s); NDArray g = channelMajor(gradOut, s, n0, b);
                    NDArray gG = byGroup(g, s); NDArray gT = gG.transpose(-1, -2)) {
                NDArray part = product(colsG, gT);
                if (sum == null) {
                    sum = part;
                } else {
                    try (part) {
                        Binary.add_(sum, part);
                    }
                }
            }
        }
        return sum;
    }

    /**
     * The weight gradient as {@link #backwardWeight} and the bias gradient ({@code [cout]}, the output gradient
     * summed over all but the channel dim): float32 layers with few im2col rows ({@link ConvWeightGradF32}) and
     * Winograd layers ({@link WinogradWeightGradF32}) take both from one pass over the output gradient; the others
     * sum it apart.
     */
    static Conv.WeightAndBias backwardWeightAndBias(NDArray gradOut, NDArray x, NDArray kept, ConvShape s,
            long budget) {
        boolean winograd = winograd(x.dtype(), s);
        if ((winograd || fewRows(x.dtype(), s)) && s.n() > 0 && s.area() > 0 && s.cout() > 0) {
            float[] both = winograd
                    ? WinogradWeightGradF32.compute(x.segment(), x.offset(), gradOut.segment(), gradOut.offset(), s,
                            true)
                    : fewRowsWeightGradient(gradOut, x, kept, s, kept != null ? s.n() : chunk(s, budget), true);
            int weights = s.cout() * s.rows();
            return new Conv.WeightAndBias(NDArrays.of(Arrays.copyOf(both, weights), s.weightShape()),
                    NDArrays.of(Arrays.copyOfRange(both, weights, both.length), s.cout()));
        }
        NDArray w = backwardWeight(gradOut, x, kept, s, budget);
        try {
            return new Conv.WeightAndBias(w, Conv.conv2dBackwardBias(gradOut));
        } catch (RuntimeException | Error e) {
            w.close();
            throw e;
        }
    }

    /** Whether the weight gradient goes by {@link ConvWeightGradF32}: float32, one group, few im2col rows. */
    private static boolean fewRows(DType t, ConvShape s) {
        return t == DType.FLOAT32 && s.groups() == 1 && s.rows() < FEW_ROWS;
    }

    /**
     * The float32 weight gradient of a layer with few im2col rows, by {@link ConvWeightGradF32}, chunk by chunk:
     * its columns read from the kept matrix, or built image by image from {@code x}. With {@code withBias} the
     * bias gradient follows the weight gradient's {@code cout * rows} values.
     */
    private static float[] fewRowsWeightGradient(NDArray gradOut, NDArray x, NDArray kept, ConvShape s, int nb,
            boolean withBias) {
        float[] total = null;
        for (int n0 = 0; n0 < s.n(); n0 += nb) {
            int b = Math.min(nb, s.n() - n0);
            ConvWeightGradF32.Columns columns = kept != null
                    ? ConvWeightGradF32.materialized(kept.segment(), kept.offset(), s.rows(), b, s.area())
                    : ConvWeightGradF32.fromImages(x.segment(), x.offset() + (long) n0 * s.cin() * s.h() * s.w(), s);
            float[] part = ConvWeightGradF32.compute(gradOut.segment(),
                    gradOut.offset() + (long) n0 * s.cout() * s.area(), columns, b, s.cout(), s.rows(), s.area(),
                    withBias);
            if (total == null) {
                total = part;
            } else {
                for (int j = 0; j < total.length; j++) {
                    total[j] += part[j];
                }
            }
        }
        return total;
    }

    /** The gradient with respect to the input, shape {@code [n, cin, h, w]} (the transposed convolution). */
    static NDArray backwardInput(NDArray gradOut, NDArray w, ConvShape s, long budget) {
        DType t = w.dtype();
        if (Shapes.numel(s.inputShape()) == 0 || s.area() == 0 || s.cout() == 0) {
            return NDArrays.zeros(t, s.inputShape());
        }
        NDArray gx = NDArrays.empty(t, s.inputShape()); // col2im and Winograd write every plane
        if (winograd(t, s)) {
            WinogradF32.inputGradient(gradOut.segment(), gradOut.offset(), w.segment(), w.offset(), s, gx.segment(),
                    gx.offset());
            return gx;
        }
        int nb = chunk(s, budget);
        try (NDArray wm = weightMatrix(w, s); NDArray wt = wm.transpose(-1, -2)) {
            for (int n0 = 0; n0 < s.n(); n0 += nb) {
                int b = Math.min(nb, s.n() - n0);
                try (NDArray g = channelMajor(gradOut, s, n0, b); NDArray gG = byGroup(g, s);
                        NDArray cols = product(wt, gG)) {
                    Im2Col.col2im(t == DType.FLOAT64, cols.segment(), cols.offset(), s, b, gx.segment(),
                            gx.offset() + (long) n0 * s.cin() * s.h() * s.w());
                }
            }
        }
        return gx;
    }
}
