package org.vectorgrad.engine.kernel;

/**
 * The checked geometry of a 2-d pooling over {@code planes} independent {@code h x w} planes (batch x channels)
 * into {@code oh x ow} outputs, with the window's size, stride, padding and dilation per dimension.
 */
public record PoolShape(int planes, int h, int w, int oh, int ow, int kh, int kw, int sh, int sw, int ph, int pw,
        int dh, int dw) {
    /** Elements of one input plane. */
    public int inArea() {
        return h * w;
    }

    /** Elements of one output plane. */
    public int outArea() {
        return oh * ow;
    }
}
