package org.vectorgrad.engine.kernel;

/**
 * The error function in double precision, after W. J. Cody, "Rational Chebyshev approximations for the error
 * function", Math. Comp. 23 (1969) 631-637 (the coefficients of his CALERF routine). Relative error below
 * about 1e-15 (a few ulp) over the whole range. This is the scalar twin that the SIMD erf, erfc and gelu rows
 * are tested against; the rows evaluate the same three rational approximations lanewise.
 */
public final class Erf {
    /** Region boundaries: erf by R1 on [0, THRESH], erfc by R2 on (THRESH, 4], erfc by R3 beyond. */
    static final double THRESH = 0.46875;
    /** 1 / sqrt(pi). */
    static final double SQRPI = 5.6418958354775628695e-1;
    private static final double SQRT1_2 = 0.70710678118654752440;
    /** erfc(x) is below the smallest subnormal double beyond this argument. */
    private static final double XBIG = 27.3;

    static final double[] A = {3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02,
            3.20937758913846947e03, 1.85777706184603153e-1};
    static final double[] B = {2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03,
            2.84423683343917062e03};
    static final double[] C = {5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01,
            2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03, 2.05107837782607147e03,
            1.23033935479799725e03, 2.15311535474403846e-8};
    static final double[] D = {1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02,
            1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03, 3.43936767414372164e03,
            1.23033935480374942e03};
    static final double[] P = {3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1,
            1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2};
    static final double[] Q = {2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1,
            6.05183413124413191e-2, 2.33520497626869185e-3};

    private Erf() {
    }

    /** erf(x). */
    public static double erf(double x) {
        double y = Math.abs(x);
        if (y <= THRESH) {
            return x * small(y);
        }
        double r = 1 - erfcPositive(y);
        return x < 0 ? -r : r;
    }

    /** erfc(x) = 1 - erf(x), accurate in relative terms also where it is tiny (large x). */
    public static double erfc(double x) {
        double y = Math.abs(x);
        if (y <= THRESH) {
            return 1 - x * small(y);
        }
        double r = erfcPositive(y);
        return x < 0 ? 2 - r : r;
    }

    /**
     * The standard normal CDF {@code Phi(x) = erfc(-x / sqrt 2) / 2}, relatively accurate also in the lower tail:
     * {@code exp(-x^2 / 2)} is formed from x itself, not from the rounded {@code x / sqrt 2}.
     */
    public static double normalCdf(double x) {
        double y = Math.abs(x) * SQRT1_2;
        if (y <= THRESH) {
            return 0.5 + 0.5 * (x * SQRT1_2) * small(y);
        }
        if (y >= XBIG) {
            return x < 0 ? 0 : 1;
        }
        double ax = Math.abs(x);
        double xh = Math.floor(ax * 16) / 16;
        double del = (ax - xh) * (ax + xh);
        double ec = Math.exp(-0.5 * xh * xh) * Math.exp(-0.5 * del) * ratio(y);
        return x < 0 ? 0.5 * ec : 1 - 0.5 * ec;
    }

    /** erf(y) / y for 0 &lt;= y &lt;= THRESH (R1). */
    private static double small(double y) {
        double ysq = y * y;
        double num = A[4] * ysq;
        double den = ysq;
        for (int i = 0; i < 3; i++) {
            num = (num + A[i]) * ysq;
            den = (den + B[i]) * ysq;
        }
        return (num + A[3]) / (den + B[3]);
    }

    /** erfc(y) for y &gt; THRESH, with exp(-y*y) split so that its argument stays exact (Cody's trick). */
    private static double erfcPositive(double y) {
        if (y >= XBIG) {
            return 0;
        }
        double yh = Math.floor(y * 16) / 16;
        double del = (y - yh) * (y + yh);
        return Math.exp(-yh * yh) * Math.exp(-del) * ratio(y);
    }

    /** {@code erfc(y) * exp(y*y)} for THRESH &lt; y &lt; XBIG: R2 up to 4, R3 beyond. */
    private static double ratio(double y) {
        if (y <= 4) {
            double num = C[8] * y;
            double den = y;
            for (int i = 0; i < 7; i++) {
                num = (num + C[i]) * y;
                den = (den + D[i]) * y;
            }
            return (num + C[7]) / (den + D[7]);
        }
        double ysq = 1 / (y * y);
        double num = P[5] * ysq;
        double den = ysq;
        for (int i = 0; i < 4; i++) {
            num = (num + P[i]) * ysq;
            den = (den + Q[i]) * ysq;
        }
        double r = ysq * (num + P[4]) / (den + Q[4]);
        return (SQRPI - r) / y;
    }
}
