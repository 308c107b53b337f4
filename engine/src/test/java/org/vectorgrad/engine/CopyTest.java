package org.vectorgrad.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.ValueLayout;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Copy's fast paths (bulk and row-wise same-dtype copies, the SIMD cast rows) against its generic per-element
 * path, byte for byte, for every pair of dtypes over every source layout, into contiguous and transposed outputs.
 */
class CopyTest {
    @Provide
    Arbitrary<ArrayArbitraries.Spec> specs() {
        return ArrayArbitraries.specs();
    }

    @Provide
    Arbitrary<DType> types() {
        return Arbitraries.of(DType.values());
    }

    @Property(tries = 400)
    void fastPathsMatchTheGenericCopy(@ForAll("specs") ArrayArbitraries.Spec spec, @ForAll("types") DType from,
            @ForAll("types") DType to, @ForAll boolean transposedOutput) {
        try (MemoryScope scope = MemoryScope.open()) {
            NDArray src = spec.build(from);
            if (from.isFloatingPoint() && spec.layout() != ArrayArbitraries.Layout.EXPANDED) {
                // Values that conversions treat specially, at the first few positions (row-major).
                double[] specials = {Double.NaN, -0.0, Double.NEGATIVE_INFINITY, 1e300, 0.0};
                int[] shape = src.shape();
                for (int k = 0; k < Math.min(specials.length, src.numel()); k++) {
                    int[] index = new int[shape.length];
                    for (int d = shape.length - 1, rest = k; d >= 0; d--) {
                        index[d] = rest % shape[d];
                        rest /= shape[d];
                    }
                    src.set(specials[k], index);
                }
            }
            byte[] fast = copy(src, to, transposedOutput, true);
            byte[] slow = copy(src, to, transposedOutput, false);
            assertArrayEquals(slow, fast, () -> spec + " " + from + " -> " + to
                    + (transposedOutput ? " into a transposed output" : ""));
        }
    }

    /** The bytes of a fresh buffer after copying src into it, seen as {@code src}'s shape (transposed or not). */
    private static byte[] copy(NDArray src, DType to, boolean transposed, boolean fast) {
        int[] shape = src.shape();
        int rank = shape.length;
        boolean swap = transposed && rank >= 2;
        int[] stored = shape.clone();
        if (swap) {
            stored[rank - 1] = shape[rank - 2];
            stored[rank - 2] = shape[rank - 1];
        }
        NDArray base = NDArrays.zeros(to, stored);
        NDArray dst = swap ? base.transpose(rank - 1, rank - 2) : base;
        Copy.copyInto(dst, src, fast);
        long bytes = base.numel() * to.byteSize();
        return base.segment().asSlice(base.offset() * to.byteSize(), bytes).toArray(ValueLayout.JAVA_BYTE);
    }

    @Test
    void broadcastAndOffsetSourcesCopyAsTheGenericPath() {
        int n = 2 * ArrayArbitraries.LANES + 3;
        NDArray wide = NDArrays.arange(DType.INT64, -5, 3 * n - 5, 1).view(3, n);
        for (DType to : DType.values()) {
            for (NDArray src : new NDArray[]{wide.narrow(0, 1, 1), wide.narrow(1, 2, n - 2), wide.select(0, 2),
                    wide.narrow(0, 1, 1).expand(4, n)}) {
                NDArray converted = src.to(DType.FLOAT64).to(DType.FLOAT32);
                for (NDArray s : new NDArray[]{src, converted, src.to(DType.BOOL)}) {
                    assertArrayEquals(copy(s, to, false, false), copy(s, to, false, true), s.dtype() + " -> " + to);
                    assertArrayEquals(copy(s, to, true, false), copy(s, to, true, true), s.dtype() + " -> " + to);
                }
            }
        }
    }
}
