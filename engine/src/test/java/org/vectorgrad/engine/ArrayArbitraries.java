package org.vectorgrad.engine;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik generators of arrays in every layout the kernels must handle: contiguous, transposed, sliced with a
 * step, expanded (stride 0) and 0-d, with sizes around the SIMD lane count and zero-size dimensions.
 */
public final class ArrayArbitraries {
    /** The float lane count of this machine's preferred species. */
    public static final int LANES = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();

    /** How an array is laid out over its storage. */
    public enum Layout { CONTIGUOUS, TRANSPOSED, STEP_SLICED, EXPANDED }

    /** A recipe for an array; {@link #build(DType)} makes it with values from the seed. */
    public record Spec(int[] shape, Layout layout, long seed) {
        public NDArray build(DType dtype) {
            return ArrayArbitraries.build(shape, layout, new Generator(seed), dtype);
        }

        @Override
        public String toString() {
            return Arrays.toString(shape) + " " + layout;
        }
    }

    private ArrayArbitraries() {
    }

    /** Sizes that exercise vector loops: 0, 1, primes, lane count +- 1, two lane counts + 3. */
    public static Arbitrary<Integer> sizes() {
        return Arbitraries.of(0, 1, 1, 2, 3, 5, 7, LANES - 1, LANES, LANES + 1, 2 * LANES + 3, 37);
    }

    /** Shapes of rank 0 to {@code maxRank}. */
    public static Arbitrary<int[]> shapes(int maxRank) {
        return sizes().array(int[].class).ofMinSize(0).ofMaxSize(maxRank)
                .filter(s -> Shapes.numel(s) <= 20_000);
    }

    /** Array recipes of rank up to 3 in every layout. */
    public static Arbitrary<Spec> specs() {
        return Combinators.combine(shapes(3), Arbitraries.of(Layout.values()), Arbitraries.longs())
                .as(Spec::new);
    }

    /** Two recipes whose shapes broadcast together (one side gets size-1 dims and fewer leading dims). */
    public static Arbitrary<Spec[]> broadcastPairs() {
        return Combinators.combine(shapes(3), Arbitraries.longs(), Arbitraries.of(Layout.values()),
                Arbitraries.of(Layout.values()), Arbitraries.integers().between(0, 255)).as((shape, seed, la, lb, mask) -> {
                    int drop = shape.length == 0 ? 0 : mask % (shape.length + 1);
                    int[] other = Arrays.copyOfRange(shape, drop, shape.length);
                    for (int i = 0; i < other.length; i++) {
                        if (((mask >> (i + 2)) & 1) != 0) {
                            other[i] = 1;
                        }
                    }
                    boolean swap = (mask & 2) != 0;
                    Spec a = new Spec(shape, la, seed);
                    Spec b = new Spec(other, lb, seed + 1);
                    return swap ? new Spec[]{b, a} : new Spec[]{a, b};
                });
    }

    /** Builds an array of {@code shape} whose storage layout is {@code layout}, filled with random values. */
    public static NDArray build(int[] shape, Layout layout, Generator g, DType dtype) {
        int rank = shape.length;
        NDArray base;
        switch (layout) {
            case TRANSPOSED -> {
                if (rank < 2) {
                    return random(shape, g, dtype);
                }
                int[] swapped = shape.clone();
                swapped[rank - 1] = shape[rank - 2];
                swapped[rank - 2] = shape[rank - 1];
                try (NDArray t = random(swapped, g, dtype)) {
                    return t.transpose(rank - 1, rank - 2);
                }
            }
            case STEP_SLICED -> {
                if (rank == 0) {
                    return random(shape, g, dtype);
                }
                int[] wide = shape.clone();
                wide[rank - 1] = shape[rank - 1] * 2 + 1;
                try (NDArray w = random(wide, g, dtype)) {
                    return w.slice(rank - 1, 1, wide[rank - 1], 2);
                }
            }
            case EXPANDED -> {
                if (rank == 0) {
                    return random(shape, g, dtype);
                }
                int[] narrow = shape.clone();
                narrow[0] = Math.min(1, shape[0]);
                try (NDArray n = random(narrow, g, dtype)) {
                    return n.expand(shape);
                }
            }
            default -> {
                return random(shape, g, dtype);
            }
        }
    }

    /** Contiguous random values: normal for floats, small integers for ints, coin flips for bool. */
    public static NDArray random(int[] shape, Generator g, DType dtype) {
        if (dtype.isFloatingPoint()) {
            return NDArrays.randn(g, dtype, shape);
        }
        try (NDArray ints = NDArrays.randint(g, dtype == DType.BOOL ? 0 : -9, dtype == DType.BOOL ? 2 : 10, shape)) {
            return ints.to(dtype);
        }
    }
}
