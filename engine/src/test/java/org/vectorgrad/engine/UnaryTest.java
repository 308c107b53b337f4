package org.vectorgrad.engine;

import static org.junit.jupiter.api.Assertions.*;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The SIMD rows of every unary op against the scalar twin, over every layout, and the dtype rules. */
class UnaryTest {
    @Provide
    Arbitrary<ArrayArbitraries.Spec> specs() {
        return ArrayArbitraries.specs();
    }

    @Provide
    Arbitrary<DType> floats() {
        return Arbitraries.of(DType.FLOAT32, DType.FLOAT64);
    }

    @Provide
    Arbitrary<DType> integers() {
        return Arbitraries.of(DType.INT32, DType.INT64, DType.BOOL);
    }

    /** Parameters that make the parameterised ops interesting on N(0, 1) data. */
    static double[] params(UnaryOp op) {
        return switch (op) {
            case CLAMP -> new double[]{-0.5, 0.75};
            case LEAKY_RELU -> new double[]{0.2, 0};
            case SOFTPLUS -> new double[]{1.5, 1.0};
            default -> new double[]{op.defaultP(), op.defaultQ()};
        };
    }

    /** Every op on each generated layout, so that each op meets every kind of layout. */
    @Property(tries = 120)
    void simdAgreesWithScalarTwin(@ForAll("specs") ArrayArbitraries.Spec spec, @ForAll("floats") DType type) {
        try (MemoryScope scope = MemoryScope.open()) {
            NDArray a = spec.build(type);
            double[] x = a.toDoubleArray();
            for (UnaryOp op : UnaryOp.values()) {
                double[] p = params(op);
                try (NDArray fast = Unary.apply(op, a, p[0], p[1]); NDArray slow = Unary.reference(op, a, p[0], p[1])) {
                    assertArrayEquals(a.shape(), fast.shape());
                    assertEquals(slow.dtype(), fast.dtype());
                    assertWithin(op, x, fast.toDoubleArray(), slow.toDoubleArray(), type, spec + " " + op);
                }
            }
        }
    }

    @Property(tries = 60)
    void inPlaceAndIntoAgreeWithOutOfPlace(@ForAll("specs") ArrayArbitraries.Spec spec, @ForAll("floats") DType type) {
        if (spec.layout() == ArrayArbitraries.Layout.EXPANDED) {
            return;
        }
        for (UnaryOp op : UnaryOp.values()) {
            if (op == UnaryOp.LOGICAL_NOT) {
                continue;
            }
            try (MemoryScope scope = MemoryScope.open()) {
                NDArray a = spec.build(type);
                double[] p = params(op);
                double[] expected = Unary.apply(op, a, p[0], p[1]).toDoubleArray();
                NDArray out = a.dim() < 2 ? NDArrays.empty(type, a.shape())
                        : NDArrays.empty(type, a.shape()).transpose(0, -1).contiguous().transpose(0, -1);
                Unary.into(op, a, out, p[0], p[1]);
                assertArrayEquals(expected, out.toDoubleArray(), 0.0, "into " + op);
                int version = a.version();
                assertSame(a, Unary.inPlace(op, a, p[0], p[1]));
                assertEquals(version + 1, a.version());
                assertArrayEquals(expected, a.toDoubleArray(), 0.0, "in place " + op);
            }
        }
    }

    @Property(tries = 60)
    void integerInputsFollowPyTorchTypes(@ForAll("specs") ArrayArbitraries.Spec spec, @ForAll("integers") DType type) {
        for (UnaryOp op : UnaryOp.values()) {
            try (MemoryScope scope = MemoryScope.open()) {
                NDArray a = spec.build(type);
                if (op.kind() == UnaryOp.Kind.FLOAT_ONLY || type == DType.BOOL
                        && (op == UnaryOp.NEG || op == UnaryOp.RELU || op == UnaryOp.CLAMP)) {
                    assertThrows(IllegalArgumentException.class, () -> Unary.apply(op, a));
                    continue;
                }
                double[] p = params(op);
                NDArray fast = Unary.apply(op, a, p[0], p[1]);
                DType expected = switch (op.kind()) {
                    case FLOAT -> DType.FLOAT32;
                    case TO_BOOL -> DType.BOOL;
                    default -> op == UnaryOp.SQUARE && type == DType.BOOL ? DType.INT64
                            : op == UnaryOp.CLAMP ? DType.FLOAT32 : type;
                };
                assertEquals(expected, fast.dtype(), op + " of " + type);
                NDArray slow = Unary.reference(op, a, p[0], p[1]);
                assertWithin(op, a.toDoubleArray(), fast.toDoubleArray(), slow.toDoubleArray(), fast.dtype(), op + "");
                if (op.kind() == UnaryOp.Kind.FLOAT) {
                    NDArray viaFloat = Unary.apply(op, a.to(DType.FLOAT32), p[0], p[1]);
                    assertArrayEquals(viaFloat.toDoubleArray(), fast.toDoubleArray(), 0.0);
                }
            }
        }
    }

