package org.vectorgrad.engine.kernel;

import static org.vectorgrad.engine.kernel.Elements.F64;
import static org.vectorgrad.engine.kernel.Elements.I64;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float64 twin of {@link MaxPool2x2F32} (the forward of 2x2 windows, stride 2, every window inside): the same
 * scan in window order with lanewise selects and the same whole-vector steps through small heap arrays. Indices are
 * int64 lanes of the double species' lane count, so no conversion is needed.
 */
final class MaxPool2x2F64 {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> J = S.withLanes(long.class);
    private static final int L = S.length();
    private static final ByteOrder LE = ByteOrder.nativeOrder();
    private static final double[] EVEN = new double[L];
    private static final double[] ODD = new double[L];
    private static final long[] TWICE = new long[L];

    static {
        for (int j = 0; j < L; j++) {
            EVEN[j] = 2 * j;
            ODD[j] = 2 * j + 1;
            TWICE[j] = 2 * j;
        }
    }

    private MaxPool2x2F64() {
    }

    /** Pools the plane at element {@code in} of x into values at {@code o} and int64 indices at {@code io}. */
    static void forward(MemorySegment x, long in, PoolShape s, MemorySegment out, long o, MemorySegment idx, long io) {
        int w = s.w();
        int ow = s.ow();
        long limit = x.byteSize() / 8;
        double[] values = new double[L];
        long[] indices = new long[L];
        for (int oy = 0; oy < s.oh(); oy++) {
            int rowIndex = 2 * oy * w;
            long top = in + rowIndex;
            long orow = o + (long) oy * ow;
            long irow = io + (long) oy * ow;
            int ox = 0;
            for (; ox < ow && top + w + 2 * ox + 2 * L <= limit; ox += L) {
                windows(x, top + 2 * ox, w, rowIndex + 2 * ox, values, indices);
                int n = Math.min(L, ow - ox);
                MemorySegment.copy(values, 0, out, F64, (orow + ox) * 8, n);
                MemorySegment.copy(indices, 0, idx, I64, (irow + ox) * 8, n);
            }
            for (; ox < ow; ox++) {
                int i = rowIndex + 2 * ox;
                double max = x.getAtIndex(F64, in + i);
                int best = i;
                for (int k = 1; k < 4; k++) {
                    int at = i + (k >> 1) * w + (k & 1);
                    double v = x.getAtIndex(F64, in + at);
                    boolean replace = v > max || v != v;
                    max = replace ? v : max;
                    best = replace ? at : best;
                }
                out.setAtIndex(F64, orow + ox, max);
                idx.setAtIndex(I64, irow + ox, best);
            }
        }
    }

    /** The L windows whose top-left cells are x[top + 2j] (in-plane index index0 + 2j), into values and indices. */
    private static void windows(MemorySegment x, long top, int w, int index0, double[] values, long[] indices) {
        DoubleVector even = DoubleVector.fromArray(S, EVEN, 0);
        DoubleVector odd = DoubleVector.fromArray(S, ODD, 0);
        DoubleVector t0 = DoubleVector.fromMemorySegment(S, x, top * 8, LE);
        DoubleVector t1 = DoubleVector.fromMemorySegment(S, x, (top + L) * 8, LE);
        DoubleVector b0 = DoubleVector.fromMemorySegment(S, x, (top + w) * 8, LE);
        DoubleVector b1 = DoubleVector.fromMemorySegment(S, x, (top + w + L) * 8, LE);
        DoubleVector max = even.selectFrom(t0, t1);
        DoubleVector v = odd.selectFrom(t0, t1);
        VectorMask<Double> m = v.compare(VectorOperators.GT, max).or(v.compare(VectorOperators.NE, v));
        max = max.blend(v, m);
        LongVector at = LongVector.zero(J).blend(1, m.cast(J));
        v = even.selectFrom(b0, b1);
        m = v.compare(VectorOperators.GT, max).or(v.compare(VectorOperators.NE, v));
        max = max.blend(v, m);
        at = at.blend(w, m.cast(J));
        v = odd.selectFrom(b0, b1);
        m = v.compare(VectorOperators.GT, max).or(v.compare(VectorOperators.NE, v));
        max = max.blend(v, m);
        at = at.blend(w + 1, m.cast(J));
        max.intoArray(values, 0);
        at.add(LongVector.fromArray(J, TWICE, 0)).add(index0).intoArray(indices, 0);
    }
}
