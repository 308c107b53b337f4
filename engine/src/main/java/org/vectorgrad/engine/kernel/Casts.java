package org.vectorgrad.engine.kernel;

import static org.vectorgrad.engine.kernel.Elements.F32;
import static org.vectorgrad.engine.kernel.Elements.F64;
import static org.vectorgrad.engine.kernel.Elements.I32;
import static org.vectorgrad.engine.kernel.Elements.I64;
import static org.vectorgrad.engine.kernel.Elements.U8;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.vectorgrad.engine.DType;

/**
 * SIMD rows ({@link CastRow}) for the common dtype conversions of contiguous data: bool to float, float32 to and
 * from float64, int32/int64 to float, float to bool. Each gives exactly what the generic per-element path of
 * {@link Elements} gives (its scalar twin, and the tail of every row): bool reads as 1 or 0 whatever its non-zero
 * byte; float to bool is {@code v != 0} (NaN is true, -0.0 false); int64 to float32 rounds through float64, as
 * {@code (float) (double) v}. Each conversion keeps its vectors in one method.
 *
 * <p>Conversions to or from bool need a byte species with the float species' lane count, which exists only from
 * 8 lanes (64-bit byte vectors); with shorter vectors those rows run their scalar loop.
 */
public final class Casts {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = F.withLanes(int.class);
    private static final VectorSpecies<Long> J = D.withLanes(long.class);
    /** Floats and ints with D's lane count (half of D's bits). */
    private static final VectorSpecies<Float> FD =
            VectorSpecies.of(float.class, VectorShape.forBitSize(D.length() * 32));
    private static final VectorSpecies<Integer> ID = FD.withLanes(int.class);
    /** Bytes with F's and D's lane counts, or null under 8 lanes. */
    private static final VectorSpecies<Byte> BF = bytes(F.length());
    private static final VectorSpecies<Byte> BD = bytes(D.length());
    private static final ByteOrder LE = ByteOrder.nativeOrder();

    private Casts() {
    }

    private static VectorSpecies<Byte> bytes(int lanes) {
        return lanes >= 8 ? VectorSpecies.of(byte.class, VectorShape.forBitSize(lanes * 8)) : null;
    }

    /** The row converting {@code from} to {@code to}, or null when the pair has none (same dtype included). */
    public static CastRow row(DType from, DType to) {
        return switch (from) {
            case BOOL -> to == DType.FLOAT32 ? Casts::boolToF32 : to == DType.FLOAT64 ? Casts::boolToF64 : null;
            case FLOAT32 -> to == DType.FLOAT64 ? Casts::f32ToF64 : to == DType.BOOL ? Casts::f32ToBool : null;
            case FLOAT64 -> to == DType.FLOAT32 ? Casts::f64ToF32 : to == DType.BOOL ? Casts::f64ToBool : null;
            case INT32 -> to == DType.FLOAT32 ? Casts::i32ToF32 : to == DType.FLOAT64 ? Casts::i32ToF64 : null;
            case INT64 -> to == DType.FLOAT32 ? Casts::i64ToF32 : to == DType.FLOAT64 ? Casts::i64ToF64 : null;
        };
    }

    /** Bool to float32: 1 for any non-zero byte. */
    public static void boolToF32(MemorySegment s, long si, MemorySegment d, long di, int n) {
        int i = 0;
        if (BF != null) {
            int bound = F.loopBound(n);
            FloatVector zero = FloatVector.zero(F);
            for (; i < bound; i += F.length()) {
                VectorMask<Float> m = ByteVector.fromMemorySegment(BF, s, si + i, LE)
                        .compare(VectorOperators.NE, (byte) 0).cast(F);
                zero.blend(1f, m).intoMemorySegment(d, (di + i) * 4, LE);
            }
        }
        for (; i < n; i++) {
            d.setAtIndex(F32, di + i, s.getAtIndex(U8, si + i) != 0 ? 1f : 0f);
        }
    }

    /** Bool to float64: 1 for any non-zero byte. */
    public static void boolToF64(MemorySegment s, long si, MemorySegment d, long di, int n) {
        int i = 0;
        if (BD != null) {
            int bound = D.loopBound(n);
            DoubleVector zero = DoubleVector.zero(D);
            for (; i < bound; i += D.length()) {
                VectorMask<Double> m = ByteVector.fromMemorySegment(BD, s, si + i, LE)
                        .compare(VectorOperators.NE, (byte) 0).cast(D);
                zero.blend(1d, m).intoMemorySegment(d, (di + i) * 8, LE);
            }
        }
        for (; i < n; i++) {
            d.setAtIndex(F64, di + i, s.getAtIndex(U8, si + i) != 0 ? 1d : 0d);
        }
    }

    /** Float32 to float64 (exact). */
    public static void f32ToF64(MemorySegment s, long si, MemorySegment d, long di, int n) {
        int i = 0;
        int bound = FD.loopBound(n);
        for (; i < bound; i += FD.length()) {
            FloatVector.fromMemorySegment(FD, s, (si + i) * 4, LE).convertShape(VectorOperators.F2D, D, 0)
                    .intoMemorySegment(d, (di + i) * 8, LE);
        }
        for (; i < n; i++) {
            d.setAtIndex(F64, di + i, s.getAtIndex(F32, si + i));
        }
    }

