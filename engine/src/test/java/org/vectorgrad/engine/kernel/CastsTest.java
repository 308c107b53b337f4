package org.vectorgrad.engine.kernel;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.vectorgrad.engine.DType;

/**
 * The SIMD cast rows against the generic per-element conversion of {@link Elements} (what Copy runs without them),
 * byte for byte, on raw segments: offsets, lengths around the lane counts, 0, and the values where conversions
 * differ (NaN, signed zeros, infinities, float32 overflow and ties, int64 beyond 2^53, bool bytes other than 1).
 */
class CastsTest {
    private static final int LANES = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
    private static final double[] FLOATS = {Double.NaN, Double.longBitsToDouble(0x7ff0000000000001L), -0.0, 0.0,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1, -1, 0.5, 1 + 0x1p-24, 1 + 0x1p-23 + 0x1p-24, 1e300,
        -1e300, 1e-50, -1e-50, Float.MIN_VALUE, Float.MAX_VALUE, 3.4028235677973366e38, 16777217};
    private static final long[] LONGS = {0, 1, -1, (1L << 53) + 1, (1L << 62) + (1L << 38) + 1, Long.MAX_VALUE,
        Long.MIN_VALUE, 16777217, -16777217, Integer.MAX_VALUE, Integer.MIN_VALUE};
    private static final byte[] BOOLS = {0, 1, 2, -1, 127, -128};

    @Provide
    Arbitrary<DType[]> pairs() {
        List<DType[]> pairs = new ArrayList<>();
        for (DType from : DType.values()) {
            for (DType to : DType.values()) {
                if (Casts.row(from, to) != null) {
                    pairs.add(new DType[]{from, to});
                }
            }
        }
        return Arbitraries.of(pairs);
    }

    @Provide
    Arbitrary<Integer> lengths() {
        return Arbitraries.of(0, 1, 2, 3, 7, 8, 9, LANES - 1, LANES, LANES + 1, 2 * LANES - 1, 2 * LANES,
                2 * LANES + 3, 4 * LANES + 5, 100);
    }

    @Test
    void theListedConversionsHaveRows() {
        DType[][] expected = {{DType.BOOL, DType.FLOAT32}, {DType.BOOL, DType.FLOAT64}, {DType.FLOAT32, DType.FLOAT64},
            {DType.FLOAT64, DType.FLOAT32}, {DType.INT32, DType.FLOAT32}, {DType.INT32, DType.FLOAT64},
            {DType.INT64, DType.FLOAT32}, {DType.INT64, DType.FLOAT64}, {DType.FLOAT32, DType.BOOL},
            {DType.FLOAT64, DType.BOOL}};
        for (DType[] p : expected) {
            assertNotNull(Casts.row(p[0], p[1]), p[0] + " -> " + p[1]);
        }
        for (DType t : DType.values()) {
            assertNull(Casts.row(t, t));
        }
    }

    @Property(tries = 400)
    void rowsWriteWhatTheGenericConversionWrites(@ForAll("pairs") DType[] pair, @ForAll("lengths") int n,
            @ForAll @IntRange(min = 0, max = 5) int srcOffset, @ForAll @IntRange(min = 0, max = 5) int dstOffset,
            @ForAll long seed) {
        DType from = pair[0];
        DType to = pair[1];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment src = arena.allocate((long) (srcOffset + n) * from.byteSize() + 64);
            fill(src, from, srcOffset + n + 64 / from.byteSize(), new SplittableRandom(seed));
            long dstBytes = (long) (dstOffset + n) * to.byteSize() + 64;
            MemorySegment fast = arena.allocate(dstBytes).fill((byte) 0x5A);
            MemorySegment slow = arena.allocate(dstBytes).fill((byte) 0x5A);
            Casts.row(from, to).apply(src, srcOffset, fast, dstOffset, n);
            for (int i = 0; i < n; i++) {
                Elements.setDouble(slow, to, dstOffset + i, Elements.getDouble(src, from, srcOffset + i));
            }
            byte[] want = slow.toArray(ValueLayout.JAVA_BYTE);
            byte[] got = fast.toArray(ValueLayout.JAVA_BYTE);
            for (int b = 0; b < want.length; b++) {
                int at = b;
                assertEquals(want[b], got[b], () -> from + " -> " + to + " n=" + n + ": byte " + at + " (element "
                        + (at / to.byteSize() - dstOffset) + ")");
            }
        }
    }

    /** Special values two times in three, else random ones; bool gets raw bytes, not only 0 and 1. */
    private static void fill(MemorySegment s, DType type, long count, SplittableRandom r) {
        for (long i = 0; i < count; i++) {
            boolean special = r.nextInt(3) != 0;
            switch (type) {
                case FLOAT32 -> s.setAtIndex(Elements.F32, i,
                        special ? (float) FLOATS[r.nextInt(FLOATS.length)] : (float) r.nextGaussian());
                case FLOAT64 -> s.setAtIndex(Elements.F64, i,
                        special ? FLOATS[r.nextInt(FLOATS.length)] : r.nextGaussian() * 1e6);
                case INT32 -> s.setAtIndex(Elements.I32, i,
                        special ? (int) LONGS[r.nextInt(LONGS.length)] : r.nextInt());
                case INT64 -> s.setAtIndex(Elements.I64, i, special ? LONGS[r.nextInt(LONGS.length)] : r.nextLong());
                case BOOL -> s.setAtIndex(Elements.U8, i, BOOLS[r.nextInt(BOOLS.length)]);
            }
        }
    }
}
