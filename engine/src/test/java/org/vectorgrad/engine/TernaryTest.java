package org.vectorgrad.engine;

import static org.junit.jupiter.api.Assertions.*;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** where, maskedFill, fill_ and zero_ against element-by-element references, over every layout. */
class TernaryTest {
    @Provide
    Arbitrary<ArrayArbitraries.Spec[]> pairs() {
        return ArrayArbitraries.broadcastPairs();
    }

    @Provide
    Arbitrary<ArrayArbitraries.Spec> specs() {
        return ArrayArbitraries.specs();
    }

    @Provide
    Arbitrary<DType> types() {
        return Arbitraries.of(DType.values());
    }

    /** {@code a} broadcast to {@code shape}, read as doubles in row-major order. */
    private static double[] expanded(NDArray a, int[] shape) {
        try (NDArray e = a.expand(shape)) {
            return e.toDoubleArray();
        }
    }

    @Property(tries = 150)
    void whereSelectsWithBroadcastingAndPromotion(@ForAll("pairs") ArrayArbitraries.Spec[] pair,
            @ForAll("types") DType ta, @ForAll("types") DType tb, @ForAll boolean condFirst) {
        try (MemoryScope scope = MemoryScope.open()) {
            ArrayArbitraries.Spec cs = condFirst ? pair[0] : pair[1];
            NDArray cond = new ArrayArbitraries.Spec(cs.shape(), cs.layout(), cs.seed() + 11).build(DType.BOOL);
            NDArray a = pair[0].build(ta);
            NDArray b = pair[1].build(tb);
            NDArray out = Ternary.where(cond, a, b);
            int[] shape = Shapes.broadcast(a.shape(), b.shape());
            assertArrayEquals(shape, out.shape());
            assertEquals(DType.promote(ta, tb), out.dtype());
            double[] c = expanded(cond, shape);
            double[] x = expanded(a, shape);
            double[] y = expanded(b, shape);
            double[] got = out.toDoubleArray();
            for (int i = 0; i < got.length; i++) {
                assertEquals(c[i] != 0 ? x[i] : y[i], got[i], 0.0, "at " + i);
            }
        }
    }

    @Property(tries = 150)
    void maskedFillOutOfPlaceAndInPlace(@ForAll("pairs") ArrayArbitraries.Spec[] pair, @ForAll("types") DType type) {
        try (MemoryScope scope = MemoryScope.open()) {
            NDArray a = pair[0].build(type);
            NDArray mask = pair[1].build(DType.BOOL);
            int[] shape = Shapes.broadcast(a.shape(), mask.shape());
            NDArray out = Ternary.maskedFill(a, mask, 3);
            assertArrayEquals(shape, out.shape());
            assertEquals(type, out.dtype());
            double[] m = expanded(mask, shape);
            double[] x = expanded(a, shape);
            double[] got = out.toDoubleArray();
            for (int i = 0; i < got.length; i++) {
                assertEquals(m[i] != 0 ? (type == DType.BOOL ? 1 : 3) : x[i], got[i], 0.0, "at " + i);
            }
            boolean writable = java.util.Arrays.equals(shape, a.shape()) && !hasExpandedDim(a);
            if (writable) {
                int version = a.version();
                Ternary.maskedFill_(a, mask, 3);
                assertEquals(version + 1, a.version());
                assertArrayEquals(got, a.toDoubleArray(), 0.0);
            } else {
                assertThrows(IllegalArgumentException.class, () -> Ternary.maskedFill_(a, mask, 3));
            }
        }
    }

    private static boolean hasExpandedDim(NDArray a) {
        for (int d = 0; d < a.dim(); d++) {
            if (a.strides()[d] == 0 && a.size(d) > 1) {
                return true;
            }
        }
        return false;
    }

