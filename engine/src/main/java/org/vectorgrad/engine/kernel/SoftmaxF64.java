package org.vectorgrad.engine.kernel;

import static org.vectorgrad.engine.kernel.Elements.F64;
import static org.vectorgrad.engine.kernel.ReduceF64.EXP_HI;
import static org.vectorgrad.engine.kernel.ReduceF64.EXP_LO;
import static org.vectorgrad.engine.kernel.ReduceF64.LN2_HI;
import static org.vectorgrad.engine.kernel.ReduceF64.LN2_LO;
import static org.vectorgrad.engine.kernel.ReduceF64.LOG2E;
import static org.vectorgrad.engine.kernel.ReduceF64.P0;
import static org.vectorgrad.engine.kernel.ReduceF64.P1;
import static org.vectorgrad.engine.kernel.ReduceF64.P2;
import static org.vectorgrad.engine.kernel.ReduceF64.Q0;
import static org.vectorgrad.engine.kernel.ReduceF64.Q1;
import static org.vectorgrad.engine.kernel.ReduceF64.Q2;
import static org.vectorgrad.engine.kernel.ReduceF64.Q3;
import static org.vectorgrad.engine.kernel.ReduceF64.ROUND;
import static org.vectorgrad.engine.kernel.ReduceF64.ROUND_BITS;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float64 SIMD softmax and log-softmax of one contiguous row, the double counterpart of {@link SoftmaxF32}, with
 * {@link ReduceF64}'s reproducible exponential.
 */
public final class SoftmaxF64 {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    /** Exponentials summed in vector lanes before the partial moves to the double total. */
    private static final int BLOCK = 2048;

    private SoftmaxF64() {
    }

    /** Writes softmax (or log-softmax) of {@code in[io .. io+n)} to {@code out[oo .. oo+n)}. */
    public static void row(boolean log, MemorySegment in, long io, MemorySegment out, long oo, int n) {
        if (n == 0) {
            return;
        }
        // One small method per pass: a single method holding all three vector loops grows past the JIT's
        // inlining budget, and a Vector API call that is not inlined allocates a vector per operation.
        double m = ReduceF64.row(ReduceKind.MAX, in, io, n, 0);
        if (log) {
            double sum = ReduceF64.row(ReduceKind.SUM_EXP_SHIFT, in, io, n, m);
            shift(in, io, out, oo, n, m, Math.log(sum));
        } else {
            double sum = 0;
            for (int b = 0; b < n; b += BLOCK) {
                sum += expStore(in, io + b, out, oo + b, Math.min(BLOCK, n - b), m);
            }
            scale(out, oo, n, 1.0 / sum);
        }
    }

    /** {@code out = exp(in - m)}, returning the sum (lanes in order, in double). */
    private static double expStore(MemorySegment in, long io, MemorySegment out, long oo, int n, double m) {
        DoubleVector vm = DoubleVector.broadcast(S, m);
        DoubleVector acc = DoubleVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector x = DoubleVector.fromMemorySegment(S, in, (io + i) * 8, NATIVE).sub(vm);
            x = x.max(EXP_LO).min(EXP_HI);
            DoubleVector t = x.mul(LOG2E).add(ROUND);
            DoubleVector nf = t.sub(ROUND);
            LongVector ni = t.reinterpretAsLongs().sub(ROUND_BITS);
            DoubleVector r = x.sub(nf.mul(LN2_HI)).sub(nf.mul(LN2_LO));
            DoubleVector rr = r.mul(r);
            DoubleVector px = rr.mul(P0).add(P1).mul(rr).add(P2).mul(r);
            DoubleVector q = rr.mul(Q0).add(Q1).mul(rr).add(Q2).mul(rr).add(Q3);
            DoubleVector pe = px.div(q.sub(px)).mul(2.0).add(1.0);
            LongVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
            DoubleVector s1 = n1.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
            DoubleVector s2 = ni.sub(n1).add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
            DoubleVector e = pe.mul(s1).mul(s2);
            e.intoMemorySegment(out, (oo + i) * 8, NATIVE);
            acc = acc.add(e);
        }
        double sum = 0;
        for (double lane : acc.toArray()) {
            sum += lane;
        }
        for (; i < n; i++) {
            double e = ReduceF64.exp(in.getAtIndex(F64, io + i) - m);
            out.setAtIndex(F64, oo + i, e);
            sum += e;
        }
        return sum;
    }

    /** {@code out *= scale}. */
    private static void scale(MemorySegment out, long oo, int n, double scale) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector.fromMemorySegment(S, out, (oo + i) * 8, NATIVE).mul(scale)
                    .intoMemorySegment(out, (oo + i) * 8, NATIVE);
        }
        for (; i < n; i++) {
            out.setAtIndex(F64, oo + i, out.getAtIndex(F64, oo + i) * scale);
        }
    }

    /** {@code out = (in - m) - logSum}: subtracting m first keeps log-probabilities near 0 exact at large logits. */
    private static void shift(MemorySegment in, long io, MemorySegment out, long oo, int n, double m, double logSum) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector.fromMemorySegment(S, in, (io + i) * 8, NATIVE).sub(m).sub(logSum)
                    .intoMemorySegment(out, (oo + i) * 8, NATIVE);
        }
        for (; i < n; i++) {
            out.setAtIndex(F64, oo + i, in.getAtIndex(F64, io + i) - m - logSum);
        }
    }
}
