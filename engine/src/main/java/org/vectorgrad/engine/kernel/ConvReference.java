package org.vectorgrad.engine.kernel;

/**
 * The scalar twin of conv2d: the definition as seven nested loops over (image, output channel, output row, output
 * column, input channel of the group, kernel row, kernel column), accumulating in double. Arrays are contiguous
 * NCHW / OIHW in {@code double[]}. Slow on purpose: it is the oracle the im2col path is tested against.
 */
public final class ConvReference {
    private ConvReference() {
    }

    /** Visits one (output element, weight element, input element) triple of the convolution sum. */
    private interface Term {
        void accept(int outIndex, int weightIndex, int inIndex);
    }

    /** Every term of the convolution sum, in a fixed order; terms reading padding are skipped. */
    private static void forEachTerm(ConvShape s, Term term) {
        int cinG = s.cinPerGroup();
        int coutG = s.coutPerGroup();
        for (int n = 0; n < s.n(); n++) {
            for (int co = 0; co < s.cout(); co++) {
                int g = co / coutG;
                for (int oy = 0; oy < s.oh(); oy++) {
                    for (int ox = 0; ox < s.ow(); ox++) {
                        int out = ((n * s.cout() + co) * s.oh() + oy) * s.ow() + ox;
                        for (int ci = 0; ci < cinG; ci++) {
                            int c = g * cinG + ci;
                            for (int ki = 0; ki < s.kh(); ki++) {
                                int iy = oy * s.sh() - s.ph() + ki * s.dh();
                                if (iy < 0 || iy >= s.h()) {
                                    continue;
                                }
                                for (int kj = 0; kj < s.kw(); kj++) {
                                    int ix = ox * s.sw() - s.pw() + kj * s.dw();
                                    if (ix < 0 || ix >= s.w()) {
                                        continue;
                                    }
                                    int wi = ((co * cinG + ci) * s.kh() + ki) * s.kw() + kj;
                                    int xi = ((n * s.cin() + c) * s.h() + iy) * s.w() + ix;
                                    term.accept(out, wi, xi);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** {@code out[n, co, oy, ox] = bias[co] + sum x[n, c, iy, ix] * w[co, ci, ki, kj]}; bias may be null. */
    public static double[] forward(ConvShape s, double[] x, double[] w, double[] bias) {
        double[] out = new double[s.n() * s.cout() * s.area()];
        if (bias != null) {
            for (int i = 0; i < out.length; i++) {
                out[i] = bias[i / s.area() % s.cout()];
            }
        }
        forEachTerm(s, (o, wi, xi) -> out[o] += x[xi] * w[wi]);
        return out;
    }

    /** The gradient with respect to the input: each term adds {@code gradOut * w} to the input element it read. */
    public static double[] backwardInput(ConvShape s, double[] gradOut, double[] w) {
        double[] gx = new double[s.n() * s.cin() * s.h() * s.w()];
        forEachTerm(s, (o, wi, xi) -> gx[xi] += gradOut[o] * w[wi]);
        return gx;
    }

    /** The gradient with respect to the weight: each term adds {@code gradOut * x} to its weight element. */
    public static double[] backwardWeight(ConvShape s, double[] gradOut, double[] x) {
        double[] gw = new double[s.cout() * s.cinPerGroup() * s.kh() * s.kw()];
        forEachTerm(s, (o, wi, xi) -> gw[wi] += gradOut[o] * x[xi]);
        return gw;
    }
}
