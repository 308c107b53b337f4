package org.vectorgrad.engine.kernel;

import static org.vectorgrad.engine.kernel.Elements.F32;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 rows that pass a gradient or zero it depending on the saved input, for relu's and clamp's backward.
 * Contiguous operands of {@code n} elements at the given element offsets; the output may alias neither input.
 */
public final class PassGradF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ByteOrder LE = ByteOrder.nativeOrder();

    private PassGradF32() {
    }

    /** {@code out = x <= t ? 0 : g} (NaN x passes g). */
    public static void threshold(MemorySegment g, long go, MemorySegment x, long xo, float t, MemorySegment o, long oo,
            int n) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector vx = FloatVector.fromMemorySegment(S, x, (xo + i) * 4, LE);
            FloatVector vg = FloatVector.fromMemorySegment(S, g, (go + i) * 4, LE);
            VectorMask<Float> stop = vx.compare(VectorOperators.LE, t);
            vg.blend(zero, stop).intoMemorySegment(o, (oo + i) * 4, LE);
        }
        for (; i < n; i++) {
            float v = x.getAtIndex(F32, xo + i);
            o.setAtIndex(F32, oo + i, v <= t ? 0f : g.getAtIndex(F32, go + i));
        }
    }

    /** {@code out = lo <= x <= hi ? g : 0} (NaN x gives 0). */
    public static void between(MemorySegment g, long go, MemorySegment x, long xo, float lo, float hi, MemorySegment o,
            long oo, int n) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector vx = FloatVector.fromMemorySegment(S, x, (xo + i) * 4, LE);
            FloatVector vg = FloatVector.fromMemorySegment(S, g, (go + i) * 4, LE);
            VectorMask<Float> pass = vx.compare(VectorOperators.GE, lo).and(vx.compare(VectorOperators.LE, hi));
            zero.blend(vg, pass).intoMemorySegment(o, (oo + i) * 4, LE);
        }
        for (; i < n; i++) {
            float v = x.getAtIndex(F32, xo + i);
            o.setAtIndex(F32, oo + i, v >= lo && v <= hi ? g.getAtIndex(F32, go + i) : 0f);
        }
    }
}