    /** Float64 to float32, rounding to nearest. */
    public static void f64ToF32(MemorySegment s, long si, MemorySegment d, long di, int n) {
        int i = 0;
        int bound = D.loopBound(n);
        for (; i < bound; i += D.length()) {
            DoubleVector.fromMemorySegment(D, s, (si + i) * 8, LE).convertShape(VectorOperators.D2F, FD, 0)
                    .intoMemorySegment(d, (di + i) * 4, LE);
        }
        for (; i < n; i++) {
            d.setAtIndex(F32, di + i, (float) s.getAtIndex(F64, si + i));
        }
    }

    /** Int32 to float32, rounding to nearest (the same as through float64, which holds every int32). */
    public static void i32ToF32(MemorySegment s, long si, MemorySegment d, long di, int n) {
        int i = 0;
        int bound = I.loopBound(n);
        for (; i < bound; i += I.length()) {
            IntVector.fromMemorySegment(I, s, (si + i) * 4, LE).convertShape(VectorOperators.I2F, F, 0)
                    .intoMemorySegment(d, (di + i) * 4, LE);
        }
        for (; i < n; i++) {
            d.setAtIndex(F32, di + i, (float) s.getAtIndex(I32, si + i));
        }
    }

    /** Int32 to float64 (exact). */
    public static void i32ToF64(MemorySegment s, long si, MemorySegment d, long di, int n) {
        int i = 0;
        int bound = ID.loopBound(n);
        for (; i < bound; i += ID.length()) {
            IntVector.fromMemorySegment(ID, s, (si + i) * 4, LE).convertShape(VectorOperators.I2D, D, 0)
                    .intoMemorySegment(d, (di + i) * 8, LE);
        }
        for (; i < n; i++) {
            d.setAtIndex(F64, di + i, s.getAtIndex(I32, si + i));
        }
    }

    /** Int64 to float32 through float64, as the generic path rounds: {@code (float) (double) v}. */
    public static void i64ToF32(MemorySegment s, long si, MemorySegment d, long di, int n) {
        int i = 0;
        int bound = J.loopBound(n);
        for (; i < bound; i += J.length()) {
            LongVector.fromMemorySegment(J, s, (si + i) * 8, LE).convertShape(VectorOperators.L2D, D, 0)
                    .convertShape(VectorOperators.D2F, FD, 0).intoMemorySegment(d, (di + i) * 4, LE);
        }
        for (; i < n; i++) {
            d.setAtIndex(F32, di + i, (float) (double) s.getAtIndex(I64, si + i));
        }
    }

    /** Int64 to float64, rounding to nearest. */
    public static void i64ToF64(MemorySegment s, long si, MemorySegment d, long di, int n) {
        int i = 0;
        int bound = J.loopBound(n);
        for (; i < bound; i += J.length()) {
            LongVector.fromMemorySegment(J, s, (si + i) * 8, LE).convertShape(VectorOperators.L2D, D, 0)
                    .intoMemorySegment(d, (di + i) * 8, LE);
        }
        for (; i < n; i++) {
            d.setAtIndex(F64, di + i, (double) s.getAtIndex(I64, si + i));
        }
    }

    /** Float32 to bool: {@code v != 0}, so NaN is true and -0.0 false. */
    public static void f32ToBool(MemorySegment s, long si, MemorySegment d, long di, int n) {
        int i = 0;
        if (BF != null) {
            int bound = F.loopBound(n);
            ByteVector zero = ByteVector.zero(BF);
            for (; i < bound; i += F.length()) {
                VectorMask<Float> m = FloatVector.fromMemorySegment(F, s, (si + i) * 4, LE)
                        .compare(VectorOperators.NE, 0f);
                zero.blend((byte) 1, m.cast(BF)).intoMemorySegment(d, di + i, LE);
            }
        }
        for (; i < n; i++) {
            d.setAtIndex(U8, di + i, (byte) (s.getAtIndex(F32, si + i) != 0 ? 1 : 0));
        }
    }

    /** Float64 to bool: {@code v != 0}, so NaN is true and -0.0 false. */
    public static void f64ToBool(MemorySegment s, long si, MemorySegment d, long di, int n) {
        int i = 0;
        if (BD != null) {
            int bound = D.loopBound(n);
            ByteVector zero = ByteVector.zero(BD);
            for (; i < bound; i += D.length()) {
                VectorMask<Double> m = DoubleVector.fromMemorySegment(D, s, (si + i) * 8, LE)
                        .compare(VectorOperators.NE, 0d);
                zero.blend((byte) 1, m.cast(BD)).intoMemorySegment(d, di + i, LE);
            }
        }
        for (; i < n; i++) {
            d.setAtIndex(U8, di + i, (byte) (s.getAtIndex(F64, si + i) != 0 ? 1 : 0));
        }
    }
}
