package org.vectorgrad.engine.kernel;

import static jdk.incubator.vector.VectorOperators.*;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * float64 SIMD rows of erf, erfc and the exact GELU ({@link UnaryRow}), same contract as {@link UnaryF64}. They
 * evaluate the three rational approximations of W. J. Cody (see {@link Erf}, the double-precision twin) lanewise
 * and blend them by region; within about 6 ulp of the exact values. The float32 and float64 files are kept line
 * for line parallel: change both.
 */
public final class ErfF64 {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    // Cody's coefficients (see Erf), in this kernel's precision.
    private static final double A0 = Erf.A[0], A1 = Erf.A[1], A2 = Erf.A[2],
            A3 = Erf.A[3], A4 = Erf.A[4];
    private static final double B0 = Erf.B[0], B1 = Erf.B[1], B2 = Erf.B[2],
            B3 = Erf.B[3];
    private static final double C0 = Erf.C[0], C1 = Erf.C[1], C2 = Erf.C[2],
            C3 = Erf.C[3], C4 = Erf.C[4], C5 = Erf.C[5],
            C6 = Erf.C[6], C7 = Erf.C[7], C8 = Erf.C[8];
    private static final double D0 = Erf.D[0], D1 = Erf.D[1], D2 = Erf.D[2],
            D3 = Erf.D[3], D4 = Erf.D[4], D5 = Erf.D[5],
            D6 = Erf.D[6], D7 = Erf.D[7];
    private static final double P0 = Erf.P[0], P1 = Erf.P[1], P2 = Erf.P[2],
            P3 = Erf.P[3], P4 = Erf.P[4], P5 = Erf.P[5];
    private static final double Q0 = Erf.Q[0], Q1 = Erf.Q[1], Q2 = Erf.Q[2],
            Q3 = Erf.Q[3], Q4 = Erf.Q[4];
    private static final double THRESH = Erf.THRESH, SQRPI = Erf.SQRPI;
    /** Beyond this |z| erfc(z) is below the smallest subnormal; clamping keeps exp and 1/z^2 finite. */
    private static final double Y_MAX = 27.3;
    /** {@code Y_MAX * sqrt 2}: gelu's argument is clamped to [-X_MAX, X_MAX] before the erfc part. */
    private static final double X_MAX = Y_MAX * 1.4142135623730951;
    private static final double RSQRT2 = 0.7071067811865476;

    private ErfF64() {
    }

    /** GELU, exact form: {@code x * Phi(x)}, with {@code Phi(x) = erfc(-x / sqrt 2) / 2} by Cody's approximations
     * (relative accuracy also in the lower tail, where {@code 1 + erf} would cancel). */
    public static void gelu(MemorySegment a, long ao, MemorySegment o, long oo, int n, double p, double q) {
        DoubleVector one = DoubleVector.broadcast(S, 1);
        for (int i = 0; i < n; i += L) {
            // the last vector is partial: a mask past n, whole vectors before it
            VectorMask<Double> m = S.indexInRange(i, n);
            DoubleVector x = DoubleVector.fromMemorySegment(S, a, (ao + i) * 8, NATIVE, m);
            DoubleVector xc = x.max(-X_MAX).min(X_MAX);
            DoubleVector z = xc.mul(RSQRT2);
            DoubleVector y = z.abs().min(Y_MAX);
            // y^2 = x^2 / 2 = s + e exactly (e by an fma), from x itself: rounding z = x / sqrt 2
            // first would cost ~y^2 ulp in exp(-y^2) = exp(-s) * (1 - e)
            DoubleVector xx = xc.mul(xc);
            DoubleVector s = xx.mul(0.5);
            DoubleVector e = xc.fma(xc, xx.neg()).mul(0.5);
            // exp first: the call spills every vector live across it, and few are live yet
            DoubleVector es = s.neg().lanewise(EXP);
            // Cody's rational functions (Horner steps as FMAs), one division for all three: erf(z) / z on
            // [0, THRESH] (R1), erfc(y) exp(y^2) on (THRESH, 4] (R2), (1/sqrt(pi) - t R3(t)) / y with t = 1/y^2 beyond.
            DoubleVector n1 = s.lanewise(FMA, A4, A0).lanewise(FMA, s, A1).lanewise(FMA, s, A2)
                    .lanewise(FMA, s, A3);
            DoubleVector d1 = s.add(B0).lanewise(FMA, s, B1).lanewise(FMA, s, B2).lanewise(FMA, s, B3);
            DoubleVector n2 = y.lanewise(FMA, C8, C0).lanewise(FMA, y, C1).lanewise(FMA, y, C2)
                    .lanewise(FMA, y, C3).lanewise(FMA, y, C4).lanewise(FMA, y, C5).lanewise(FMA, y, C6)
                    .lanewise(FMA, y, C7);
            DoubleVector d2 = y.add(D0).lanewise(FMA, y, D1).lanewise(FMA, y, D2).lanewise(FMA, y, D3)
                    .lanewise(FMA, y, D4).lanewise(FMA, y, D5).lanewise(FMA, y, D6).lanewise(FMA, y, D7);
            DoubleVector t = one.div(s);
            DoubleVector n3 = t.lanewise(FMA, P5, P0).lanewise(FMA, t, P1).lanewise(FMA, t, P2)
                    .lanewise(FMA, t, P3).lanewise(FMA, t, P4);
            DoubleVector d3 = t.add(Q0).lanewise(FMA, t, Q1).lanewise(FMA, t, Q2).lanewise(FMA, t, Q3)
                    .lanewise(FMA, t, Q4);
            VectorMask<Double> near = y.compare(LE, THRESH);
            VectorMask<Double> far = y.compare(GT, 4);
            DoubleVector ratio = n2.blend(d3.mul(SQRPI).sub(t.mul(n3)), far).blend(n1, near)
                    .div(d2.blend(d3.mul(y), far).blend(d1, near));
            // erfc(y) outside the R1 region
            DoubleVector ec = es.mul(one.sub(e)).mul(ratio);
            VectorMask<Double> negative = z.compare(LT, 0);
            DoubleVector half = ec.mul(0.5);
            DoubleVector phi = one.sub(half).blend(half, negative)
                    .blend(z.mul(ratio).mul(0.5).add(0.5), near);
            DoubleVector r = x.mul(phi);
            r.intoMemorySegment(o, (oo + i) * 8, NATIVE, m);
        }
    }

