package org.vectorgrad.engine;

/**
 * The hyper-parameters of a 2-d convolution, as PyTorch's {@code conv2d(..., stride, padding, dilation, groups)}:
 * one value per spatial dimension (height, width). Built with {@link #of}, which accepts PyTorch's forms (a single
 * value for both dimensions, or one per dimension) and rejects what PyTorch rejects, with its wording.
 */
public record Conv2dSpec(int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups) {
    /** Stride 1, no padding, no dilation, one group. */
    public static final Conv2dSpec DEFAULT = new Conv2dSpec(1, 1, 0, 0, 1, 1, 1);

    /** Validates the values; prefer {@link #of}, which also expands single values. */
    public Conv2dSpec {
        if (strideH <= 0 || strideW <= 0) {
            throw new IllegalArgumentException("non-positive stride is not supported");
        }
        if (padH < 0 || padW < 0) {
            throw new IllegalArgumentException("negative padding is not supported");
        }
        if (dilationH <= 0 || dilationW <= 0) {
            throw new IllegalArgumentException("non-positive dilation is not supported");
        }
        if (groups <= 0) {
            throw new IllegalArgumentException("non-positive groups is not supported");
        }
    }

    /**
     * From PyTorch-style arguments: each array has one value (used for both dimensions) or two ({@code [h, w]});
     * null means the default (stride 1, padding 0, dilation 1).
     */
    public static Conv2dSpec of(int[] stride, int[] padding, int[] dilation, int groups) {
        int[] s = pair("stride", stride, 1);
        int[] p = pair("padding", padding, 0);
        int[] d = pair("dilation", dilation, 1);
        return new Conv2dSpec(s[0], s[1], p[0], p[1], d[0], d[1], groups);
    }

    /** PyTorch's {@code _pair} with its error for a list of the wrong length. */
    static int[] pair(String name, int[] values, int absent) {
        if (values == null) {
            return new int[]{absent, absent};
        }
        if (values.length == 1) {
            return new int[]{values[0], values[0]};
        }
        if (values.length != 2) {
            throw new IllegalArgumentException("expected " + name + " to be a single integer value or a list of 2"
                    + " values to match the convolution dimensions, but got " + name + "=" + Shapes.format(values));
        }
        return values.clone();
    }

    /** Output size along one dimension: {@code (in + 2 pad - dilation (k - 1) - 1) / stride + 1}. */
    static int outputSize(int in, int pad, int dilation, int kernel, int stride) {
        return (in + 2 * pad - dilation * (kernel - 1) - 1) / stride + 1;
    }
}
