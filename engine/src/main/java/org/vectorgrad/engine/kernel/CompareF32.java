package org.vectorgrad.engine.kernel;

import static org.vectorgrad.engine.kernel.Elements.F32;
import static org.vectorgrad.engine.kernel.Elements.U8;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 SIMD rows of the comparison ops: {@link BinaryRow}s that read two float32 operands (strides 0 or 1)
 * and write BOOL, one byte 0 or 1 per element, to a contiguous output. A vector compare gives a lane mask, cast
 * to a byte vector of the same lane count. Comparisons are IEEE/Java ones, as the scalar definitions in
 * BinaryOp: NaN is unequal to everything (itself included) and unordered. LT and LE are GT and GE with the
 * operands swapped, which is exact for IEEE comparisons, NaN included. Each op keeps its vectors in one method.
 *
 * <p>With vectors of fewer than 8 float lanes there is no byte species of the same lane count (the smallest byte
 * vector has 64 bits); the rows then run their scalar loop.
 */
public final class CompareF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Bytes with S's lane count, or null when S has under 8 lanes (no byte species that small). */
    private static final VectorSpecies<Byte> B =
            L >= 8 ? VectorSpecies.of(byte.class, VectorShape.forBitSize(L * 8)) : null;
    private static final ByteOrder LE = ByteOrder.nativeOrder();

    private CompareF32() {
    }

    /** Equal ({@code NaN == x} is false). */
    public static void eq(MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs, MemorySegment o,
            long oo, int n) {
        int i = 0;
        if (B != null) {
            int bound = S.loopBound(n);
            ByteVector zero = ByteVector.zero(B);
            if (as == 1 && bs == 1) {
                for (; i < bound; i += L) {
                    FloatVector va = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, LE);
                    FloatVector vb = FloatVector.fromMemorySegment(S, b, (bo + i) * 4, LE);
                    zero.blend((byte) 1, va.compare(VectorOperators.EQ, vb).cast(B)).intoMemorySegment(o, oo + i, LE);
                }
            } else if (as == 1 && bs == 0) {
                FloatVector vb = FloatVector.broadcast(S, b.getAtIndex(F32, bo));
                for (; i < bound; i += L) {
                    FloatVector va = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, LE);
                    zero.blend((byte) 1, va.compare(VectorOperators.EQ, vb).cast(B)).intoMemorySegment(o, oo + i, LE);
                }
            } else if (as == 0 && bs == 1) {
                FloatVector va = FloatVector.broadcast(S, a.getAtIndex(F32, ao));
                for (; i < bound; i += L) {
                    FloatVector vb = FloatVector.fromMemorySegment(S, b, (bo + i) * 4, LE);
                    zero.blend((byte) 1, va.compare(VectorOperators.EQ, vb).cast(B)).intoMemorySegment(o, oo + i, LE);
                }
            }
        }
        for (; i < n; i++) {
            float x = a.getAtIndex(F32, ao + i * as);
            float y = b.getAtIndex(F32, bo + i * bs);
            o.setAtIndex(U8, oo + i, (byte) (x == y ? 1 : 0));
        }
    }

    /** Not equal ({@code NaN != x} is true). */
    public static void ne(MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs, MemorySegment o,
            long oo, int n) {
        int i = 0;
        if (B != null) {
            int bound = S.loopBound(n);
            ByteVector zero = ByteVector.zero(B);
            if (as == 1 && bs == 1) {
                for (; i < bound; i += L) {
                    FloatVector va = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, LE);
                    FloatVector vb = FloatVector.fromMemorySegment(S, b, (bo + i) * 4, LE);
                    zero.blend((byte) 1, va.compare(VectorOperators.NE, vb).cast(B)).intoMemorySegment(o, oo + i, LE);
                }
            } else if (as == 1 && bs == 0) {
                FloatVector vb = FloatVector.broadcast(S, b.getAtIndex(F32, bo));
                for (; i < bound; i += L) {
                    FloatVector va = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, LE);
                    zero.blend((byte) 1, va.compare(VectorOperators.NE, vb).cast(B)).intoMemorySegment(o, oo + i, LE);
                }
            } else if (as == 0 && bs == 1) {
                FloatVector va = FloatVector.broadcast(S, a.getAtIndex(F32, ao));
                for (; i < bound; i += L) {
                    FloatVector vb = FloatVector.fromMemorySegment(S, b, (bo + i) * 4, LE);
                    zero.blend((byte) 1, va.compare(VectorOperators.NE, vb).cast(B)).intoMemorySegment(o, oo + i, LE);
                }
            }
        }
        for (; i < n; i++) {
            float x = a.getAtIndex(F32, ao + i * as);
            float y = b.getAtIndex(F32, bo + i * bs);
            o.setAtIndex(U8, oo + i, (byte) (x != y ? 1 : 0));
        }
    }

    /** Greater than (false when either is NaN). */
    public static void gt(MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs, MemorySegment o,
            long oo, int n) {
        int i = 0;
        if (B != null) {
            int bound = S.loopBound(n);
            ByteVector zero = ByteVector.zero(B);
            if (as == 1 && bs == 1) {
                for (; i < bound; i += L) {
                    FloatVector va = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, LE);
                    FloatVector vb = FloatVector.fromMemorySegment(S, b, (bo + i) * 4, LE);
                    zero.blend((byte) 1, va.compare(VectorOperators.GT, vb).cast(B)).intoMemorySegment(o, oo + i, LE);
                }
            } else if (as == 1 && bs == 0) {
                FloatVector vb = FloatVector.broadcast(S, b.getAtIndex(F32, bo));
                for (; i < bound; i += L) {
                    FloatVector va = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, LE);
                    zero.blend((byte) 1, va.compare(VectorOperators.GT, vb).cast(B)).intoMemorySegment(o, oo + i, LE);
                }
            } else if (as == 0 && bs == 1) {
                FloatVector va = FloatVector.broadcast(S, a.getAtIndex(F32, ao));
                for (; i < bound; i += L) {
                    FloatVector vb = FloatVector.fromMemorySegment(S, b, (bo + i) * 4, LE);
                    zero.blend((byte) 1, va.compare(VectorOperators.GT, vb).cast(B)).intoMemorySegment(o, oo + i, LE);
                }
            }
        }
        for (; i < n; i++) {
            float x = a.getAtIndex(F32, ao + i * as);
            float y = b.getAtIndex(F32, bo + i * bs);
            o.setAtIndex(U8, oo + i, (byte) (x > y ? 1 : 0));
        }
    }

    /** Greater than or equal (false when either is NaN). */
    public static void ge(MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs, MemorySegment o,
            long oo, int n) {
        int i = 0;
        if (B != null) {
            int bound = S.loopBound(n);
            ByteVector zero = ByteVector.zero(B);
            if (as == 1 && bs == 1) {
                for (; i < bound; i += L) {
                    FloatVector va = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, LE);
                    FloatVector vb = FloatVector.fromMemorySegment(S, b, (bo + i) * 4, LE);
                    zero.blend((byte) 1, va.compare(VectorOperators.GE, vb).cast(B)).intoMemorySegment(o, oo + i, LE);
                }
            } else if (as == 1 && bs == 0) {
                FloatVector vb = FloatVector.broadcast(S, b.getAtIndex(F32, bo));
                for (; i < bound; i += L) {
                    FloatVector va = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, LE);
                    zero.blend((byte) 1, va.compare(VectorOperators.GE, vb).cast(B)).intoMemorySegment(o, oo + i, LE);
                }
            } else if (as == 0 && bs == 1) {
                FloatVector va = FloatVector.broadcast(S, a.getAtIndex(F32, ao));
                for (; i < bound; i += L) {
                    FloatVector vb = FloatVector.fromMemorySegment(S, b, (bo + i) * 4, LE);
                    zero.blend((byte) 1, va.compare(VectorOperators.GE, vb).cast(B)).intoMemorySegment(o, oo + i, LE);
                }
            }
        }
        for (; i < n; i++) {
            float x = a.getAtIndex(F32, ao + i * as);
            float y = b.getAtIndex(F32, bo + i * bs);
            o.setAtIndex(U8, oo + i, (byte) (x >= y ? 1 : 0));
        }
    }

    /** Less than: {@code b > a}. */
    public static void lt(MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs, MemorySegment o,
            long oo, int n) {
        gt(b, bo, bs, a, ao, as, o, oo, n);
    }

    /** Less than or equal: {@code b >= a}. */
    public static void le(MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs, MemorySegment o,
            long oo, int n) {
        ge(b, bo, bs, a, ao, as, o, oo, n);
    }
}