    /** The error function, by Cody's approximations. */
    public static void erf(MemorySegment a, long ao, MemorySegment o, long oo, int n, double p, double q) {
        DoubleVector one = DoubleVector.broadcast(S, 1);
        for (int i = 0; i < n; i += L) {
            // the last vector is partial: a mask past n, whole vectors before it
            VectorMask<Double> m = S.indexInRange(i, n);
            DoubleVector x = DoubleVector.fromMemorySegment(S, a, (ao + i) * 8, NATIVE, m);
            DoubleVector z = x;
            DoubleVector y = z.abs().min(Y_MAX);
            // y^2 = s + e exactly (e by an fma), so exp(-y^2) = exp(-s) * (1 - e) keeps its accuracy
            // (|e| <= ulp(s)/2)
            DoubleVector s = y.mul(y);
            DoubleVector e = y.fma(y, s.neg());
            // exp first: the call spills every vector live across it, and few are live yet
            DoubleVector es = s.neg().lanewise(EXP);
            // Cody's rational functions (Horner steps as FMAs), one division for all three: erf(z) / z on
            // [0, THRESH] (R1), erfc(y) exp(y^2) on (THRESH, 4] (R2), (1/sqrt(pi) - t R3(t)) / y with t = 1/y^2 beyond.
            DoubleVector n1 = s.lanewise(FMA, A4, A0).lanewise(FMA, s, A1).lanewise(FMA, s, A2)
                    .lanewise(FMA, s, A3);
            DoubleVector d1 = s.add(B0).lanewise(FMA, s, B1).lanewise(FMA, s, B2).lanewise(FMA, s, B3);
            DoubleVector n2 = y.lanewise(FMA, C8, C0).lanewise(FMA, y, C1).lanewise(FMA, y, C2)
                    .lanewise(FMA, y, C3).lanewise(FMA, y, C4).lanewise(FMA, y, C5).lanewise(FMA, y, C6)
                    .lanewise(FMA, y, C7);
            DoubleVector d2 = y.add(D0).lanewise(FMA, y, D1).lanewise(FMA, y, D2).lanewise(FMA, y, D3)
                    .lanewise(FMA, y, D4).lanewise(FMA, y, D5).lanewise(FMA, y, D6).lanewise(FMA, y, D7);
            DoubleVector t = one.div(s);
            DoubleVector n3 = t.lanewise(FMA, P5, P0).lanewise(FMA, t, P1).lanewise(FMA, t, P2)
                    .lanewise(FMA, t, P3).lanewise(FMA, t, P4);
            DoubleVector d3 = t.add(Q0).lanewise(FMA, t, Q1).lanewise(FMA, t, Q2).lanewise(FMA, t, Q3)
                    .lanewise(FMA, t, Q4);
            VectorMask<Double> near = y.compare(LE, THRESH);
            VectorMask<Double> far = y.compare(GT, 4);
            DoubleVector ratio = n2.blend(d3.mul(SQRPI).sub(t.mul(n3)), far).blend(n1, near)
                    .div(d2.blend(d3.mul(y), far).blend(d1, near));
            // erfc(y) outside the R1 region
            DoubleVector ec = es.mul(one.sub(e)).mul(ratio);
            VectorMask<Double> negative = z.compare(LT, 0);
            DoubleVector outer = one.sub(ec);
            DoubleVector r = outer.blend(outer.neg(), negative)
                    .blend(z.mul(ratio), near);
            r.intoMemorySegment(o, (oo + i) * 8, NATIVE, m);
        }
    }

