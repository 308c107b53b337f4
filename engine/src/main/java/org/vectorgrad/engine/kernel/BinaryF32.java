package org.vectorgrad.engine.kernel;

import static org.vectorgrad.engine.kernel.Elements.F32;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 SIMD row kernels for the arithmetic binary ops ({@link BinaryRow}). Each op keeps its vectors inside
 * one loop (no helper taking vectors, which would box them); input strides are 0 (broadcast scalar) or 1, the
 * output contiguous. The scalar tail uses the same float arithmetic, so every element is exactly the IEEE result
 * (the double-precision scalar twin rounded to float gives the same bits for these ops).
 */
public final class BinaryF32 {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ByteOrder LE = ByteOrder.nativeOrder();

    private BinaryF32() {
    }

    /** Sum. */
    public static void add(MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs, MemorySegment o,
            long oo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < bound; i += L) {
                FloatVector va = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, LE);
                FloatVector vb = FloatVector.fromMemorySegment(S, b, (bo + i) * 4, LE);
                va.add(vb).intoMemorySegment(o, (oo + i) * 4, LE);
            }
        } else if (as == 1 && bs == 0) {
            FloatVector vb = FloatVector.broadcast(S, b.getAtIndex(F32, bo));
            for (; i < bound; i += L) {
                FloatVector va = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, LE);
                va.add(vb).intoMemorySegment(o, (oo + i) * 4, LE);
            }
        } else if (as == 0 && bs == 1) {
            FloatVector va = FloatVector.broadcast(S, a.getAtIndex(F32, ao));
            for (; i < bound; i += L) {
                FloatVector vb = FloatVector.fromMemorySegment(S, b, (bo + i) * 4, LE);
                va.add(vb).intoMemorySegment(o, (oo + i) * 4, LE);
            }
        }
        for (; i < n; i++) {
            float x = a.getAtIndex(F32, ao + i * as);
            float y = b.getAtIndex(F32, bo + i * bs);
            o.setAtIndex(F32, oo + i, x + y);
        }
    }

    /** Difference. */
    public static void sub(MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs, MemorySegment o,
            long oo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < bound; i += L) {
                FloatVector va = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, LE);
                FloatVector vb = FloatVector.fromMemorySegment(S, b, (bo + i) * 4, LE);
                va.sub(vb).intoMemorySegment(o, (oo + i) * 4, LE);
            }
        } else if (as == 1 && bs == 0) {
            FloatVector vb = FloatVector.broadcast(S, b.getAtIndex(F32, bo));
            for (; i < bound; i += L) {
                FloatVector va = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, LE);
                va.sub(vb).intoMemorySegment(o, (oo + i) * 4, LE);
            }
        } else if (as == 0 && bs == 1) {
            FloatVector va = FloatVector.broadcast(S, a.getAtIndex(F32, ao));
            for (; i < bound; i += L) {
                FloatVector vb = FloatVector.fromMemorySegment(S, b, (bo + i) * 4, LE);
                va.sub(vb).intoMemorySegment(o, (oo + i) * 4, LE);
            }
        }
        for (; i < n; i++) {
            float x = a.getAtIndex(F32, ao + i * as);
            float y = b.getAtIndex(F32, bo + i * bs);
            o.setAtIndex(F32, oo + i, x - y);
        }
    }

    /** Product. */
    public static void mul(MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs, MemorySegment o,
            long oo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < bound; i += L) {
                FloatVector va = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, LE);
                FloatVector vb = FloatVector.fromMemorySegment(S, b, (bo + i) * 4, LE);
                va.mul(vb).intoMemorySegment(o, (oo + i) * 4, LE);
            }
        } else if (as == 1 && bs == 0) {
            FloatVector vb = FloatVector.broadcast(S, b.getAtIndex(F32, bo));
            for (; i < bound; i += L) {
                FloatVector va = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, LE);
                va.mul(vb).intoMemorySegment(o, (oo + i) * 4, LE);
            }
        } else if (as == 0 && bs == 1) {
            FloatVector va = FloatVector.broadcast(S, a.getAtIndex(F32, ao));
            for (; i < bound; i += L) {
                FloatVector vb = FloatVector.fromMemorySegment(S, b, (bo + i) * 4, LE);
                va.mul(vb).intoMemorySegment(o, (oo + i) * 4, LE);
            }
        }
        for (; i < n; i++) {
            float x = a.getAtIndex(F32, ao + i * as);
            float y = b.getAtIndex(F32, bo + i * bs);
            o.setAtIndex(F32, oo + i, x * y);
        }
    }

    /** Quotient (IEEE: x/0 is +-inf or NaN). */
    public static void div(MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs, MemorySegment o,
            long oo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < bound; i += L) {
                FloatVector va = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, LE);
                FloatVector vb = FloatVector.fromMemorySegment(S, b, (bo + i) * 4, LE);
                va.div(vb).intoMemorySegment(o, (oo + i) * 4, LE);
            }
        } else if (as == 1 && bs == 0) {
            FloatVector vb = FloatVector.broadcast(S, b.getAtIndex(F32, bo));
            for (; i < bound; i += L) {
                FloatVector va = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, LE);
                va.div(vb).intoMemorySegment(o, (oo + i) * 4, LE);
            }
        } else if (as == 0 && bs == 1) {
            FloatVector va = FloatVector.broadcast(S, a.getAtIndex(F32, ao));
            for (; i < bound; i += L) {
                FloatVector vb = FloatVector.fromMemorySegment(S, b, (bo + i) * 4, LE);
                va.div(vb).intoMemorySegment(o, (oo + i) * 4, LE);
            }
        }
        for (; i < n; i++) {
            float x = a.getAtIndex(F32, ao + i * as);
            float y = b.getAtIndex(F32, bo + i * bs);
            o.setAtIndex(F32, oo + i, x / y);
        }
    }

    /** Larger value; NaN if either is NaN, and {@code max(-0.0, 0.0) = 0.0} (torch.maximum). */
    public static void maximum(MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs, MemorySegment o,
            long oo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < bound; i += L) {
                FloatVector va = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, LE);
                FloatVector vb = FloatVector.fromMemorySegment(S, b, (bo + i) * 4, LE);
                va.max(vb).intoMemorySegment(o, (oo + i) * 4, LE);
            }
        } else if (as == 1 && bs == 0) {
            FloatVector vb = FloatVector.broadcast(S, b.getAtIndex(F32, bo));
            for (; i < bound; i += L) {
                FloatVector va = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, LE);
                va.max(vb).intoMemorySegment(o, (oo + i) * 4, LE);
            }
        } else if (as == 0 && bs == 1) {
            FloatVector va = FloatVector.broadcast(S, a.getAtIndex(F32, ao));
            for (; i < bound; i += L) {
                FloatVector vb = FloatVector.fromMemorySegment(S, b, (bo + i) * 4, LE);
                va.max(vb).intoMemorySegment(o, (oo + i) * 4, LE);
            }
        }
        for (; i < n; i++) {
            float x = a.getAtIndex(F32, ao + i * as);
            float y = b.getAtIndex(F32, bo + i * bs);
            o.setAtIndex(F32, oo + i, Math.max(x, y));
        }
    }

    /** Smaller value; NaN if either is NaN, and {@code min(-0.0, 0.0) = -0.0} (torch.minimum). */
    public static void minimum(MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs, MemorySegment o,
            long oo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < bound; i += L) {
                FloatVector va = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, LE);
                FloatVector vb = FloatVector.fromMemorySegment(S, b, (bo + i) * 4, LE);
                va.min(vb).intoMemorySegment(o, (oo + i) * 4, LE);
            }
        } else if (as == 1 && bs == 0) {
            FloatVector vb = FloatVector.broadcast(S, b.getAtIndex(F32, bo));
            for (; i < bound; i += L) {
                FloatVector va = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, LE);
                va.min(vb).intoMemorySegment(o, (oo + i) * 4, LE);
            }
        } else if (as == 0 && bs == 1) {
            FloatVector va = FloatVector.broadcast(S, a.getAtIndex(F32, ao));
            for (; i < bound; i += L) {
                FloatVector vb = FloatVector.fromMemorySegment(S, b, (bo + i) * 4, LE);
                va.min(vb).intoMemorySegment(o, (oo + i) * 4, LE);
            }
        }
        for (; i < n; i++) {
            float x = a.getAtIndex(F32, ao + i * as);
            float y = b.getAtIndex(F32, bo + i * bs);
            o.setAtIndex(F32, oo + i, Math.min(x, y));
        }
    }
}
