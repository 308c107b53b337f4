package org.vectorgrad.engine.kernel;

import static org.vectorgrad.engine.kernel.Elements.F32;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 SIMD row kernels for the arithmetic binary ops. Each op keeps its vectors inside one loop (no helper
 * taking vectors, which would box them); input strides are 0 (broadcast scalar) or 1, the output contiguous.
 */
public final class BinaryF32 {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ByteOrder LE = ByteOrder.nativeOrder();

    private BinaryF32() {
    }

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
                FloatVector.fromMemorySegment(S, a, (ao + i) * 4, LE).add(vb).intoMemorySegment(o, (oo + i) * 4, LE);
            }
        } else if (as == 0 && bs == 1) {
            FloatVector va = FloatVector.broadcast(S, a.getAtIndex(F32, ao));
            for (; i < bound; i += L) {
                va.add(FloatVector.fromMemorySegment(S, b, (bo + i) * 4, LE)).intoMemorySegment(o, (oo + i) * 4, LE);
            }
        }
        for (; i < n; i++) {
            o.setAtIndex(F32, oo + i, a.getAtIndex(F32, ao + i * as) + b.getAtIndex(F32, bo + i * bs));
        }
    }

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
                FloatVector.fromMemorySegment(S, a, (ao + i) * 4, LE).mul(vb).intoMemorySegment(o, (oo + i) * 4, LE);
            }
        } else if (as == 0 && bs == 1) {
            FloatVector va = FloatVector.broadcast(S, a.getAtIndex(F32, ao));
            for (; i < bound; i += L) {
                va.mul(FloatVector.fromMemorySegment(S, b, (bo + i) * 4, LE)).intoMemorySegment(o, (oo + i) * 4, LE);
            }
        }
        for (; i < n; i++) {
            o.setAtIndex(F32, oo + i, a.getAtIndex(F32, ao + i * as) * b.getAtIndex(F32, bo + i * bs));
        }
    }
}
