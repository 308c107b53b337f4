package org.vectorgrad.engine.kernel;

import static org.vectorgrad.engine.kernel.Elements.F32;
import static org.vectorgrad.engine.kernel.Elements.I64;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The forward of the common max_pool2d window in float32, one plane at a time: 2x2, stride 2, no padding or
 * dilation, every window inside the plane ({@code 2 oh <= h}, {@code 2 ow <= w}); see {@link MaxPool2dKernel} for
 * the semantics. (Its backward is the plain scatter of MaxPool2dKernel, which is bound by memory traffic.)
 *
 * <p>A step takes {@code L} outputs of one output row: each of the two input rows is read as {@code 2L} lanes and
 * split into its even and odd columns, giving the four window values top-left, top-right, bottom-left,
 * bottom-right; they are scanned in that order with the scalar rule ({@code v > max || v is NaN} replaces) as
 * lanewise selects, so values (with their -0.0 and NaN bits) and indices are those of the scalar scan: the last
 * NaN wins, ties keep the first maximum, an all -inf window reports its top-left cell.
 *
 * <p>Rows are short (13 outputs for a 26-wide plane), so a step reads whole vectors past the row end (never past
 * the segment: such outputs take the branch-free scalar loop, which is also the step's twin) and hands its results
 * through small heap arrays, of which only the row's part is copied out. Masked memory accesses would say the same
 * more directly, but their fallback code is too large for C1 ("out of virtual registers"), and a kernel that C1
 * cannot compile may be left running in a profiling tier instead of reaching C2.
 */
final class MaxPool2x2F32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = S.withLanes(int.class);
    private static final VectorSpecies<Long> J = S.withLanes(long.class);
    private static final int L = S.length();
    private static final int HALF = J.length();
    private static final ByteOrder LE = ByteOrder.nativeOrder();
    /** Lane indices for selectFrom over two vectors (lanes 0..2L-1): the even and the odd columns. */
    private static final float[] EVEN = new float[L];
    private static final float[] ODD = new float[L];
    /** {@code 2j}: lane j's first input column, relative to the step's first. */
    private static final int[] TWICE = new int[L];

    static {
        for (int j = 0; j < L; j++) {
            EVEN[j] = 2 * j;
            ODD[j] = 2 * j + 1;
            TWICE[j] = 2 * j;
        }
    }

    private MaxPool2x2F32() {
    }

    /** Pools the plane at element {@code in} of x into values at {@code o} and int64 indices at {@code io}. */
    static void forward(MemorySegment x, long in, PoolShape s, MemorySegment out, long o, MemorySegment idx, long io) {
        int w = s.w();
        int ow = s.ow();
        long limit = x.byteSize() / 4;
        float[] values = new float[L];
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
                MemorySegment.copy(values, 0, out, F32, (orow + ox) * 4, n);
                MemorySegment.copy(indices, 0, idx, I64, (irow + ox) * 8, n);
            }
            for (; ox < ow; ox++) {
                int i = rowIndex + 2 * ox;
                float max = x.getAtIndex(F32, in + i);
                int best = i;
                for (int k = 1; k < 4; k++) {
                    int at = i + (k >> 1) * w + (k & 1);
                    float v = x.getAtIndex(F32, in + at);
                    boolean replace = v > max || v != v;
                    max = replace ? v : max;
                    best = replace ? at : best;
                }
                out.setAtIndex(F32, orow + ox, max);
                idx.setAtIndex(I64, irow + ox, best);
            }
        }
    }

    /** The L windows whose top-left cells are x[top + 2j] (in-plane index index0 + 2j), into values and indices. */
    private static void windows(MemorySegment x, long top, int w, int index0, float[] values, long[] indices) {
        FloatVector even = FloatVector.fromArray(S, EVEN, 0);
        FloatVector odd = FloatVector.fromArray(S, ODD, 0);
        FloatVector t0 = FloatVector.fromMemorySegment(S, x, top * 4, LE);
        FloatVector t1 = FloatVector.fromMemorySegment(S, x, (top + L) * 4, LE);
        FloatVector b0 = FloatVector.fromMemorySegment(S, x, (top + w) * 4, LE);
        FloatVector b1 = FloatVector.fromMemorySegment(S, x, (top + w + L) * 4, LE);
        FloatVector max = even.selectFrom(t0, t1);
        FloatVector v = odd.selectFrom(t0, t1);
        VectorMask<Float> m = v.compare(VectorOperators.GT, max).or(v.compare(VectorOperators.NE, v));
        max = max.blend(v, m);
        IntVector at = IntVector.zero(I).blend(1, m.cast(I));
        v = even.selectFrom(b0, b1);
        m = v.compare(VectorOperators.GT, max).or(v.compare(VectorOperators.NE, v));
        max = max.blend(v, m);
        at = at.blend(w, m.cast(I));
        v = odd.selectFrom(b0, b1);
        m = v.compare(VectorOperators.GT, max).or(v.compare(VectorOperators.NE, v));
        max = max.blend(v, m);
        at = at.blend(w + 1, m.cast(I));
        max.intoArray(values, 0);
        IntVector index = at.add(IntVector.fromArray(I, TWICE, 0)).add(index0);
        ((LongVector) index.convertShape(VectorOperators.I2L, J, 0)).intoArray(indices, 0);
        ((LongVector) index.convertShape(VectorOperators.I2L, J, 1)).intoArray(indices, HALF);
    }
}
