package org.vectorgrad.engine;

import java.util.Arrays;
import org.vectorgrad.engine.kernel.ConvShape;
import org.vectorgrad.engine.kernel.Gemm;
import org.vectorgrad.engine.kernel.GemmArgs;
import org.vectorgrad.engine.kernel.Im2ColPanels;

/**
 * The float32, one-group products of {@link ConvGemm} as implicit GEMMs: the im2col matrix is read from the images
 * block by block as the GEMM packs it ({@link Im2ColPanels}), never written out. Saves writing and re-reading
 * {@code kh * kw} times the input per product (cnn_b64's second layer: 9 MB per pass).
 */
final class ConvImplicit {
    private ConvImplicit() {
    }

    /** Whether a chunk of {@code b} images of this float32 or float64 layer can be read implicitly. */
    static boolean applies(DType t, ConvShape s, int b) {
        return t == DType.FLOAT32 && Im2ColPanels.applies(s, b);
    }

    /** The im2col operand of images {@code [n0, n0+b)} of {@code x} (contiguous NCHW). */
    private static Im2ColPanels columns(NDArray x, ConvShape s, int n0, int b) {
        return Im2ColPanels.of(x.segment(), x.offset() + (long) n0 * s.cin() * s.h() * s.w(), s, b);
    }

    private static long[] repeat(long value, int count) {
        long[] a = new long[count];
        Arrays.fill(a, value);
        return a;
    }

    /**
     * Images {@code [n0, n0+b)} of the forward, one product per image straight into the NCHW output with the bias
     * (null for none) added in the store: {@code out[n0+i] = w [cout, rows] x cols_i [rows, area] + bias}.
     */
    static void forwardPerImage(NDArray x, NDArray w, NDArray bias, ConvShape s, int n0, int b, NDArray out) {
        int area = s.area();
        long[] cOff = new long[b];
        for (int i = 0; i < b; i++) {
            cOff[i] = out.offset() + (long) (n0 + i) * s.cout() * area;
        }
        GemmArgs g = GemmArgs.of(DType.FLOAT32, s.cout(), area, s.rows(), w.segment(), repeat(w.offset(), b),
                s.rows(), 1, null, new long[b], 0, 0, out.segment(), cOff, area, 1);
        if (bias != null) {
            g = g.withAddend(bias.segment(), repeat(bias.offset(), b), 1, 0);
        }
        Gemm.run(g.withImplicitB(columns(x, s, n0, b)));
    }

    /**
     * Images {@code [n0, n0+b)} of the forward as one product over the images side by side:
     * {@code w [cout, rows] x cols [rows, b*area]}, returned as a new contiguous {@code [cout, b*area]} matrix.
     */
    static NDArray forwardSideBySide(NDArray x, NDArray w, ConvShape s, int n0, int b) {
        int cols = b * s.area();
        NDArray y = NDArrays.empty(DType.FLOAT32, s.cout(), cols);
        GemmArgs g = GemmArgs.of(DType.FLOAT32, s.cout(), cols, s.rows(), w.segment(), new long[]{w.offset()},
                s.rows(), 1, null, new long[1], 0, 0, y.segment(), new long[]{y.offset()}, cols, 1);
        Gemm.run(g.withImplicitB(columns(x, s, n0, b)));
        return y;
    }

    /**
     * Adds the weight gradient of images {@code [n0, n0+b)}, transposed, to {@code sum} ({@code [rows, cout]},
     * contiguous; overwritten instead when {@code first}): {@code sum += cols [rows, b*area] x g^T}, with {@code g}
     * the chunk's output gradient in channel-major order ({@code [cout, b*area]}, contiguous).
     */
    static void addWeightGradient(NDArray x, NDArray g, ConvShape s, int n0, int b, NDArray sum, boolean first) {
        int cols = b * s.area();
        long[] sumOff = {sum.offset()};
        GemmArgs args = GemmArgs.of(DType.FLOAT32, s.rows(), s.cout(), cols, null, new long[1], 0, 0, g.segment(),
                new long[]{g.offset()}, 1, cols, sum.segment(), sumOff, s.cout(), 1);
        if (!first) {
            args = args.withAddend(sum.segment(), sumOff, s.cout(), 1); // accumulate: X aliases C exactly
        }
        Gemm.run(args.withImplicitA(columns(x, s, n0, b)));
    }
}
