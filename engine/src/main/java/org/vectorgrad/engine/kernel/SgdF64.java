package org.vectorgrad.engine.kernel;

import static org.vectorgrad.engine.kernel.Elements.F64;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/** Float64 rows of the fused SGD update ({@code org.vectorgrad.engine.Updates}); contiguous operands. */
public final class SgdF64 {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ByteOrder LE = ByteOrder.nativeOrder();

    private SgdF64() {
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
}
