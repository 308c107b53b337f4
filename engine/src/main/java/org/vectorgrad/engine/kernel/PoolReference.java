package org.vectorgrad.engine.kernel;

/**
 * The scalar twins of the pooling kernels, written from the definitions by enumerating each window's kernel
 * offsets (rather than computing clipped ranges as the kernels do), on contiguous planes in {@code double[]}.
 */
public final class PoolReference {
    private PoolReference() {
    }

    /** Visits one window position: the output index, the input index (or -1 in padding) and whether it counts. */
    private interface Cell {
        void accept(int out, int in);
    }

    /** Every (output, window offset) pair; {@code in} is -1 when the offset reads padding. */
    private static void forEachCell(PoolShape s, Cell cell) {
        for (int p = 0; p < s.planes(); p++) {
            for (int oy = 0; oy < s.oh(); oy++) {
                for (int ox = 0; ox < s.ow(); ox++) {
                    int out = (p * s.oh() + oy) * s.ow() + ox;
                    for (int ki = 0; ki < s.kh(); ki++) {
                        int iy = oy * s.sh() - s.ph() + ki * s.dh();
                        for (int kj = 0; kj < s.kw(); kj++) {
                            int ix = ox * s.sw() - s.pw() + kj * s.dw();
                            boolean inside = iy >= 0 && iy < s.h() && ix >= 0 && ix < s.w();
                            // Offsets beyond the right/bottom padding (ceil mode) are not part of the window at all.
                            if (iy < s.h() + s.ph() && ix < s.w() + s.pw()) {
                                cell.accept(out, inside ? (p * s.h() + iy) * s.w() + ix : -1);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Max values and their in-plane indices (NaN wins, the last NaN; the first valid position for all -inf). A window
     * that misses the input entirely (possible with dilation and padding) gives -inf at PyTorch's index: the first
     * non-negative row and column of the window's grid, even when they lie outside the input.
     */
    public static double[][] maxPool(PoolShape s, double[] x) {
        int outs = s.planes() * s.outArea();
        double[] max = new double[outs];
        double[] index = new double[outs];
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        boolean[] seen = new boolean[outs];
        forEachCell(s, (o, i) -> {
            if (i < 0) {
                return;
            }
            if (!seen[o]) {
                seen[o] = true;
                index[o] = i % s.inArea();
            }
            double v = x[i];
            if (v > max[o] || Double.isNaN(v)) {
                max[o] = v;
                index[o] = i % s.inArea();
            }
        });
        for (int o = 0; o < outs; o++) {
            if (!seen[o]) {
                int oy = o / s.ow() % s.oh();
                int ox = o % s.ow();
                int iy = oy * s.sh() - s.ph();
                int ix = ox * s.sw() - s.pw();
                iy += iy < 0 ? Math.ceilDiv(-iy, s.dh()) * s.dh() : 0;
                ix += ix < 0 ? Math.ceilDiv(-ix, s.dw()) * s.dw() : 0;
                index[o] = iy * s.w() + ix;
            }
        }
        return new double[][]{max, index};
    }

    /** avg_pool2d: the sum over the window's inside cells divided as PyTorch divides. */
    public static double[] avgPool(PoolShape s, double[] x, boolean countIncludePad, int divisorOverride) {
        double[][] sumCounts = avgSums(s, x);
        double[] out = sumCounts[0];
        for (int o = 0; o < out.length; o++) {
            out[o] /= divisor(sumCounts, o, countIncludePad, divisorOverride);
        }
        return out;
    }

    /** avg_pool2d backward: each inside cell receives its output's gradient over the same divisor. */
    public static double[] avgPoolBackward(PoolShape s, double[] g, boolean countIncludePad, int divisorOverride) {
        double[][] counts = avgSums(s, new double[s.planes() * s.inArea()]);
        double[] gx = new double[s.planes() * s.inArea()];
        forEachCell(s, (o, i) -> {
            if (i >= 0) {
                gx[i] += g[o] / divisor(counts, o, countIncludePad, divisorOverride);
            }
        });
        return gx;
    }

    private static double divisor(double[][] sumCounts, int o, boolean countIncludePad, int divisorOverride) {
        return divisorOverride != 0 ? divisorOverride : countIncludePad ? sumCounts[2][o] : sumCounts[1][o];
    }

    /** Per output: the inside sum, the inside count and the count including padding. */
    private static double[][] avgSums(PoolShape s, double[] x) {
        int outs = s.planes() * s.outArea();
        double[] sum = new double[outs];
        double[] inside = new double[outs];
        double[] padded = new double[outs];
        forEachCell(s, (o, i) -> {
            padded[o]++;
            if (i >= 0) {
                sum[o] += x[i];
                inside[o]++;
            }
        });
        return new double[][]{sum, inside, padded};
    }

    /** adaptive_avg_pool2d: the mean over rows {@code [floor(oy h/oh), ceil((oy+1) h/oh))}, likewise columns. */
    public static double[] adaptiveAvgPool(PoolShape s, double[] x) {
        double[] out = new double[s.planes() * s.outArea()];
        forEachAdaptive(s, (o, i, count) -> out[o] += x[i] / count);
        return out;
    }

    /** adaptive_avg_pool2d backward. */
    public static double[] adaptiveAvgPoolBackward(PoolShape s, double[] g) {
        double[] gx = new double[s.planes() * s.inArea()];
        forEachAdaptive(s, (o, i, count) -> gx[i] += g[o] / count);
        return gx;
    }

    private interface AdaptiveCell {
        void accept(int out, int in, int count);
    }

    private static void forEachAdaptive(PoolShape s, AdaptiveCell cell) {
        for (int p = 0; p < s.planes(); p++) {
            for (int oy = 0; oy < s.oh(); oy++) {
                int y0 = (int) Math.floorDiv((long) oy * s.h(), s.oh());
                int y1 = (int) Math.ceilDiv((long) (oy + 1) * s.h(), s.oh());
                for (int ox = 0; ox < s.ow(); ox++) {
                    int x0 = (int) Math.floorDiv((long) ox * s.w(), s.ow());
                    int x1 = (int) Math.ceilDiv((long) (ox + 1) * s.w(), s.ow());
                    int out = (p * s.oh() + oy) * s.ow() + ox;
                    for (int iy = y0; iy < y1; iy++) {
                        for (int ix = x0; ix < x1; ix++) {
                            cell.accept(out, (p * s.h() + iy) * s.w() + ix, (y1 - y0) * (x1 - x0));
                        }
                    }
                }
            }
        }
    }
}