    /** Special values through every float op, in rows longer than a vector (so both loop parts run). */
    @Test
    void specialValuesAgreeWithTwin() {
        double[] specials = {0.0, -0.0, 1, -1, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999997, -0.49999997, 1e-30,
                -1e-30, 1e-310, 3.4e38, -3.4e38, 1e300, -1e300, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, 8388607.5, -8388607.5, 8388609, 4503599627370495.5, 20, 20.5, 30, -30,
                88, 89, -87, -104, 710, -745, 0.46875, -0.46875, 4, -4, 5.5, -5.5, 10.04, -10.04, 26.6, -26.6, 27.5,
                -40, 40};
        for (DType type : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            for (UnaryOp op : UnaryOp.values()) {
                double[] p = params(op);
                try (NDArray a = NDArrays.of(specials).to(type);
                        NDArray fast = Unary.apply(op, a, p[0], p[1]);
                        NDArray slow = Unary.reference(op, a, p[0], p[1])) {
                    assertWithin(op, a.toDoubleArray(), fast.toDoubleArray(), slow.toDoubleArray(), type, op + "");
                }
            }
        }
    }

    private static void assertWithin(UnaryOp op, double[] x, double[] fast, double[] slow, DType type, String what) {
        assertEquals(slow.length, fast.length);
        for (int i = 0; i < fast.length; i++) {
            String miss = UlpTolerance.check(fast[i], slow[i], type, UlpTolerance.allowed(op, x[i]));
            if (miss != null) {
                fail(what + " " + type + " at x=" + x[i] + ": " + miss);
            }
        }
    }

    // ---- known values ----

    private static float f(NDArray a) {
        return (float) a.item();
    }

