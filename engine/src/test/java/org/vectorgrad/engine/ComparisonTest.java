package org.vectorgrad.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.vectorgrad.engine.kernel.BinaryRow;
import org.vectorgrad.engine.kernel.Elements;

/**
 * The SIMD rows of the comparison ops (float32 and float64 in, BOOL out) against the scalar definitions of
 * {@link BinaryOp}: on raw rows with every stride pattern the rows accept, and through {@link Binary} on arrays
 * full of ties, NaN, signed zeros and infinities, in every layout and with Java scalars.
 */
class ComparisonTest {
    private static final BinaryOp[] COMPARISONS = {BinaryOp.EQ, BinaryOp.NE, BinaryOp.LT, BinaryOp.LE, BinaryOp.GT,
        BinaryOp.GE};
    private static final double[] SPECIALS = {Double.NaN, -0.0, 0.0, 1, -1, 2, 0.5, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY};

    @Provide
    Arbitrary<BinaryOp> comparisons() {
        return Arbitraries.of(COMPARISONS);
    }

    @Provide
    Arbitrary<DType> floats() {
        return Arbitraries.of(DType.FLOAT32, DType.FLOAT64);
    }

    @Provide
    Arbitrary<Integer> lengths() {
        int l = ArrayArbitraries.LANES;
        return Arbitraries.of(0, 1, 3, 7, 8, 9, l - 1, l, l + 1, 2 * l + 3, 4 * l + 1, 77);
    }

    @Provide
    Arbitrary<ArrayArbitraries.Spec[]> pairs() {
        return ArrayArbitraries.broadcastPairs();
    }

    @Test
    void comparisonsHaveFloatRowsWritingBool() {
        for (BinaryOp op : COMPARISONS) {
            for (DType t : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
                assertNotNull(op.simdRow(t, DType.BOOL), op + " " + t);
                assertNull(op.simdRow(t, t), "a comparison row writes bool only: " + op + " " + t);
            }
            assertNull(op.simdRow(DType.INT64, DType.BOOL));
        }
    }

    /** Strides (1,1), (1,0), (0,1) run SIMD; (0,0) only the scalar loop. Bytes past the row stay untouched. */
    @Property(tries = 400)
    void rowsMatchTheScalarDefinition(@ForAll("comparisons") BinaryOp op, @ForAll("floats") DType type,
            @ForAll("lengths") int n, @ForAll @IntRange(min = 0, max = 3) int strides,
            @ForAll @IntRange(min = 0, max = 4) int offset, @ForAll long seed) {
        long as = strides & 1;
        long bs = (strides >> 1) & 1;
        BinaryRow row = op.simdRow(type, DType.BOOL);
        SplittableRandom r = new SplittableRandom(seed);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = values(arena, type, offset + n + 2, r);
            MemorySegment b = values(arena, type, offset + n + 2, r);
            MemorySegment o = arena.allocate(offset + n + 8).fill((byte) 7);
            row.apply(a, offset, as, b, offset + 1, bs, o, offset, n);
            for (int i = 0; i < offset; i++) {
                assertEquals(7, o.getAtIndex(Elements.U8, i));
            }
            for (int i = 0; i < n; i++) {
                double x = Elements.getDouble(a, type, offset + i * as);
                double y = Elements.getDouble(b, type, offset + 1 + i * bs);
                assertEquals((byte) op.apply(x, y), o.getAtIndex(Elements.U8, offset + i),
                        op + " " + type + " (" + x + ", " + y + ") at " + i + " of " + n);
            }
            for (int i = offset + n; i < offset + n + 8; i++) {
                assertEquals(7, o.getAtIndex(Elements.U8, i), "wrote past the row");
            }
        }
    }

    private static MemorySegment values(Arena arena, DType type, int n, SplittableRandom r) {
        MemorySegment s = arena.allocate((long) n * type.byteSize());
        for (int i = 0; i < n; i++) {
            Elements.setDouble(s, type, i, SPECIALS[r.nextInt(SPECIALS.length)]);
        }
        return s;
    }

    /** Through Binary: every layout and broadcast, values with ties and specials, against the scalar-twin path. */
    @Property(tries = 200)
    void arraysAndScalarsMatchTheReference(@ForAll("pairs") ArrayArbitraries.Spec[] pair,
            @ForAll("comparisons") BinaryOp op, @ForAll("floats") DType type) {
        try (MemoryScope scope = MemoryScope.open()) {
            NDArray a = special(pair[0].build(type), pair[0]);
            NDArray b = special(pair[1].build(type), pair[1]);
            assertArrayEquals(Binary.reference(op, a, b).toDoubleArray(), Binary.apply(op, a, b).toDoubleArray(), 0.0,
                    () -> op + " " + type + " " + pair[0] + " vs " + pair[1]);
            for (double s : SPECIALS) {
                NDArray scalar = NDArrays.scalar(type, s);
                assertArrayEquals(Binary.reference(op, a, scalar).toDoubleArray(),
                        Binary.apply(op, a, s).toDoubleArray(), 0.0, () -> op + " " + type + " with " + s);
                assertArrayEquals(Binary.reference(op, scalar, a).toDoubleArray(),
                        Binary.apply(op, s, a).toDoubleArray(), 0.0, () -> op + " " + s + " with " + type);
            }
        }
    }

    /**
     * The array itself (same layout), its values rounded to halves (ties) and a third of its positions overwritten
     * with special values. Expanded views are read-only and keep their random values.
     */
    private static NDArray special(NDArray a, ArrayArbitraries.Spec spec) {
        if (spec.layout() == ArrayArbitraries.Layout.EXPANDED) {
            return a;
        }
        Binary.inPlace(BinaryOp.MUL, a, 2.0);
        Unary.inPlace(UnaryOp.ROUND, a);
        Binary.inPlace(BinaryOp.DIV, a, 2.0);
        SplittableRandom r = new SplittableRandom(spec.seed());
        int[] shape = a.shape();
        for (long k = 0; k < a.numel(); k++) {
            if (r.nextInt(3) == 0) {
                int[] index = new int[shape.length];
                long rest = k;
                for (int d = shape.length - 1; d >= 0; d--) {
                    index[d] = (int) (rest % shape[d]);
                    rest /= shape[d];
                }
                a.set(SPECIALS[r.nextInt(SPECIALS.length)], index);
            }
        }
        return a;
    }

    @Test
    void pyTorchNumbers() {
        // torch.tensor([nan, 0., -0., 1., inf]).gt(0.) and friends
        NDArray x = NDArrays.of(new float[]{Float.NaN, 0f, -0f, 1f, Float.POSITIVE_INFINITY});
        assertArrayEquals(new double[]{0, 0, 0, 1, 1}, Binary.gt(x, 0.0).toDoubleArray());
        assertArrayEquals(new double[]{0, 1, 1, 1, 1}, Binary.ge(x, 0.0).toDoubleArray());
        assertArrayEquals(new double[]{0, 1, 1, 0, 0}, Binary.eq(x, 0.0).toDoubleArray());
        assertArrayEquals(new double[]{1, 0, 0, 1, 1}, Binary.ne(x, 0.0).toDoubleArray());
        assertArrayEquals(new double[]{0, 0, 0, 0, 0}, Binary.eq(x, Double.NaN).toDoubleArray());
        assertArrayEquals(new double[]{1, 0, 0, 0, 0}, Binary.ne(x, x).toDoubleArray());
        assertEquals(DType.BOOL, Binary.lt(x.to(DType.FLOAT64), 1.0).dtype());
    }
}
