package org.vectorgrad.engine.kernel;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** The reproducible exponentials of the reduction and softmax kernels: accuracy, specials, vector == scalar. */
class ExpTest {
    @Test
    void float32ExpIsWithinTwoUlpOfMathExp() {
        double worst = 0;
        for (float x = -103f; x < 88.7f; x += 0.0173f) {
            double exact = Math.exp(x);
            float got = ReduceF32.exp(x);
            if (exact >= Float.MIN_NORMAL) {
                worst = Math.max(worst, Math.abs(got - exact) / Math.ulp((float) exact));
            } else {
                assertEquals(exact, got, Float.MIN_VALUE * 2, "subnormal at " + x);
            }
        }
        assertTrue(worst <= 2, "worst error " + worst + " ulp of Math.exp");
        assertEquals(1f, ReduceF32.exp(0f));
        assertEquals(0f, ReduceF32.exp(Float.NEGATIVE_INFINITY));
        assertEquals(0f, ReduceF32.exp(-1000f));
        assertEquals(Float.POSITIVE_INFINITY, ReduceF32.exp(89f));
        assertEquals(Float.POSITIVE_INFINITY, ReduceF32.exp(Float.POSITIVE_INFINITY));
        assertTrue(Float.isNaN(ReduceF32.exp(Float.NaN)));
    }

    @Test
    void float64ExpIsWithinTwoUlpOfMathExp() {
        double worst = 0;
        for (double x = -700; x < 709; x += 0.0131) {
            double exact = Math.exp(x);
            worst = Math.max(worst, Math.abs(ReduceF64.exp(x) - exact) / Math.ulp(exact));
        }
        assertTrue(worst <= 2, "worst error " + worst + " ulp of Math.exp");
        assertEquals(1.0, ReduceF64.exp(0));
        assertEquals(0.0, ReduceF64.exp(Double.NEGATIVE_INFINITY));
        assertEquals(Double.POSITIVE_INFINITY, ReduceF64.exp(710));
        assertTrue(Double.isNaN(ReduceF64.exp(Double.NaN)));
        assertEquals(Math.exp(-740), ReduceF64.exp(-740), Double.MIN_VALUE * 4, "subnormal results");
    }

    /** One full vector, no scalar tail: the lanes must equal the scalar form bit for bit, added in lane order. */
    @Test
    void vectorLanesEqualTheScalarFormBitForBit() {
        Random r = new Random(11);
        int lf = FloatVector.SPECIES_PREFERRED.length();
        int ld = DoubleVector.SPECIES_PREFERRED.length();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment f = arena.allocate(4L * lf, 64);
            MemorySegment d = arena.allocate(8L * ld, 64);
            for (int trial = 0; trial < 300; trial++) {
                double scale = trial % 2 == 0 ? 5 : 120;
                float shift = (float) (r.nextGaussian() * 3);
                double expectedF = 0;
                for (int i = 0; i < lf; i++) {
                    float x = (float) (r.nextGaussian() * scale);
                    f.setAtIndex(Elements.F32, i, x);
                    expectedF += ReduceF32.exp(x - shift);
                }
                assertEquals(expectedF, ReduceF32.row(ReduceKind.SUM_EXP_SHIFT, f, 0, lf, shift), 0.0);
                double expectedD = 0;
                for (int i = 0; i < ld; i++) {
                    double x = r.nextGaussian() * scale * 6;
                    d.setAtIndex(Elements.F64, i, x);
                    expectedD += ReduceF64.exp(x - shift);
                }
                assertEquals(expectedD, ReduceF64.row(ReduceKind.SUM_EXP_SHIFT, d, 0, ld, shift), 0.0);
            }
        }
    }
}
