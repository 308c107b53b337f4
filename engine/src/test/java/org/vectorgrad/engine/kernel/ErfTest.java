package org.vectorgrad.engine.kernel;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The double-precision erf (Cody) against values computed with mpmath at 200 bits. */
class ErfTest {
    /** x, erf(x), erfc(x). */
    private static final double[][] ERF = {
        {-6.0, -9.9999999999999997848e-1, 1.9999999999999999785},
        {-3.0, -9.9997790950300141456e-1, 1.9999779095030014146},
        {-1.0, -8.4270079294971486934e-1, 1.8427007929497148693},
        {-0.5, -5.2049987781304653768e-1, 1.5204998778130465377},
        {-0.001, -1.1283787909692364034e-3, 1.0011283787909692364},
        {0.0, 0.0, 1.0},
        {0.001, 1.1283787909692364034e-3, 9.988716212090307636e-1},
        {0.3, 3.2862675945912741619e-1, 6.7137324054087258381e-1},
        {0.46875, 4.9261347321793799159e-1, 5.0738652678206200841e-1},
        {0.5, 5.2049987781304653768e-1, 4.7950012218695346232e-1},
        {1.0, 8.4270079294971486934e-1, 1.5729920705028513066e-1},
        {2.0, 9.9532226501895273416e-1, 4.6777349810472658379e-3},
        {3.9, 9.9999996520775140277e-1, 3.4792248597231767129e-8},
        {4.0, 9.9999998458274209972e-1, 1.5417257900280018852e-8},
        {4.1, 9.9999999329997234592e-1, 6.7000276540849184417e-9},
        {6.0, 9.9999999999999997848e-1, 2.1519736712498913117e-17},
        {10.0, 1.0, 2.088487583762544757e-45},
        {26.0, 1.0, 5.6631924088561428465e-296},
    };

    /** x, Phi(x). */
    private static final double[][] CDF = {
        {-20.0, 2.7536241186062336951e-89},
        {-5.0, 2.8665157187919391167e-7},
        {-1.0, 1.5865525393145705141e-1},
        {0.0, 5.0e-1},
        {1e-05, 5.0000398942280394784e-1},
        {1.0, 8.4134474606854294859e-1},
        {5.0, 9.9999971334842812081e-1},
    };

    /** Within 6 ulp: Cody's approximations reach about 1e-16 relative, plus the rounding of their evaluation. */
    private static void assertUlps(double want, double got, String what) {
        assertTrue(Math.abs(got - want) <= 6 * Math.ulp(want), () -> what + ": got " + got + ", want " + want);
    }

    @Test
    void erfAndErfcMatchHighPrecisionValues() {
        for (double[] row : ERF) {
            assertUlps(row[1], Erf.erf(row[0]), "erf(" + row[0] + ")");
            assertUlps(row[2], Erf.erfc(row[0]), "erfc(" + row[0] + ")");
        }
        assertEquals(0.0, Erf.erfc(30));
        assertEquals(2.0, Erf.erfc(-30));
        assertTrue(Double.isNaN(Erf.erf(Double.NaN)));
        assertEquals(1.0, Erf.erf(Double.POSITIVE_INFINITY));
        assertEquals(-1.0, Erf.erf(Double.NEGATIVE_INFINITY));
    }

    @Test
    void normalCdfIsRelativelyAccurateInTheLowerTail() {
        for (double[] row : CDF) {
            assertUlps(row[1], Erf.normalCdf(row[0]), "Phi(" + row[0] + ")");
        }
        assertEquals(0.0, Erf.normalCdf(-40));
        assertEquals(1.0, Erf.normalCdf(40));
    }
}
