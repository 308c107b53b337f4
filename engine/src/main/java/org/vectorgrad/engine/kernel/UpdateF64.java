package org.vectorgrad.engine.kernel;

import static org.vectorgrad.engine.kernel.Elements.F64;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/** Float64 rows of the fused optimizer updates ({@code org.vectorgrad.engine.Updates}); contiguous operands. */
public final class UpdateF64 {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ByteOrder LE = ByteOrder.nativeOrder();

    private UpdateF64() {
    }

    /** {@code b = b * momentum + g; p = p + b * negLr}, each operation rounded to double as when done apart. */
    public static void momentum(MemorySegment p, long po, MemorySegment g, long go, MemorySegment b, long bo,
            double momentum, double negLr, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector vb = DoubleVector.fromMemorySegment(S, b, (bo + i) * 8, LE).mul(momentum)
                    .add(DoubleVector.fromMemorySegment(S, g, (go + i) * 8, LE));
            vb.intoMemorySegment(b, (bo + i) * 8, LE);
            DoubleVector.fromMemorySegment(S, p, (po + i) * 8, LE).add(vb.mul(negLr))
                    .intoMemorySegment(p, (po + i) * 8, LE);
        }
        for (; i < n; i++) {
            double vb = b.getAtIndex(F64, bo + i) * momentum + g.getAtIndex(F64, go + i);
            b.setAtIndex(F64, bo + i, vb);
            p.setAtIndex(F64, po + i, p.getAtIndex(F64, po + i) + vb * negLr);
        }
    }

    /**
     * Adam's step; {@code c} holds paramScale, beta1, 1 - beta1, beta2, 1 - beta2, sqrt(bias correction 2), eps and
     * the step size, each as the engine's scalar forms round them.
     */
    public static void adam(MemorySegment p, long po, MemorySegment g, long go, MemorySegment m, long mo,
            MemorySegment v, long vo, double[] c, int n) {
        double scale = c[0];
        double b1 = c[1];
        double omb1 = c[2];
        double b2 = c[3];
        double omb2 = c[4];
        double sbc2 = c[5];
        double eps = c[6];
        double step = c[7];
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector vg = DoubleVector.fromMemorySegment(S, g, (go + i) * 8, LE);
            DoubleVector vm = DoubleVector.fromMemorySegment(S, m, (mo + i) * 8, LE).mul(b1).add(vg.mul(omb1));
            DoubleVector vv = DoubleVector.fromMemorySegment(S, v, (vo + i) * 8, LE).mul(b2)
                    .add(vg.mul(vg).mul(omb2));
            vm.intoMemorySegment(m, (mo + i) * 8, LE);
            vv.intoMemorySegment(v, (vo + i) * 8, LE);
            DoubleVector den = vv.sqrt().div(sbc2).add(eps);
            DoubleVector.fromMemorySegment(S, p, (po + i) * 8, LE).mul(scale).add(vm.div(den).mul(step))
                    .intoMemorySegment(p, (po + i) * 8, LE);
        }
        for (; i < n; i++) {
            double vg = g.getAtIndex(F64, go + i);
            double vm = m.getAtIndex(F64, mo + i) * b1 + vg * omb1;
            double vv = v.getAtIndex(F64, vo + i) * b2 + vg * vg * omb2;
            m.setAtIndex(F64, mo + i, vm);
            v.setAtIndex(F64, vo + i, vv);
            double den = Math.sqrt(vv) / sbc2 + eps;
            p.setAtIndex(F64, po + i, p.getAtIndex(F64, po + i) * scale + vm / den * step);
        }
    }
}
