package org.vectorgrad.engine.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.vectorgrad.engine.DType;

/** Scalar element access by dtype, reading every type as double or long. The path of scalar twins and ints. */
public final class Elements {
    public static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT;
    public static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE;
    public static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG;
    public static final ValueLayout.OfByte U8 = ValueLayout.JAVA_BYTE;

    private Elements() {
    }

    /** Reads element {@code index} (in elements) as a double. */
    public static double getDouble(MemorySegment s, DType type, long index) {
        return switch (type) {
            case FLOAT32 -> s.getAtIndex(F32, index);
            case FLOAT64 -> s.getAtIndex(F64, index);
            case INT32 -> s.getAtIndex(I32, index);
            case INT64 -> s.getAtIndex(I64, index);
            case BOOL -> s.getAtIndex(U8, index) != 0 ? 1.0 : 0.0;
        };
    }

    /** Reads element {@code index} as a long (floats truncate toward zero, as a cast does). */
    public static long getLong(MemorySegment s, DType type, long index) {
        return switch (type) {
            case FLOAT32 -> (long) s.getAtIndex(F32, index);
            case FLOAT64 -> (long) s.getAtIndex(F64, index);
            case INT32 -> s.getAtIndex(I32, index);
            case INT64 -> s.getAtIndex(I64, index);
            case BOOL -> s.getAtIndex(U8, index) != 0 ? 1L : 0L;
        };
    }

    /** Writes a double, converted to the element type (bool: non-zero is true). */
    public static void setDouble(MemorySegment s, DType type, long index, double v) {
        switch (type) {
            case FLOAT32 -> s.setAtIndex(F32, index, (float) v);
            case FLOAT64 -> s.setAtIndex(F64, index, v);
            case INT32 -> s.setAtIndex(I32, index, (int) v);
            case INT64 -> s.setAtIndex(I64, index, (long) v);
            case BOOL -> s.setAtIndex(U8, index, (byte) (v != 0 ? 1 : 0));
        }
    }

    /** Writes a long, converted to the element type. */
    public static void setLong(MemorySegment s, DType type, long index, long v) {
        switch (type) {
            case FLOAT32 -> s.setAtIndex(F32, index, (float) v);
            case FLOAT64 -> s.setAtIndex(F64, index, (double) v);
            case INT32 -> s.setAtIndex(I32, index, (int) v);
            case INT64 -> s.setAtIndex(I64, index, v);
            case BOOL -> s.setAtIndex(U8, index, (byte) (v != 0 ? 1 : 0));
        }
    }
}