    @Property(tries = 150)
    void fillWritesOnlyTheView(@ForAll("specs") ArrayArbitraries.Spec spec, @ForAll("types") DType type,
            @ForAll boolean zero) {
        if (spec.layout() == ArrayArbitraries.Layout.EXPANDED || spec.shape().length == 0) {
            return;
        }
        try (MemoryScope scope = MemoryScope.open()) {
            int[] shape = spec.shape();
            int rank = shape.length;
            int[] wide = shape.clone();
            wide[rank - 1] = shape[rank - 1] * 2 + 1;
            NDArray base = ArrayArbitraries.random(wide, new Generator(spec.seed()), type);
            double[] before = base.toDoubleArray();
            NDArray view = base.slice(rank - 1, 1, wide[rank - 1], 2);
            if (spec.layout() == ArrayArbitraries.Layout.TRANSPOSED && rank >= 2) {
                view = view.transpose(0, rank - 1);
            }
            int version = base.version();
            if (zero) {
                Ternary.zero_(view);
            } else {
                Ternary.fill_(view, 1);
            }
            assertEquals(version + 1, base.version());
            double[] after = base.toDoubleArray();
            int last = wide[rank - 1];
            for (int i = 0; i < after.length; i++) {
                boolean inView = (i % last) % 2 == 1;
                assertEquals(inView ? (zero ? 0 : 1) : before[i], after[i], 0.0, "at " + i);
            }
        }
    }

    @Test
    void scalarFormsAndTypes() {
        NDArray cond = NDArrays.of(new boolean[]{true, false, true});
        NDArray a = NDArrays.of(new float[]{1, 2, 3});
        assertArrayEquals(new float[]{1, 0, 3}, Ternary.where(cond, a, 0).toFloatArray());
        assertArrayEquals(new float[]{-1, 2, -1}, Ternary.where(cond, -1, a).toFloatArray());
        NDArray ints = Ternary.where(cond, 1, 0);
        assertEquals(DType.INT64, ints.dtype());
        assertArrayEquals(new long[]{1, 0, 1}, ints.toLongArray());
        assertEquals(DType.FLOAT32, Ternary.where(cond, NDArrays.of(new long[]{1, 2, 3}), 0.5).dtype());
        NDArray filled = Ternary.maskedFill(NDArrays.of(new long[]{1, 2, 3}), cond, 2.7);
        assertEquals(DType.INT64, filled.dtype());
        assertArrayEquals(new long[]{2, 2, 2}, filled.toLongArray());
        NDArray nz = Ternary.fill_(NDArrays.zeros(2), -0.0);
        assertEquals(Float.NEGATIVE_INFINITY, 1 / nz.toFloatArray()[0]);
        assertArrayEquals(new float[]{9, 2, 9}, Ternary.maskedFill(a, cond, NDArrays.scalar(9)).toFloatArray());
    }

    @Test
    void errorsReadLikeTorch() {
        NDArray a = NDArrays.ones(3);
        var e = assertThrows(IllegalArgumentException.class, () -> Ternary.where(a, a, a));
        assertEquals("where expected condition to be a boolean tensor, but got a tensor with dtype Float",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Ternary.maskedFill(a, a, 0));
        assertEquals("masked_fill_ only supports boolean masks, but got mask with dtype Float", e.getMessage());
        NDArray mask = NDArrays.of(new boolean[]{true, false, true});
        e = assertThrows(IllegalArgumentException.class, () -> Ternary.maskedFill(a, mask, NDArrays.ones(1)));
        assertEquals("masked_fill_ only supports a 0-dimensional value tensor, but got tensor with 1 dimension(s).",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Ternary.fill_(NDArrays.ones(1).expand(4), 2));
        assertTrue(e.getMessage().startsWith("unsupported operation: more than one element"));
        e = assertThrows(IllegalArgumentException.class, () -> Ternary.maskedFill_(a, NDArrays.of(new boolean[]{
            true, false, true, false, true, true}, 2, 3), 0));
        assertEquals("output with shape [3] doesn't match the broadcast shape [2, 3]", e.getMessage());
    }
}
