package org.vectorgrad.engine;

/**
 * The window of a 2-d pooling, as PyTorch's {@code max_pool2d(kernel_size, stride, padding, dilation, ceil_mode)}:
 * one value per spatial dimension (height, width). Values are checked when the pooling runs (with the input's
 * shape), as PyTorch does; {@link #of} only expands PyTorch's argument forms.
 */
public record Pool2dSpec(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW, int dilationH,
        int dilationW, boolean ceilMode) {

    /** A square window of {@code kernel} with stride {@code kernel}, no padding, no dilation, floor mode. */
    public static Pool2dSpec of(int kernel) {
        return new Pool2dSpec(kernel, kernel, kernel, kernel, 0, 0, 1, 1, false);
    }

    /**
     * From PyTorch-style arguments of {@code op} (named in errors): each array holds one value (for both
     * dimensions) or two ({@code [h, w]}); a null or empty stride means the kernel size, null padding 0, null
     * dilation 1.
     */
    public static Pool2dSpec of(String op, int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        if (kernel == null || (kernel.length != 1 && kernel.length != 2)) {
            throw new IllegalArgumentException(op + ": kernel_size must either be a single int, or a tuple of two ints");
        }
        if (stride != null && stride.length > 2) {
            throw new IllegalArgumentException(op + ": stride must either be omitted, a single int, or a tuple of two ints");
        }
        if (padding != null && (padding.length != 1 && padding.length != 2)) {
            throw new IllegalArgumentException(op + ": padding must be either be a single int, or a tuple of two ints");
        }
        if (dilation != null && (dilation.length != 1 && dilation.length != 2)) {
            throw new IllegalArgumentException(op + ": dilation must be either a single int, or a tuple of two ints");
        }
        int[] k = Conv2dSpec.pair("kernel_size", kernel, 1);
        int[] s = stride == null || stride.length == 0 ? k : Conv2dSpec.pair("stride", stride, 1);
        int[] p = Conv2dSpec.pair("padding", padding, 0);
        int[] d = Conv2dSpec.pair("dilation", dilation, 1);
        return new Pool2dSpec(k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1], ceilMode);
    }

    /**
     * PyTorch's {@code pooling_output_shape}: floor (or ceil) of the window count, where in ceil mode the last window
     * must start inside the input or the left padding.
     */
    static int outputSize(int in, int kernel, int pad, int stride, int dilation, boolean ceil) {
        int numerator = in + 2 * pad - dilation * (kernel - 1) - 1 + (ceil ? stride - 1 : 0);
        int out = Math.floorDiv(numerator, stride) + 1;
        if (ceil && (long) (out - 1) * stride >= in + pad) {
            out--;
        }
        return out;
    }
}
