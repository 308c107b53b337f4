package org.vectorgrad.engine.kernel;

import static org.vectorgrad.engine.kernel.Elements.F32;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Float32 rows of the fused optimizer updates ({@code org.vectorgrad.engine.Updates}); contiguous operands. */
public final class UpdateF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ByteOrder LE = ByteOrder.nativeOrder();

    private UpdateF32() {
    }

    /** {@code b = b * momentum + g; p = p + b * negLr}, each operation rounded to float as when done apart. */
    public static void momentum(MemorySegment p, long po, MemorySegment g, long go, MemorySegment b, long bo,
            float momentum, float negLr, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector vb = FloatVector.fromMemorySegment(S, b, (bo + i) * 4, LE).mul(momentum)
                    .add(FloatVector.fromMemorySegment(S, g, (go + i) * 4, LE));
            vb.intoMemorySegment(b, (bo + i) * 4, LE);
            FloatVector.fromMemorySegment(S, p, (po + i) * 4, LE).add(vb.mul(negLr))
                    .intoMemorySegment(p, (po + i) * 4, LE);
        }
        for (; i < n; i++) {
            float vb = b.getAtIndex(F32, bo + i) * momentum + g.getAtIndex(F32, go + i);
            b.setAtIndex(F32, bo + i, vb);
            p.setAtIndex(F32, po + i, p.getAtIndex(F32, po + i) + vb * negLr);
        }
    }

    /**
     * Adam's step; {@code c} holds paramScale, beta1, 1 - beta1, beta2, 1 - beta2, sqrt(bias correction 2), eps and
     * the step size, each rounded to float here as the engine's scalar forms round them.
     */
    public static void adam(MemorySegment p, long po, MemorySegment g, long go, MemorySegment m, long mo,
            MemorySegment v, long vo, double[] c, int n) {
        float scale = (float) c[0];
        float b1 = (float) c[1];
        float omb1 = (float) c[2];
        float b2 = (float) c[3];
        float omb2 = (float) c[4];
        float sbc2 = (float) c[5];
        float eps = (float) c[6];
        float step = (float) c[7];
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector vg = FloatVector.fromMemorySegment(S, g, (go + i) * 4, LE);
            FloatVector vm = FloatVector.fromMemorySegment(S, m, (mo + i) * 4, LE).mul(b1).add(vg.mul(omb1));
            FloatVector vv = FloatVector.fromMemorySegment(S, v, (vo + i) * 4, LE).mul(b2)
                    .add(vg.mul(vg).mul(omb2));
            vm.intoMemorySegment(m, (mo + i) * 4, LE);
            vv.intoMemorySegment(v, (vo + i) * 4, LE);
            FloatVector den = vv.sqrt().div(sbc2).add(eps);
            FloatVector.fromMemorySegment(S, p, (po + i) * 4, LE).mul(scale).add(vm.div(den).mul(step))
                    .intoMemorySegment(p, (po + i) * 4, LE);
        }
        for (; i < n; i++) {
            float vg = g.getAtIndex(F32, go + i);
            float vm = m.getAtIndex(F32, mo + i) * b1 + vg * omb1;
            float vv = v.getAtIndex(F32, vo + i) * b2 + vg * vg * omb2;
            m.setAtIndex(F32, mo + i, vm);
            v.setAtIndex(F32, vo + i, vv);
            float den = (float) Math.sqrt(vv) / sbc2 + eps;
            p.setAtIndex(F32, po + i, p.getAtIndex(F32, po + i) * scale + vm / den * step);
        }
    }
}