    /** The complementary error function {@code 1 - erf(x)}, relatively accurate where it is tiny. */
    public static void erfc(MemorySegment a, long ao, MemorySegment o, long oo, int n, double p, double q) {
        DoubleVector one = DoubleVector.broadcast(S, 1);
        for (int i = 0; i < n; i += L) {
            // the last vector is partial: a mask past n, whole vectors before it
            VectorMask<Double> m = S.indexInRange(i, n);
            DoubleVector x = DoubleVector.fromMemorySegment(S, a, (ao + i) * 8, NATIVE, m);
            DoubleVector z = x;
            DoubleVector y = z.abs().min(Y_MAX);
            // y^2 = s + e exactly (e by an fma), so exp(-y^2) = exp(-s) * (1 - e) keeps its accuracy
            // (|e| <= ulp(s)/2)
            DoubleVector s = y.mul(y);
            DoubleVector e = y.fma(y, s.neg());
            // exp first: the call spills every vector live across it, and few are live yet
            DoubleVector es = s.neg().lanewise(EXP);
            // Cody's rational functions (Horner steps as FMAs), one division for all three: erf(z) / z on
            // [0, THRESH] (R1), erfc(y) exp(y^2) on (THRESH, 4] (R2), (1/sqrt(pi) - t R3(t)) / y with t = 1/y^2 beyond.
            DoubleVector n1 = s.lanewise(FMA, A4, A0).lanewise(FMA, s, A1).lanewise(FMA, s, A2)
                    .lanewise(FMA, s, A3);
            DoubleVector d1 = s.add(B0).lanewise(FMA, s, B1).lanewise(FMA, s, B2).lanewise(FMA, s, B3);
            DoubleVector n2 = y.lanewise(FMA, C8, C0).lanewise(FMA, y, C1).lanewise(FMA, y, C2)
                    .lanewise(FMA, y, C3).lanewise(FMA, y, C4).lanewise(FMA, y, C5).lanewise(FMA, y, C6)
                    .lanewise(FMA, y, C7);
            DoubleVector d2 = y.add(D0).lanewise(FMA, y, D1).lanewise(FMA, y, D2).lanewise(FMA, y, D3)
                    .lanewise(FMA, y, D4).lanewise(FMA, y, D5).lanewise(FMA, y, D6).lanewise(FMA, y, D7);
            DoubleVector t = one.div(s);
            DoubleVector n3 = t.lanewise(FMA, P5, P0).lanewise(FMA, t, P1).lanewise(FMA, t, P2)
                    .lanewise(FMA, t, P3).lanewise(FMA, t, P4);
            DoubleVector d3 = t.add(Q0).lanewise(FMA, t, Q1).lanewise(FMA, t, Q2).lanewise(FMA, t, Q3)
                    .lanewise(FMA, t, Q4);
            VectorMask<Double> near = y.compare(LE, THRESH);
            VectorMask<Double> far = y.compare(GT, 4);
            DoubleVector ratio = n2.blend(d3.mul(SQRPI).sub(t.mul(n3)), far).blend(n1, near)
                    .div(d2.blend(d3.mul(y), far).blend(d1, near));
            // erfc(y) outside the R1 region
            DoubleVector ec = es.mul(one.sub(e)).mul(ratio);
            VectorMask<Double> negative = z.compare(LT, 0);
            DoubleVector r = ec.blend(ec.neg().add(2), negative)
                    .blend(one.sub(z.mul(ratio)), near);
            r.intoMemorySegment(o, (oo + i) * 8, NATIVE, m);
        }
    }
}
