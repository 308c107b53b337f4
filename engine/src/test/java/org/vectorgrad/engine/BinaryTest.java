package org.vectorgrad.engine;

import static org.junit.jupiter.api.Assertions.*;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Arbitraries;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class BinaryTest {
    @Provide
    Arbitrary<ArrayArbitraries.Spec[]> pairs() {
        return ArrayArbitraries.broadcastPairs();
    }

    @Provide
    Arbitrary<BinaryOp> ops() {
        return Arbitraries.of(BinaryOp.values());
    }

    @Provide
    Arbitrary<DType> types() {
        return Arbitraries.of(DType.values());
    }

    @Property(tries = 300)
    void simdAgreesWithScalarTwin(@ForAll("pairs") ArrayArbitraries.Spec[] pair, @ForAll("ops") BinaryOp op,
            @ForAll("types") DType type) {
        try (MemoryScope scope = MemoryScope.open()) {
            NDArray a = pair[0].build(type);
            NDArray b = pair[1].build(type);
            if (!type.isFloatingPoint() && (op == BinaryOp.REMAINDER || op == BinaryOp.POW)) {
                b = Binary.apply(BinaryOp.MAXIMUM, b, 1);
            }
            NDArray fast = Binary.apply(op, a, b);
            NDArray slow = Binary.reference(op, a, b);
            assertArrayEquals(slow.shape(), fast.shape());
            assertEquals(slow.dtype(), fast.dtype());
            assertArrayEquals(slow.toDoubleArray(), fast.toDoubleArray(), 0.0, () -> op + " " + type);
        }
    }

    @Test
    void broadcastingAndPromotion() {
        NDArray a = NDArrays.of(new float[]{1, 2, 3, 4, 5, 6}, 2, 3);
        NDArray b = NDArrays.of(new float[]{10, 20, 30});
        assertArrayEquals(new float[]{11, 22, 33, 14, 25, 36}, Binary.add(a, b).toFloatArray());
        NDArray i = NDArrays.of(new long[]{1, 2, 3});
        assertEquals(DType.FLOAT32, Binary.add(a, i).dtype());
        assertEquals(DType.FLOAT32, Binary.div(i, i).dtype());
        assertEquals(DType.INT64, Binary.add(i, i).dtype());
        assertEquals(DType.FLOAT32, Binary.apply(BinaryOp.MUL, a, 2.5).dtype());
        assertEquals(DType.FLOAT32, Binary.apply(BinaryOp.MUL, i, 2.5).dtype());
        assertEquals(DType.INT64, Binary.apply(BinaryOp.MUL, i, 2).dtype());
        assertEquals(DType.FLOAT64, Binary.add(a, a.to(DType.FLOAT64)).dtype());
        assertEquals(DType.BOOL, Binary.apply(BinaryOp.LT, a, 3).dtype());
        assertArrayEquals(new float[]{1, 0, 1}, Binary.apply(BinaryOp.REMAINDER,
                NDArrays.of(new float[]{-7, 6, 7}), 2).toFloatArray());
    }

    @Test
    void mismatchedShapesNameBothSizes() {
        NDArray a = NDArrays.zeros(2, 3);
        NDArray b = NDArrays.zeros(2, 4);
        var e = assertThrows(IllegalArgumentException.class, () -> Binary.add(a, b));
        assertEquals("The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1",
                e.getMessage());
    }

    @Test
    void inPlaceBumpsVersionAndChecksShape() {
        NDArray a = NDArrays.ones(2, 3);
        int v = a.version();
        Binary.inPlace(BinaryOp.ADD, a, NDArrays.ones(3));
        assertEquals(v + 1, a.version());
        assertArrayEquals(new float[]{2, 2, 2, 2, 2, 2}, a.toFloatArray());
        var e = assertThrows(IllegalArgumentException.class, () -> Binary.inPlace(BinaryOp.ADD, NDArrays.ones(3),
                NDArrays.ones(2, 3)));
        assertEquals("output with shape [3] doesn't match the broadcast shape [2, 3]", e.getMessage());
    }

    @Provide
    Arbitrary<BinaryOp> simdOps() {
        return Arbitraries.of(BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.MAXIMUM,
                BinaryOp.MINIMUM);
    }

    @Provide
    Arbitrary<DType> floats() {
        return Arbitraries.of(DType.FLOAT32, DType.FLOAT64);
    }

    /** The float rows bit for bit against the twin (stride 0/1 patterns from broadcasting, lane counts +-1). */
    @Property(tries = 150)
    void floatRowsAreExact(@ForAll("pairs") ArrayArbitraries.Spec[] pair, @ForAll("floats") DType type) {
        try (MemoryScope scope = MemoryScope.open()) {
            NDArray a = pair[0].build(type);
            NDArray b = pair[1].build(type);
            for (BinaryOp op : new BinaryOp[]{BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.MAXIMUM,
                    BinaryOp.MINIMUM}) {
                double[] fast = Binary.apply(op, a, b).toDoubleArray();
                double[] slow = Binary.reference(op, a, b).toDoubleArray();
                for (int i = 0; i < fast.length; i++) {
                    assertEquals(Double.doubleToLongBits(slow[i]), Double.doubleToLongBits(fast[i]),
                            op + " " + type + " at " + i);
                }
            }
        }
    }

    /** into and the in-place form write what the out-of-place form returns, into any writable layout. */
    @Property(tries = 100)
    void intoAndInPlaceMatchOutOfPlace(@ForAll("pairs") ArrayArbitraries.Spec[] pair, @ForAll("simdOps") BinaryOp op,
            @ForAll("floats") DType type) {
        try (MemoryScope scope = MemoryScope.open()) {
            NDArray a = pair[0].build(type);
            NDArray b = pair[1].build(type);
            double[] expected = Binary.apply(op, a, b).toDoubleArray();
            int[] shape = Shapes.broadcast(a.shape(), b.shape());
            NDArray out = shape.length < 2 ? NDArrays.empty(type, shape)
                    : NDArrays.empty(type, shape).transpose(0, 1).contiguous().transpose(0, 1);
            Binary.into(op, a, b, out);
            assertArrayEquals(expected, out.toDoubleArray(), 0.0);
            if (java.util.Arrays.equals(shape, a.shape()) && pair[0].layout() != ArrayArbitraries.Layout.EXPANDED) {
                int version = a.version();
                assertSame(a, Binary.inPlace(op, a, b));
                assertEquals(version + 1, a.version());
                assertArrayEquals(expected, a.toDoubleArray(), 0.0);
            }
        }
    }

    @Test
    void namedMethodsAreTheirOps() {
        Map<BinaryOp, BiFunction<NDArray, NDArray, NDArray>> arrays = Map.ofEntries(
                Map.entry(BinaryOp.ADD, Binary::add), Map.entry(BinaryOp.SUB, Binary::sub),
                Map.entry(BinaryOp.MUL, Binary::mul), Map.entry(BinaryOp.DIV, Binary::div),
                Map.entry(BinaryOp.POW, Binary::pow), Map.entry(BinaryOp.MAXIMUM, Binary::maximum),
                Map.entry(BinaryOp.MINIMUM, Binary::minimum), Map.entry(BinaryOp.REMAINDER, Binary::remainder),
                Map.entry(BinaryOp.EQ, Binary::eq), Map.entry(BinaryOp.NE, Binary::ne), Map.entry(BinaryOp.LT, Binary::lt),
                Map.entry(BinaryOp.LE, Binary::le), Map.entry(BinaryOp.GT, Binary::gt), Map.entry(BinaryOp.GE, Binary::ge),
                Map.entry(BinaryOp.LOGICAL_AND, Binary::logicalAnd), Map.entry(BinaryOp.LOGICAL_OR, Binary::logicalOr));
        Map<BinaryOp, BiFunction<NDArray, Double, NDArray>> scalars = Map.ofEntries(
                Map.entry(BinaryOp.ADD, Binary::add), Map.entry(BinaryOp.SUB, Binary::sub),
                Map.entry(BinaryOp.MUL, Binary::mul), Map.entry(BinaryOp.DIV, Binary::div),
                Map.entry(BinaryOp.POW, Binary::pow), Map.entry(BinaryOp.MAXIMUM, Binary::maximum),
                Map.entry(BinaryOp.MINIMUM, Binary::minimum), Map.entry(BinaryOp.REMAINDER, Binary::remainder),
                Map.entry(BinaryOp.EQ, Binary::eq), Map.entry(BinaryOp.NE, Binary::ne), Map.entry(BinaryOp.LT, Binary::lt),
                Map.entry(BinaryOp.LE, Binary::le), Map.entry(BinaryOp.GT, Binary::gt), Map.entry(BinaryOp.GE, Binary::ge),
                Map.entry(BinaryOp.LOGICAL_AND, Binary::logicalAnd), Map.entry(BinaryOp.LOGICAL_OR, Binary::logicalOr));
        Map<BinaryOp, BiFunction<NDArray, NDArray, NDArray>> inPlace = Map.ofEntries(
                Map.entry(BinaryOp.ADD, Binary::add_), Map.entry(BinaryOp.SUB, Binary::sub_),
                Map.entry(BinaryOp.MUL, Binary::mul_), Map.entry(BinaryOp.DIV, Binary::div_),
                Map.entry(BinaryOp.POW, Binary::pow_), Map.entry(BinaryOp.MAXIMUM, Binary::maximum_),
                Map.entry(BinaryOp.MINIMUM, Binary::minimum_), Map.entry(BinaryOp.REMAINDER, Binary::remainder_),
                Map.entry(BinaryOp.EQ, Binary::eq_), Map.entry(BinaryOp.NE, Binary::ne_), Map.entry(BinaryOp.LT, Binary::lt_),
                Map.entry(BinaryOp.LE, Binary::le_), Map.entry(BinaryOp.GT, Binary::gt_), Map.entry(BinaryOp.GE, Binary::ge_),
                Map.entry(BinaryOp.LOGICAL_AND, Binary::logicalAnd_), Map.entry(BinaryOp.LOGICAL_OR, Binary::logicalOr_));
        Map<BinaryOp, BiFunction<NDArray, Double, NDArray>> inPlaceScalar = Map.ofEntries(
                Map.entry(BinaryOp.ADD, Binary::add_), Map.entry(BinaryOp.SUB, Binary::sub_),
                Map.entry(BinaryOp.MUL, Binary::mul_), Map.entry(BinaryOp.DIV, Binary::div_),
                Map.entry(BinaryOp.POW, Binary::pow_), Map.entry(BinaryOp.MAXIMUM, Binary::maximum_),
                Map.entry(BinaryOp.MINIMUM, Binary::minimum_), Map.entry(BinaryOp.REMAINDER, Binary::remainder_),
                Map.entry(BinaryOp.EQ, Binary::eq_), Map.entry(BinaryOp.NE, Binary::ne_), Map.entry(BinaryOp.LT, Binary::lt_),
                Map.entry(BinaryOp.LE, Binary::le_), Map.entry(BinaryOp.GT, Binary::gt_), Map.entry(BinaryOp.GE, Binary::ge_),
                Map.entry(BinaryOp.LOGICAL_AND, Binary::logicalAnd_), Map.entry(BinaryOp.LOGICAL_OR, Binary::logicalOr_));
        assertEquals(BinaryOp.values().length, arrays.size());
        NDArray a = NDArrays.of(new float[]{1.5f, -2, 0, 4, 7, -3, 2, 0.25f}, 2, 4);
        NDArray b = NDArrays.of(new float[]{2, 0, -2, 1});
        for (BinaryOp op : BinaryOp.values()) {
            double[] want = Binary.apply(op, a, b).toDoubleArray();
            assertArrayEquals(want, arrays.get(op).apply(a, b).toDoubleArray(), 0.0, op.opName());
            assertArrayEquals(Binary.apply(op, a, 3).toDoubleArray(), scalars.get(op).apply(a, 3.0).toDoubleArray(),
                    0.0, op.opName());
            NDArray c = a.clone();
            assertSame(c, inPlace.get(op).apply(c, b));
            assertArrayEquals(want, c.toDoubleArray(), 0.0, op.opName() + "_");
            NDArray d = a.clone();
            int version = d.version();
            inPlaceScalar.get(op).apply(d, 3.0);
            assertEquals(version + 1, d.version());
            assertArrayEquals(Binary.apply(op, a, 3).toDoubleArray(), d.toDoubleArray(), 0.0, op.opName() + "_");
        }
        NDArray x = NDArrays.of(new float[]{1, 2, 4});
        assertArrayEquals(new float[]{0, -1, -3}, Binary.sub(1, x).toFloatArray());
        assertArrayEquals(new float[]{1, 0.5f, 0.25f}, Binary.div(1, x).toFloatArray());
        assertArrayEquals(new float[]{2, 4, 16}, Binary.pow(2, x).toFloatArray());
        assertArrayEquals(new float[]{0, 1, 3}, Binary.remainder(7, x).toFloatArray());
    }

    @Test
    void maximumAndMinimumPropagateNaNAndOrderSignedZeros() {
        int n = 2 * ArrayArbitraries.LANES + 3;
        for (DType type : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            double[] xs = new double[n];
            double[] ys = new double[n];
            for (int i = 0; i < n; i++) {
                xs[i] = i % 3 == 0 ? Double.NaN : i % 3 == 1 ? -0.0 : i;
                ys[i] = i % 3 == 1 ? 0.0 : -i;
            }
            NDArray a = NDArrays.of(xs).to(type);
            NDArray b = NDArrays.of(ys).to(type);
            double[] max = Binary.maximum(a, b).toDoubleArray();
            double[] min = Binary.minimum(a, b).toDoubleArray();
            for (int i = 0; i < n; i++) {
                if (i % 3 == 0) {
                    assertTrue(Double.isNaN(max[i]) && Double.isNaN(min[i]), type + " NaN at " + i);
                } else if (i % 3 == 1) {
                    assertEquals(Double.doubleToLongBits(0.0), Double.doubleToLongBits(max[i]));
                    assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(min[i]));
                } else {
                    assertEquals(i, max[i]);
                    assertEquals(-i, min[i]);
                }
            }
        }
    }

    @Test
    void floatComputationIntoDoubleOutputIsRoundedToFloat() {
        NDArray out = NDArrays.empty(DType.FLOAT64, 1);
        Binary.into(BinaryOp.DIV, NDArrays.of(new float[]{1}), NDArrays.of(new float[]{3}), out);
        assertEquals((double) (1f / 3f), out.toDoubleArray()[0]);
    }

    @Test
    void outputErrorsReadLikeTorch() {
        NDArray ints = NDArrays.of(new long[]{1, 2, 3});
        var e = assertThrows(IllegalArgumentException.class, () -> Binary.div_(ints, 2));
        assertEquals("result type Float can't be cast to the desired output type Long", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Binary.add_(ints, 0.5));
        assertEquals("result type Float can't be cast to the desired output type Long", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Binary.into(BinaryOp.ADD, ints, ints,
                NDArrays.empty(DType.BOOL, 3)));
        assertEquals("result type Long can't be cast to the desired output type Bool", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Binary.add_(NDArrays.zeros(1).expand(3), 1));
        assertTrue(e.getMessage().startsWith("unsupported operation: more than one element of the written-to tensor"));
        NDArray m = NDArrays.ones(3, 3);
        e = assertThrows(IllegalArgumentException.class, () -> Binary.add_(m, m.select(0, 1)));
        assertTrue(e.getMessage().startsWith("unsupported operation: some elements of the input tensor and the "
                + "written-to tensor refer to a single memory location."));
        e = assertThrows(IllegalArgumentException.class, () -> Binary.add_(m, m.t()));
        assertTrue(e.getMessage().startsWith("unsupported operation: some elements"));
        Binary.add_(m, m);
        Binary.add_(m.select(0, 0), m.select(0, 2));
        assertArrayEquals(new float[]{4, 4, 4, 2, 2, 2, 2, 2, 2}, m.toFloatArray());
        NDArray f = NDArrays.of(new float[]{1, 2});
        Binary.lt_(f, 1.5);
        assertArrayEquals(new float[]{1, 0}, f.toFloatArray());
    }
}
