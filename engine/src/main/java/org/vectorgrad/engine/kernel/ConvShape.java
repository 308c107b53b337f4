package org.vectorgrad.engine.kernel;

/**
 * The checked geometry of one 2-d convolution: input {@code [n, cin, h, w]}, weight {@code [cout, cin/groups,
 * kh, kw]}, output {@code [n, cout, oh, ow]}, and the stride, padding and dilation per dimension.
 *
 * <p>The im2col matrix of a chunk of {@code b} images has {@link #rows()} rows, one per (input channel, kernel
 * row, kernel column), and {@code b * }{@link #area()} columns, one per (image, output position); the rows of group
 * {@code g} are the consecutive block {@code [g * groupRows(), (g + 1) * groupRows())}.
 */
public record ConvShape(int n, int cin, int h, int w, int cout, int kh, int kw, int oh, int ow,
        int sh, int sw, int ph, int pw, int dh, int dw, int groups) {
    /** Input channels per group. */
    public int cinPerGroup() {
        return cin / groups;
    }

    /** Output channels per group. */
    public int coutPerGroup() {
        return cout / groups;
    }

    /** Rows of the im2col matrix: {@code cin * kh * kw}. */
    public int rows() {
        return cin * kh * kw;
    }

    /** Rows of one group's block (the GEMM's contraction length): {@code cin/groups * kh * kw}. */
    public int groupRows() {
        return cinPerGroup() * kh * kw;
    }

    /** Output positions per image and channel: {@code oh * ow}. */
    public int area() {
        return oh * ow;
    }

    /** The input shape {@code [n, cin, h, w]}. */
    public int[] inputShape() {
        return new int[]{n, cin, h, w};
    }

    /** The weight shape {@code [cout, cin/groups, kh, kw]}. */
    public int[] weightShape() {
        return new int[]{cout, cinPerGroup(), kh, kw};
    }

    /** The output shape {@code [n, cout, oh, ow]}. */
    public int[] outputShape() {
        return new int[]{n, cout, oh, ow};
    }
}
