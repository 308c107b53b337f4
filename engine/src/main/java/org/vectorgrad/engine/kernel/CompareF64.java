package org.vectorgrad.engine.kernel;

import static org.vectorgrad.engine.kernel.Elements.F64;
import static org.vectorgrad.engine.kernel.Elements.U8;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float64 SIMD rows of the comparison ops; the float64 twin of {@link CompareF32}, with the same contract (BOOL
 * output, one byte 0 or 1 per element; IEEE comparisons; LT and LE by swapping operands). With fewer than 8
 * double lanes (vectors under 512 bits) the rows run their scalar loop.
 */
public final class CompareF64 {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Bytes with S's lane count, or null when S has under 8 lanes (no byte species that small). */
    private static final VectorSpecies<Byte> B =
            L >= 8 ? VectorSpecies.of(byte.class, VectorShape.forBitSize(L * 8)) : null;
    private static final ByteOrder LE = ByteOrder.nativeOrder();

    private CompareF64() {
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
                    DoubleVector va = DoubleVector.fromMemorySegment(S, a, (ao + i) * 8, LE);
                    DoubleVector vb = DoubleVector.fromMemorySegment(S, b, (bo + i) * 8, LE);
                    zero.blend((byte) 1, va.compare(VectorOperators.EQ, vb).cast(B)).intoMemorySegment(o, oo + i, LE);
                }
            } else if (as == 1 && bs == 0) {
                DoubleVector vb = DoubleVector.broadcast(S, b.getAtIndex(F64, bo));
                for (; i < bound; i += L) {
                    DoubleVector va = DoubleVector.fromMemorySegment(S, a, (ao + i) * 8, LE);
                    zero.blend((byte) 1, va.compare(VectorOperators.EQ, vb).cast(B)).intoMemorySegment(o, oo + i, LE);
                }
            } else if (as == 0 && bs == 1) {
                DoubleVector va = DoubleVector.broadcast(S, a.getAtIndex(F64, ao));
                for (; i < bound; i += L) {
                    DoubleVector vb = DoubleVector.fromMemorySegment(S, b, (bo + i) * 8, LE);
                    zero.blend((byte) 1, va.compare(VectorOperators.EQ, vb).cast(B)).intoMemorySegment(o, oo + i, LE);
                }
            }
        }
        for (; i < n; i++) {
            double x = a.getAtIndex(F64, ao + i * as);
            double y = b.getAtIndex(F64, bo + i * bs);
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
                    DoubleVector va = DoubleVector.fromMemorySegment(S, a, (ao + i) * 8, LE);
                    DoubleVector vb = DoubleVector.fromMemorySegment(S, b, (bo + i) * 8, LE);
                    zero.blend((byte) 1, va.compare(VectorOperators.NE, vb).cast(B)).intoMemorySegment(o, oo + i, LE);
                }
            } else if (as == 1 && bs == 0) {
                DoubleVector vb = DoubleVector.broadcast(S, b.getAtIndex(F64, bo));
                for (; i < bound; i += L) {
                    DoubleVector va = DoubleVector.fromMemorySegment(S, a, (ao + i) * 8, LE);
                    zero.blend((byte) 1, va.compare(VectorOperators.NE, vb).cast(B)).intoMemorySegment(o, oo + i, LE);
                }
            } else if (as == 0 && bs == 1) {
                DoubleVector va = DoubleVector.broadcast(S, a.getAtIndex(F64, ao));
                for (; i < bound; i += L) {
                    DoubleVector vb = DoubleVector.fromMemorySegment(S, b, (bo + i) * 8, LE);
                    zero.blend((byte) 1, va.compare(VectorOperators.NE, vb).cast(B)).intoMemorySegment(o, oo + i, LE);
                }
            }
        }
        for (; i < n; i++) {
            double x = a.getAtIndex(F64, ao + i * as);
            double y = b.getAtIndex(F64, bo + i * bs);
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
                    DoubleVector va = DoubleVector.fromMemorySegment(S, a, (ao + i) * 8, LE);
                    DoubleVector vb = DoubleVector.fromMemorySegment(S, b, (bo + i) * 8, LE);
                    zero.blend((byte) 1, va.compare(VectorOperators.GT, vb).cast(B)).intoMemorySegment(o, oo + i, LE);
                }
            } else if (as == 1 && bs == 0) {
                DoubleVector vb = DoubleVector.broadcast(S, b.getAtIndex(F64, bo));
                for (; i < bound; i += L) {
                    DoubleVector va = DoubleVector.fromMemorySegment(S, a, (ao + i) * 8, LE);
                    zero.blend((byte) 1, va.compare(VectorOperators.GT, vb).cast(B)).intoMemorySegment(o, oo + i, LE);
                }
            } else if (as == 0 && bs == 1) {
                DoubleVector va = DoubleVector.broadcast(S, a.getAtIndex(F64, ao));
                for (; i < bound; i += L) {
                    DoubleVector vb = DoubleVector.fromMemorySegment(S, b, (bo + i) * 8, LE);
                    zero.blend((byte) 1, va.compare(VectorOperators.GT, vb).cast(B)).intoMemorySegment(o, oo + i, LE);
                }
            }
        }
        for (; i < n; i++) {
            double x = a.getAtIndex(F64, ao + i * as);
            double y = b.getAtIndex(F64, bo + i * bs);
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
                    DoubleVector va = DoubleVector.fromMemorySegment(S, a, (ao + i) * 8, LE);
                    DoubleVector vb = DoubleVector.fromMemorySegment(S, b, (bo + i) * 8, LE);
                    zero.blend((byte) 1, va.compare(VectorOperators.GE, vb).cast(B)).intoMemorySegment(o, oo + i, LE);
                }
            } else if (as == 1 && bs == 0) {
                DoubleVector vb = DoubleVector.broadcast(S, b.getAtIndex(F64, bo));
                for (; i < bound; i += L) {
                    DoubleVector va = DoubleVector.fromMemorySegment(S, a, (ao + i) * 8, LE);
                    zero.blend((byte) 1, va.compare(VectorOperators.GE, vb).cast(B)).intoMemorySegment(o, oo + i, LE);
                }
            } else if (as == 0 && bs == 1) {
                DoubleVector va = DoubleVector.broadcast(S, a.getAtIndex(F64, ao));
                for (; i < bound; i += L) {
                    DoubleVector vb = DoubleVector.fromMemorySegment(S, b, (bo + i) * 8, LE);
                    zero.blend((byte) 1, va.compare(VectorOperators.GE, vb).cast(B)).intoMemorySegment(o, oo + i, LE);
                }
            }
        }
        for (; i < n; i++) {
            double x = a.getAtIndex(F64, ao + i * as);
            double y = b.getAtIndex(F64, bo + i * bs);
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
