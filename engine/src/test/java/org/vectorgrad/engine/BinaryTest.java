package org.vectorgrad.engine;

import static org.junit.jupiter.api.Assertions.*;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Arbitraries;
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
}
