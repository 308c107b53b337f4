package org.vectorgrad.engine.kernel;

import static org.vectorgrad.engine.kernel.Elements.F64;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float64 rows that pass a gradient or zero it depending on the saved input, for relu's and clamp's backward.
 * Contiguous operands of {@code n} elements at the given element offsets; the output may alias neither input.
 */
public final class PassGradF64 {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ByteOrder LE = ByteOrder.nativeOrder();

    private PassGradF64() {
    }

    /** {@code out = x <= t ? 0 : g} (NaN x passes g). */
    public static void threshold(MemorySegment g, long go, MemorySegment x, long xo, double t, MemorySegment o, long oo,
            int n) {
        DoubleVector zero = DoubleVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector vx = DoubleVector.fromMemorySegment(S, x, (xo + i) * 8, LE);
            DoubleVector vg = DoubleVector.fromMemorySegment(S, g, (go + i) * 8, LE);
            VectorMask<Double> stop = vx.compare(VectorOperators.LE, t);
            vg.blend(zero, stop).intoMemorySegment(o, (oo + i) * 8, LE);
        }
        for (; i < n; i++) {
            double v = x.getAtIndex(F64, xo + i);
            o.setAtIndex(F64, oo + i, v <= t ? 0.0 : g.getAtIndex(F64, go + i));
        }
    }

    /** {@code out = lo <= x <= hi ? g : 0} (NaN x gives 0). */
    public static void between(MemorySegment g, long go, MemorySegment x, long xo, double lo, double hi, MemorySegment o,
            long oo, int n) {
        DoubleVector zero = DoubleVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector vx = DoubleVector.fromMemorySegment(S, x, (xo + i) * 8, LE);
            DoubleVector vg = DoubleVector.fromMemorySegment(S, g, (go + i) * 8, LE);
            VectorMask<Double> pass = vx.compare(VectorOperators.GE, lo).and(vx.compare(VectorOperators.LE, hi));
            zero.blend(vg, pass).intoMemorySegment(o, (oo + i) * 8, LE);
        }
        for (; i < n; i++) {
            double v = x.getAtIndex(F64, xo + i);
            o.setAtIndex(F64, oo + i, v >= lo && v <= hi ? g.getAtIndex(F64, go + i) : 0.0);
        }
    }
}
