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

    /** Writes softmax (or log-softmax) of {@code in[io .. io+n)} to {@code out[oo .. oo+n)}. */
    public static void row(boolean log, MemorySegment in, long io, MemorySegment out, long oo, int n) {
        if (n == 0) {
            return;
        }
        // One small method per pass: a single method holding all three vector loops grows past the JIT's
        // inlining budget, and a Vector API call that is not inlined allocates a vector per operation.
        float m = (float) ReduceF32.row(ReduceKind.MAX, in, io, n, 0);
        if (log) {
            double sum = ReduceF32.row(ReduceKind.SUM_EXP_SHIFT, in, io, n, m);
            shift(in, io, out, oo, n, m, (float) Math.log(sum));
        } else {
            double sum = 0;
            for (int b = 0; b < n; b += ReduceF32.BLOCK) {
                sum += expStore(in, io + b, out, oo + b, Math.min(ReduceF32.BLOCK, n - b), m);
            }
            scale(out, oo, n, (float) (1.0 / sum));
        }
    }

    /** {@code out = exp(in - m)}, returning the sum (lanes in order, in double). */
    private static double expStore(MemorySegment in, long io, MemorySegment out, long oo, int n, float m) {
        FloatVector vm = FloatVector.broadcast(S, m);
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(S, in, (io + i) * 4, NATIVE).sub(vm);
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
            e.intoMemorySegment(out, (oo + i) * 4, NATIVE);
            acc = acc.add(e);
        }
        double sum = 0;
        for (float lane : acc.toArray()) {
            sum += lane;
        }
        for (; i < n; i++) {
            float e = ReduceF32.exp(in.getAtIndex(F32, io + i) - m);
            out.setAtIndex(F32, oo + i, e);
            sum += e;
        }
        return sum;
    }

    /** {@code out *= scale}. */
    private static void scale(MemorySegment out, long oo, int n, float scale) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromMemorySegment(S, out, (oo + i) * 4, NATIVE).mul(scale)
                    .intoMemorySegment(out, (oo + i) * 4, NATIVE);
        }
        for (; i < n; i++) {
            out.setAtIndex(F32, oo + i, out.getAtIndex(F32, oo + i) * scale);
        }
    }

    /** {@code out = (in - m) - logSum}: subtracting m first keeps log-probabilities near 0 exact at large logits. */
    private static void shift(MemorySegment in, long io, MemorySegment out, long oo, int n, float m, float logSum) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromMemorySegment(S, in, (io + i) * 4, NATIVE).sub(m).sub(logSum)
                    .intoMemorySegment(out, (oo + i) * 4, NATIVE);
        }
        for (; i < n; i++) {
            out.setAtIndex(F32, oo + i, in.getAtIndex(F32, io + i) - m - logSum);
        }
    }
}
