package org.vectorgrad.engine.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.vectorgrad.engine.DType;

/**
 * Copies elements between arrays of the same dtype by their bits (floats are not converted, so NaN payloads
 * and -0.0 survive): the data movement of indexSelect, gather and cat.
 */
public final class ElementCopy {
    private ElementCopy() {
    }

    /** Copies {@code n} elements of {@code bytes} bytes each; offsets and strides are in elements. */
    public static void row(MemorySegment dst, long dOff, long dStride, MemorySegment src, long sOff, long sStride,
            int n, int bytes) {
        if (dStride == 1 && sStride == 1) {
            MemorySegment.copy(src, sOff * bytes, dst, dOff * bytes, (long) n * bytes);
            return;
        }
        switch (bytes) {
            case 8 -> {
                for (int i = 0; i < n; i++) {
                    dst.setAtIndex(ValueLayout.JAVA_LONG, dOff + i * dStride,
                            src.getAtIndex(ValueLayout.JAVA_LONG, sOff + i * sStride));
                }
            }
            case 4 -> {
                for (int i = 0; i < n; i++) {
                    dst.setAtIndex(ValueLayout.JAVA_INT, dOff + i * dStride,
                            src.getAtIndex(ValueLayout.JAVA_INT, sOff + i * sStride));
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    dst.setAtIndex(ValueLayout.JAVA_BYTE, dOff + i * dStride,
                            src.getAtIndex(ValueLayout.JAVA_BYTE, sOff + i * sStride));
                }
            }
        }
    }

    /** Copies one element. */
    public static void one(MemorySegment dst, long dOff, MemorySegment src, long sOff, int bytes) {
        switch (bytes) {
            case 8 -> dst.setAtIndex(ValueLayout.JAVA_LONG, dOff, src.getAtIndex(ValueLayout.JAVA_LONG, sOff));
            case 4 -> dst.setAtIndex(ValueLayout.JAVA_INT, dOff, src.getAtIndex(ValueLayout.JAVA_INT, sOff));
            default -> dst.setAtIndex(ValueLayout.JAVA_BYTE, dOff, src.getAtIndex(ValueLayout.JAVA_BYTE, sOff));
        }
    }

    /** {@code dst[dOff] += src[sOff]} in the dtype's own arithmetic (float32 adds round to float32, ints wrap). */
    public static void add(MemorySegment dst, long dOff, MemorySegment src, long sOff, DType t) {
        if (t.isFloatingPoint()) {
            Elements.setDouble(dst, t, dOff, Elements.getDouble(dst, t, dOff) + Elements.getDouble(src, t, sOff));
        } else {
            Elements.setLong(dst, t, dOff, Elements.getLong(dst, t, dOff) + Elements.getLong(src, t, sOff));
        }
    }

    /** {@code dst[dOff + i*dStride] += src[sOff + i*sStride]} for {@code i < n}, as {@link #add}. */
    public static void addRow(MemorySegment dst, long dOff, long dStride, MemorySegment src, long sOff, long sStride,
            int n, DType t) {
        if (t == DType.FLOAT32) {
            for (int i = 0; i < n; i++) {
                long d = dOff + i * dStride;
                dst.setAtIndex(Elements.F32, d,
                        dst.getAtIndex(Elements.F32, d) + src.getAtIndex(Elements.F32, sOff + i * sStride));
            }
        } else {
            for (int i = 0; i < n; i++) {
                add(dst, dOff + i * dStride, src, sOff + i * sStride, t);
            }
        }
    }
}
