package org.vectorgrad.engine.kernel;

import static org.vectorgrad.engine.kernel.Elements.F32;
import static org.vectorgrad.engine.kernel.ReduceF32.EXP_HI;
import static org.vectorgrad.engine.kernel.ReduceF32.EXP_LO;
import static org.vectorgrad.engine.kernel.ReduceF32.LN2_HI;
import static org.vectorgrad.engine.kernel.ReduceF32.LN2_LO;
import static org.vectorgrad.engine.kernel.ReduceF32.LOG2E;
import static org.vectorgrad.engine.kernel.ReduceF32.P0;
import static org.vectorgrad.engine.kernel.ReduceF32.P1;
import static org.vectorgrad.engine.kernel.ReduceF32.P2;
import static org.vectorgrad.engine.kernel.ReduceF32.P3;
import static org.vectorgrad.engine.kernel.ReduceF32.P4;
import static org.vectorgrad.engine.kernel.ReduceF32.P5;
import static org.vectorgrad.engine.kernel.ReduceF32.ROUND;
import static org.vectorgrad.engine.kernel.ReduceF32.ROUND_BITS;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 SIMD softmax and log-softmax of one contiguous row: max, then {@code exp(x - max)} and its sum, then
 * a scale (softmax) or a shift by {@code log(sum)} (log-softmax). Subtracting the max keeps every exponent
 * {@code <= 0}, so logits of +-1000 stay finite. The exponential is {@link ReduceF32}'s reproducible one; the
 * sum is folded into double every {@link ReduceF32#BLOCK} elements, as the reduction sums are.
 */
public final class SoftmaxF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    private SoftmaxF32() {
    }

    /** Writes softmax (or log-softmax) of {@code in[io .. io+n)} to {@code out[oo .. oo+n)}; may be in place. */
    public static void row(boolean log, MemorySegment in, long io, MemorySegment out, long oo, int n) {
        if (n == 0) {
            return;
        }
        int bound = S.loopBound(n);
        FloatVector m0 = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i < bound; i += L) {
            m0 = m0.max(FloatVector.fromMemorySegment(S, in, (io + i) * 4, NATIVE));
        }
        float m = m0.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            m = Math.max(m, in.getAtIndex(F32, io + i));
        }
        FloatVector vm = FloatVector.broadcast(S, m);
        // Softmax stores the exponentials in out and rescales them; log-softmax only needs their sum.
        double sum = 0;
        for (int b = 0; b < n; b += ReduceF32.BLOCK) {
            int end = Math.min(n, b + ReduceF32.BLOCK);
            int vend = b + S.loopBound(end - b);
            FloatVector acc = FloatVector.zero(S);
            int j = b;
            for (; j < vend; j += L) {
                FloatVector x = FloatVector.fromMemorySegment(S, in, (io + j) * 4, NATIVE).sub(vm);
                x = x.max(EXP_LO).min(EXP_HI);
                FloatVector t = x.mul(LOG2E).add(ROUND);
                FloatVector nf = t.sub(ROUND);
                IntVector ni = t.reinterpretAsInts().sub(ROUND_BITS);
                FloatVector r = x.sub(nf.mul(LN2_HI)).sub(nf.mul(LN2_LO));
                FloatVector p = r.mul(P5).add(P4).mul(r).add(P3).mul(r).add(P2).mul(r).add(P1).mul(r).add(P0)
                        .mul(r.mul(r)).add(r).add(1f);
                IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
                FloatVector s1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
                FloatVector s2 = ni.sub(n1).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
                FloatVector e = p.mul(s1).mul(s2);
                if (!log) {
                    e.intoMemorySegment(out, (oo + j) * 4, NATIVE);
                }
                acc = acc.add(e);
            }
            for (float lane : acc.toArray()) {
                sum += lane;
            }
            for (; j < end; j++) {
                float e = ReduceF32.exp(in.getAtIndex(F32, io + j) - m);
                if (!log) {
                    out.setAtIndex(F32, oo + j, e);
                }
                sum += e;
            }
        }
        int k = 0;
        if (log) {
            float shift = (float) Math.log(sum);
            FloatVector vs = FloatVector.broadcast(S, shift);
            for (; k < bound; k += L) {
                FloatVector.fromMemorySegment(S, in, (io + k) * 4, NATIVE).sub(vm).sub(vs)
                        .intoMemorySegment(out, (oo + k) * 4, NATIVE);
            }
            for (; k < n; k++) {
                out.setAtIndex(F32, oo + k, in.getAtIndex(F32, io + k) - m - shift);
            }
        } else {
            float scale = (float) (1.0 / sum);
            for (; k < bound; k += L) {
                FloatVector.fromMemorySegment(S, out, (oo + k) * 4, NATIVE).mul(scale)
                        .intoMemorySegment(out, (oo + k) * 4, NATIVE);
            }
            for (; k < n; k++) {
                out.setAtIndex(F32, oo + k, out.getAtIndex(F32, oo + k) * scale);
            }
        }
    }
}