    @Test
    void knownValues() {
        NDArray one = NDArrays.scalar(1.0);
        assertEquals(0.8413447f, f(Unary.gelu(one)), 1e-7f);
        assertEquals(-0.15865525f, f(Unary.gelu(NDArrays.scalar(-1.0))), 1e-7f);
        assertEquals(-0.0040496942f, f(Unary.gelu(NDArrays.scalar(-3.0))), 1e-9f);
        assertEquals(0.841192f, f(Unary.gelu(one, "tanh")), 1e-6f);
        assertEquals(-0.0036373921f, f(Unary.gelu(NDArrays.scalar(-3.0), "tanh")), 1e-9f);
        assertEquals(1.3132616f, f(Unary.softplus(one)), 1e-6f);
        assertEquals(0.31326169f, f(Unary.softplus(NDArrays.scalar(-1.0))), 1e-7f);
        assertEquals(25f, f(Unary.softplus(NDArrays.scalar(25.0))));
        assertEquals(0.73105858f, f(Unary.sigmoid(one)), 1e-7f);
        float tiny = f(Unary.sigmoid(NDArrays.scalar(-100.0)));
        assertTrue(Float.isFinite(tiny) && tiny >= 0 && tiny < 1e-40f, "sigmoid(-100) = " + tiny);
        assertEquals(1f, f(Unary.sigmoid(NDArrays.scalar(100.0))));
        assertEquals(0.7310586f, f(Unary.silu(one)), 1e-7f);
        assertEquals(0.8427008f, f(Unary.erf(one)), 1e-7f);
        assertEquals(1.5374597e-12f, f(Unary.erfc(NDArrays.scalar(5.0))), 1e-18f);
        assertEquals(0.7615942f, f(Unary.tanh(one)), 1e-7f);
        assertArrayEquals(new float[]{2, 0, 2, -2, -0f, 4, -4}, Unary.round(NDArrays.of(new float[]{2.5f, 0.5f, 1.5f,
                -2.5f, -0.5f, 3.5f, -3.5f})).toFloatArray());
        assertArrayEquals(new float[]{-1, -1, 0, 1, 2}, Unary.floor(NDArrays.of(new float[]{-0.5f, -1f, 0.5f, 1.5f,
                2f})).toFloatArray());
        assertArrayEquals(new float[]{-0f, -1, 1, 2, 2}, Unary.ceil(NDArrays.of(new float[]{-0.5f, -1f, 0.5f, 1.5f,
                2f})).toFloatArray());
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(f(Unary.ceil(NDArrays.scalar(-0.5)))));
        assertArrayEquals(new float[]{0, 1, -1, 0}, Unary.sign(NDArrays.of(new float[]{0, 3, -2, Float.NaN}))
                .toFloatArray());
        assertArrayEquals(new float[]{-0.02f, 3}, Unary.leakyRelu(NDArrays.of(new float[]{-2, 3})).toFloatArray());
        assertTrue(Float.isNaN(Unary.relu(NDArrays.of(new float[]{Float.NaN})).toFloatArray()[0]));
    }

    @Test
    void clampFollowsTorch() {
        NDArray a = NDArrays.of(new float[]{-2, -0.5f, 0.5f, 2, Float.NaN});
        assertArrayEquals(new float[]{-1, -0.5f, 0.5f, 1, Float.NaN}, Unary.clamp(a, -1.0, 1.0).toFloatArray());
        assertArrayEquals(new float[]{0, 0, 0.5f, 2, Float.NaN}, Unary.clampMin(a, 0).toFloatArray());
        assertArrayEquals(new float[]{-2, -0.5f, 0, 0, Float.NaN}, Unary.clampMax(a, 0).toFloatArray());
        assertArrayEquals(new float[]{1, 1, 1, 1, Float.NaN}, Unary.clamp(a, 2.0, 1.0).toFloatArray());
        NDArray ints = NDArrays.of(new long[]{-5, 0, 5});
        NDArray ci = Unary.clamp(ints, -1.0, 2.0);
        assertEquals(DType.INT64, ci.dtype());
        assertArrayEquals(new long[]{-1, 0, 2}, ci.toLongArray());
        NDArray cf = Unary.clamp(ints, -1.5, null);
        assertEquals(DType.FLOAT32, cf.dtype());
        assertArrayEquals(new float[]{-1.5f, 0, 5}, cf.toFloatArray());
        var e = assertThrows(IllegalArgumentException.class, () -> Unary.clamp(a, null, null));
        assertEquals("torch.clamp: At least one of 'min' or 'max' must not be None", e.getMessage());
    }

    @Test
    void typesAndErrorsFollowTorch() {
        NDArray ints = NDArrays.of(new long[]{-2, 0, 3});
        assertEquals(DType.FLOAT32, Unary.exp(ints).dtype());
        assertEquals(DType.INT64, Unary.abs(ints).dtype());
        assertArrayEquals(new long[]{2, 0, 3}, Unary.abs(ints).toLongArray());
        assertArrayEquals(new long[]{4, 0, 9}, Unary.square(ints).toLongArray());
        assertArrayEquals(new long[]{-1, 0, 1}, Unary.sign(ints).toLongArray());
        assertArrayEquals(new boolean[]{false, true, false}, Unary.logicalNot(ints).toBooleanArray());
        assertArrayEquals(new boolean[]{false, false, true},
                Unary.logicalNot(NDArrays.of(new float[]{Float.NaN, 1, 0})).toBooleanArray());
        var e = assertThrows(IllegalArgumentException.class, () -> Unary.gelu(ints));
        assertEquals("\"gelu\" not implemented for 'Long'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Unary.exp_(ints));
        assertEquals("result type Float can't be cast to the desired output type Long", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Unary.neg(NDArrays.of(new boolean[]{true})));
        assertTrue(e.getMessage().startsWith("Negation, the `-` operator, on a bool tensor is not supported."));
        e = assertThrows(IllegalArgumentException.class, () -> Unary.gelu(NDArrays.ones(2), "fast"));
        assertEquals("approximate argument must be either none or tanh.", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Unary.exp_(NDArrays.ones(1).expand(3)));
        assertTrue(e.getMessage().startsWith("unsupported operation: more than one element of the written-to tensor"));
        e = assertThrows(IllegalArgumentException.class, () -> Unary.into(UnaryOp.EXP, NDArrays.ones(2, 3),
                NDArrays.empty(3)));
        assertEquals("output with shape [3] doesn't match the broadcast shape [2, 3]", e.getMessage());
    }

    @Test
    void intoBroadcastsAndConverts() {
        NDArray out = NDArrays.empty(DType.FLOAT64, 2, 3);
        Unary.into(UnaryOp.EXP, NDArrays.of(new float[]{0, 1, 2}), out);
        double e1 = (float) Math.exp(1);
        assertArrayEquals(new double[]{1, e1, (float) Math.exp(2), 1, e1, (float) Math.exp(2)}, out.toDoubleArray());
        NDArray bools = NDArrays.empty(DType.BOOL, 3);
        Unary.into(UnaryOp.LOGICAL_NOT, NDArrays.of(new float[]{0, 1, 0}), bools);
        assertArrayEquals(new boolean[]{true, false, true}, bools.toBooleanArray());
    }

    @Test
    void largeArraysSplitAcrossThreadsGiveTheSameBits() {
        try (MemoryScope scope = MemoryScope.open()) {
            NDArray a = NDArrays.randn(new Generator(7), DType.FLOAT32, 70_001);
            for (UnaryOp op : new UnaryOp[]{UnaryOp.EXP, UnaryOp.NEG}) {
                float[] parallel = Unary.apply(op, a).toFloatArray();
                int threads = Parallel.threads();
                Parallel.setThreads(1);
                try {
                    assertArrayEquals(Unary.apply(op, a).toFloatArray(), parallel, op + "");
                } finally {
                    Parallel.setThreads(threads);
                }
            }
        }
    }
}
