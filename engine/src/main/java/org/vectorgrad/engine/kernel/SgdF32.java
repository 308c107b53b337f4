package org.vectorgrad.engine.kernel;

import static org.vectorgrad.engine.kernel.Elements.F32;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Float32 rows of the fused SGD update ({@code org.vectorgrad.engine.Updates}); contiguous operands. */
public final class SgdF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ByteOrder LE = ByteOrder.nativeOrder();

    private SgdF32() {
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
}
