package org.vectorgrad.engine;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.vectorgrad.engine.kernel.ConvShape;

/** jqwik generators of small valid conv2d cases: batch (0 included), groups, odd sizes, stride/padding/dilation. */
final class ConvArbitraries {
    private ConvArbitraries() {
    }

    /** One conv2d case: the spec and the shapes of input and weight, with a seed for values. */
    record Case(int[] input, int[] weight, boolean bias, Conv2dSpec spec, long seed) {
        ConvShape shape() {
            return ConvChecks.geometry(input, weight, bias ? new int[]{weight[0]} : null, spec);
        }

        @Override
        public String toString() {
            return "input" + Shapes.format(input) + " weight" + Shapes.format(weight) + " bias=" + bias + " " + spec;
        }
    }

    static Arbitrary<Case> cases() {
        Arbitrary<int[]> channels = Arbitraries.integers().between(1, 3).array(int[].class).ofSize(3); // groups, cin/g, cout/g
        Arbitrary<int[]> kernel = Arbitraries.integers().between(1, 3).array(int[].class).ofSize(2);
        Arbitrary<int[]> stride = Arbitraries.integers().between(1, 3).array(int[].class).ofSize(2);
        Arbitrary<int[]> padding = Arbitraries.integers().between(0, 2).array(int[].class).ofSize(2);
        Arbitrary<int[]> dilation = Arbitraries.integers().between(1, 2).array(int[].class).ofSize(2);
        // mostly small; sometimes wider than one or two vectors of 16 floats, for the kernels' row loops
        Arbitrary<Integer> size = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.integers().between(1, 9)),
                Tuple.of(1, Arbitraries.of(15, 16, 17, 33, 40)));
        Arbitrary<int[]> sizes = size.array(int[].class).ofSize(2);
        Arbitrary<Integer> batch = Arbitraries.of(0, 1, 1, 2, 3);
        return Combinators.combine(channels, kernel, stride, padding, dilation, sizes, batch, Arbitraries.longs())
                .as((ch, k, st, p, d, hw, n, seed) -> {
                    int groups = ch[0];
                    int[] weight = {groups * ch[2], ch[1], k[0], k[1]};
                    // Large enough that the padded input holds the dilated kernel.
                    int h = Math.max(hw[0], d[0] * (k[0] - 1) + 1 - 2 * p[0]);
                    int w = Math.max(hw[1], d[1] * (k[1] - 1) + 1 - 2 * p[1]);
                    int[] input = {n, groups * ch[1], Math.max(h, 1), Math.max(w, 1)};
                    Conv2dSpec spec = new Conv2dSpec(st[0], st[1], p[0], p[1], d[0], d[1], groups);
                    return new Case(input, weight, (seed & 1) == 0, spec, seed);
                });
    }

    /** Element-wise absolute values, for error bounds that scale with the sum of |terms|. */
    static double[] abs(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.abs(v[i]);
        }
        return out;
    }

    /** Asserts {@code |actual - expected| <= rel * scale + 1e-300} element-wise, naming the case on failure. */
    static void assertClose(String what, double[] expected, double[] actual, double[] scale, double rel) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": length " + actual.length + " but expected " + expected.length);
        }
        for (int i = 0; i < expected.length; i++) {
            double tol = rel * (scale[i] + 1e-30);
            if (!(Math.abs(actual[i] - expected[i]) <= tol)) {
                throw new AssertionError(what + ": at " + i + " expected " + expected[i] + " but got " + actual[i]
                        + " (tolerance " + tol + ")");
            }
        }
    }

    /** Relative tolerance against the sum of |terms|: a few hundred units of roundoff of the type. */
    static double rel(DType t) {
        return t == DType.FLOAT32 ? 2e-5 : 1e-13;
    }
}
