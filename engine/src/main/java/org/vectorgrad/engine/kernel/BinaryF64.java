package org.vectorgrad.engine.kernel;

import static org.vectorgrad.engine.kernel.Elements.F64;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float64 SIMD row kernels for the arithmetic binary ops ({@link BinaryRow}); the float64 twin of
 * {@link BinaryF32}, with the same row contract (input strides 0 or 1, contiguous output) and exact IEEE results.
 */
public final class BinaryF64 {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ByteOrder LE = ByteOrder.nativeOrder();

    private BinaryF64() {
    }

    /** Sum. */
    public static void add(MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs, MemorySegment o,
            long oo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < bound; i += L) {
                DoubleVector va = DoubleVector.fromMemorySegment(S, a, (ao + i) * 8, LE);
                DoubleVector vb = DoubleVector.fromMemorySegment(S, b, (bo + i) * 8, LE);
                va.add(vb).intoMemorySegment(o, (oo + i) * 8, LE);
            }
        } else if (as == 1 && bs == 0) {
            DoubleVector vb = DoubleVector.broadcast(S, b.getAtIndex(F64, bo));
            for (; i < bound; i += L) {
                DoubleVector va = DoubleVector.fromMemorySegment(S, a, (ao + i) * 8, LE);
                va.add(vb).intoMemorySegment(o, (oo + i) * 8, LE);
            }
        } else if (as == 0 && bs == 1) {
            DoubleVector va = DoubleVector.broadcast(S, a.getAtIndex(F64, ao));
            for (; i < bound; i += L) {
                DoubleVector vb = DoubleVector.fromMemorySegment(S, b, (bo + i) * 8, LE);
                va.add(vb).intoMemorySegment(o, (oo + i) * 8, LE);
            }
        }
        for (; i < n; i++) {
            double x = a.getAtIndex(F64, ao + i * as);
            double y = b.getAtIndex(F64, bo + i * bs);
            o.setAtIndex(F64, oo + i, x + y);
        }
    }

    /** Difference. */
    public static void sub(MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs, MemorySegment o,
            long oo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < bound; i += L) {
                DoubleVector va = DoubleVector.fromMemorySegment(S, a, (ao + i) * 8, LE);
                DoubleVector vb = DoubleVector.fromMemorySegment(S, b, (bo + i) * 8, LE);
                va.sub(vb).intoMemorySegment(o, (oo + i) * 8, LE);
            }
        } else if (as == 1 && bs == 0) {
            DoubleVector vb = DoubleVector.broadcast(S, b.getAtIndex(F64, bo));
            for (; i < bound; i += L) {
                DoubleVector va = DoubleVector.fromMemorySegment(S, a, (ao + i) * 8, LE);
                va.sub(vb).intoMemorySegment(o, (oo + i) * 8, LE);
            }
        } else if (as == 0 && bs == 1) {
            DoubleVector va = DoubleVector.broadcast(S, a.getAtIndex(F64, ao));
            for (; i < bound; i += L) {
                DoubleVector vb = DoubleVector.fromMemorySegment(S, b, (bo + i) * 8, LE);
                va.sub(vb).intoMemorySegment(o, (oo + i) * 8, LE);
            }
        }
        for (; i < n; i++) {
            double x = a.getAtIndex(F64, ao + i * as);
            double y = b.getAtIndex(F64, bo + i * bs);
            o.setAtIndex(F64, oo + i, x - y);
        }
    }

    /** Product. */
    public static void mul(MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs, MemorySegment o,
            long oo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < bound; i += L) {
                DoubleVector va = DoubleVector.fromMemorySegment(S, a, (ao + i) * 8, LE);
                DoubleVector vb = DoubleVector.fromMemorySegment(S, b, (bo + i) * 8, LE);
                va.mul(vb).intoMemorySegment(o, (oo + i) * 8, LE);
            }
        } else if (as == 1 && bs == 0) {
            DoubleVector vb = DoubleVector.broadcast(S, b.getAtIndex(F64, bo));
            for (; i < bound; i += L) {
                DoubleVector va = DoubleVector.fromMemorySegment(S, a, (ao + i) * 8, LE);
                va.mul(vb).intoMemorySegment(o, (oo + i) * 8, LE);
            }
        } else if (as == 0 && bs == 1) {
            DoubleVector va = DoubleVector.broadcast(S, a.getAtIndex(F64, ao));
            for (; i < bound; i += L) {
                DoubleVector vb = DoubleVector.fromMemorySegment(S, b, (bo + i) * 8, LE);
                va.mul(vb).intoMemorySegment(o, (oo + i) * 8, LE);
            }
        }
        for (; i < n; i++) {
            double x = a.getAtIndex(F64, ao + i * as);
            double y = b.getAtIndex(F64, bo + i * bs);
            o.setAtIndex(F64, oo + i, x * y);
        }
    }

    /** Quotient (IEEE: x/0 is +-inf or NaN). */
    public static void div(MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs, MemorySegment o,
            long oo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < bound; i += L) {
                DoubleVector va = DoubleVector.fromMemorySegment(S, a, (ao + i) * 8, LE);
                DoubleVector vb = DoubleVector.fromMemorySegment(S, b, (bo + i) * 8, LE);
                va.div(vb).intoMemorySegment(o, (oo + i) * 8, LE);
            }
        } else if (as == 1 && bs == 0) {
            DoubleVector vb = DoubleVector.broadcast(S, b.getAtIndex(F64, bo));
            for (; i < bound; i += L) {
                DoubleVector va = DoubleVector.fromMemorySegment(S, a, (ao + i) * 8, LE);
                va.div(vb).intoMemorySegment(o, (oo + i) * 8, LE);
            }
        } else if (as == 0 && bs == 1) {
            DoubleVector va = DoubleVector.broadcast(S, a.getAtIndex(F64, ao));
            for (; i < bound; i += L) {
                DoubleVector vb = DoubleVector.fromMemorySegment(S, b, (bo + i) * 8, LE);
                va.div(vb).intoMemorySegment(o, (oo + i) * 8, LE);
            }
        }
        for (; i < n; i++) {
            double x = a.getAtIndex(F64, ao + i * as);
            double y = b.getAtIndex(F64, bo + i * bs);
            o.setAtIndex(F64, oo + i, x / y);
        }
    }

    /** Larger value; NaN if either is NaN, and {@code max(-0.0, 0.0) = 0.0} (torch.maximum). */
    public static void maximum(MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs, MemorySegment o,
            long oo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < bound; i += L) {
                DoubleVector va = DoubleVector.fromMemorySegment(S, a, (ao + i) * 8, LE);
                DoubleVector vb = DoubleVector.fromMemorySegment(S, b, (bo + i) * 8, LE);
                va.max(vb).intoMemorySegment(o, (oo + i) * 8, LE);
            }
        } else if (as == 1 && bs == 0) {
            DoubleVector vb = DoubleVector.broadcast(S, b.getAtIndex(F64, bo));
            for (; i < bound; i += L) {
                DoubleVector va = DoubleVector.fromMemorySegment(S, a, (ao + i) * 8, LE);
                va.max(vb).intoMemorySegment(o, (oo + i) * 8, LE);
            }
        } else if (as == 0 && bs == 1) {
            DoubleVector va = DoubleVector.broadcast(S, a.getAtIndex(F64, ao));
            for (; i < bound; i += L) {
                DoubleVector vb = DoubleVector.fromMemorySegment(S, b, (bo + i) * 8, LE);
                va.max(vb).intoMemorySegment(o, (oo + i) * 8, LE);
            }
        }
        for (; i < n; i++) {
            double x = a.getAtIndex(F64, ao + i * as);
            double y = b.getAtIndex(F64, bo + i * bs);
            o.setAtIndex(F64, oo + i, Math.max(x, y));
        }
    }

    /** Smaller value; NaN if either is NaN, and {@code min(-0.0, 0.0) = -0.0} (torch.minimum). */
    public static void minimum(MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs, MemorySegment o,
            long oo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < bound; i += L) {
                DoubleVector va = DoubleVector.fromMemorySegment(S, a, (ao + i) * 8, LE);
                DoubleVector vb = DoubleVector.fromMemorySegment(S, b, (bo + i) * 8, LE);
                va.min(vb).intoMemorySegment(o, (oo + i) * 8, LE);
            }
        } else if (as == 1 && bs == 0) {
            DoubleVector vb = DoubleVector.broadcast(S, b.getAtIndex(F64, bo));
            for (; i < bound; i += L) {
                DoubleVector va = DoubleVector.fromMemorySegment(S, a, (ao + i) * 8, LE);
                va.min(vb).intoMemorySegment(o, (oo + i) * 8, LE);
            }
        } else if (as == 0 && bs == 1) {
            DoubleVector va = DoubleVector.broadcast(S, a.getAtIndex(F64, ao));
            for (; i < bound; i += L) {
                DoubleVector vb = DoubleVector.fromMemorySegment(S, b, (bo + i) * 8, LE);
                va.min(vb).intoMemorySegment(o, (oo + i) * 8, LE);
            }
        }
        for (; i < n; i++) {
            double x = a.getAtIndex(F64, ao + i * as);
            double y = b.getAtIndex(F64, bo + i * bs);
            o.setAtIndex(F64, oo + i, Math.min(x, y));
        }
    }
}
