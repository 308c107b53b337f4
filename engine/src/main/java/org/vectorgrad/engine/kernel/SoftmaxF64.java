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
    /** Elements whose exponentials are summed in vector lanes before the partial moves to the double total. */
    private static final int BLOCK = 2048;

    private SoftmaxF64() {
    }

    /** Writes softmax (or log-softmax) of {@code in[io .. io+n)} to {@code out[oo .. oo+n)}; may be in place. */
    public static void row(boolean log, MemorySegment in, long io, MemorySegment out, long oo, int n) {
        if (n == 0) {
            return;
        }
        int bound = S.loopBound(n);
        DoubleVector m0 = DoubleVector.broadcast(S, Double.NEGATIVE_INFINITY);
        int i = 0;
        for (; i < bound; i += L) {
            m0 = m0.max(DoubleVector.fromMemorySegment(S, in, (io + i) * 8, NATIVE));
        }
        double m = m0.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            m = Math.max(m, in.getAtIndex(F64, io + i));
        }
        DoubleVector vm = DoubleVector.broadcast(S, m);
        // Softmax stores the exponentials in out and rescales them; log-softmax only needs their sum.
        double sum = 0;
        for (int b = 0; b < n; b += BLOCK) {
            int end = Math.min(n, b + BLOCK);
            int vend = b + S.loopBound(end - b);
            DoubleVector acc = DoubleVector.zero(S);
            int j = b;
            for (; j < vend; j += L) {
                DoubleVector x = DoubleVector.fromMemorySegment(S, in, (io + j) * 8, NATIVE).sub(vm);
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
                if (!log) {
                    e.intoMemorySegment(out, (oo + j) * 8, NATIVE);
                }
                acc = acc.add(e);
            }
            for (double lane : acc.toArray()) {
                sum += lane;
            }
            for (; j < end; j++) {
                double e = ReduceF64.exp(in.getAtIndex(F64, io + j) - m);
                if (!log) {
                    out.setAtIndex(F64, oo + j, e);
                }
                sum += e;
            }
        }
        int k = 0;
        if (log) {
            double shift = Math.log(sum);
            DoubleVector vs = DoubleVector.broadcast(S, shift);
            for (; k < bound; k += L) {
                DoubleVector.fromMemorySegment(S, in, (io + k) * 8, NATIVE).sub(vm).sub(vs)
                        .intoMemorySegment(out, (oo + k) * 8, NATIVE);
            }
            for (; k < n; k++) {
                out.setAtIndex(F64, oo + k, in.getAtIndex(F64, io + k) - m - shift);
            }
        } else {
            double scale = 1.0 / sum;
            for (; k < bound; k += L) {
                DoubleVector.fromMemorySegment(S, out, (oo + k) * 8, NATIVE).mul(scale)
                        .intoMemorySegment(out, (oo + k) * 8, NATIVE);
            }
            for (; k < n; k++) {
                out.setAtIndex(F64, oo + k, out.getAtIndex(F64, oo + k) * scale);
            }
        }
    }
}
