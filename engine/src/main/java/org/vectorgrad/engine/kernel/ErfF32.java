package org.vectorgrad.engine.kernel;

import static jdk.incubator.vector.VectorOperators.*;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 SIMD rows of erf, erfc and the exact GELU ({@link UnaryRow}), same contract as {@link UnaryF32}. They
 * evaluate the three rational approximations of W. J. Cody (see {@link Erf}, the double-precision twin) lanewise
 * and blend them by region; within about 6 ulp of the exact values. The float32 and float64 files are kept line
 * for line parallel: change both.
 */
public final class ErfF32 {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    // Cody's coefficients (see Erf), in this kernel's precision.
    private static final float A0 = (float) Erf.A[0], A1 = (float) Erf.A[1], A2 = (float) Erf.A[2],
            A3 = (float) Erf.A[3], A4 = (float) Erf.A[4];
    private static final float B0 = (float) Erf.B[0], B1 = (float) Erf.B[1], B2 = (float) Erf.B[2],
            B3 = (float) Erf.B[3];
    private static final float C0 = (float) Erf.C[0], C1 = (float) Erf.C[1], C2 = (float) Erf.C[2],
            C3 = (float) Erf.C[3], C4 = (float) Erf.C[4], C5 = (float) Erf.C[5],
            C6 = (float) Erf.C[6], C7 = (float) Erf.C[7], C8 = (float) Erf.C[8];
    private static final float D0 = (float) Erf.D[0], D1 = (float) Erf.D[1], D2 = (float) Erf.D[2],
            D3 = (float) Erf.D[3], D4 = (float) Erf.D[4], D5 = (float) Erf.D[5],
            D6 = (float) Erf.D[6], D7 = (float) Erf.D[7];
    private static final float P0 = (float) Erf.P[0], P1 = (float) Erf.P[1], P2 = (float) Erf.P[2],
            P3 = (float) Erf.P[3], P4 = (float) Erf.P[4], P5 = (float) Erf.P[5];
    private static final float Q0 = (float) Erf.Q[0], Q1 = (float) Erf.Q[1], Q2 = (float) Erf.Q[2],
            Q3 = (float) Erf.Q[3], Q4 = (float) Erf.Q[4];
    private static final float THRESH = (float) Erf.THRESH, SQRPI = (float) Erf.SQRPI;
    /** Beyond this |z| erfc(z) is below the smallest subnormal; clamping keeps exp and 1/z^2 finite. */
    private static final float Y_MAX = 10.5f;
    /** {@code Y_MAX * sqrt 2}: gelu's argument is clamped to [-X_MAX, X_MAX] before the erfc part. */
    private static final float X_MAX = Y_MAX * 1.4142135623730951f;
    private static final float RSQRT2 = 0.7071067811865476f;
    private static final float INV_SQRT_2PI = (float) (1 / Math.sqrt(2 * Math.PI));

    private ErfF32() {
    }

    /** GELU, exact form: {@code x * Phi(x)}, with {@code Phi(x) = erfc(-x / sqrt 2) / 2} by Cody's approximations
     * (relative accuracy also in the lower tail, where {@code 1 + erf} would cancel). */
    public static void gelu(MemorySegment a, long ao, MemorySegment o, long oo, int n, double p, double q) {
        gelu(a, ao, null, 0, o, oo, n);
    }

    /**
     * GELU's backward, {@code g * (Phi(x) + x phi(x))} with {@code phi(x) = exp(-x^2 / 2) / sqrt(2 pi)}: the same
     * computation as the forward, which has both factors at hand.
     */
    public static void geluBackward(MemorySegment g, long go, MemorySegment a, long ao, MemorySegment o, long oo,
            int n) {
        gelu(a, ao, g, go, o, oo, n);
    }

    /** The forward ({@code g == null}) or the backward of GELU: one body, so the two cannot drift apart. */
    private static void gelu(MemorySegment a, long ao, MemorySegment g, long go, MemorySegment o, long oo, int n) {
        FloatVector one = FloatVector.broadcast(S, 1);
        boolean backward = g != null;
        for (int i = 0; i < n; i += L) {
            // the last vector is partial: a mask past n, whole vectors before it
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector x = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, NATIVE, m);
            FloatVector xc = x.max(-X_MAX).min(X_MAX);
            FloatVector z = xc.mul(RSQRT2);
            FloatVector y = z.abs().min(Y_MAX);
            // y^2 = x^2 / 2 = s + e exactly (e by an fma), from x itself: rounding z = x / sqrt 2
            // first would cost ~y^2 ulp in exp(-y^2) = exp(-s) * (1 - e)
            FloatVector xx = xc.mul(xc);
            FloatVector s = xx.mul(0.5f);
            FloatVector e = xc.fma(xc, xx.neg()).mul(0.5f);
            // exp first: the call spills every vector live across it, and few are live yet
            FloatVector es = s.neg().lanewise(EXP);
            // Cody's rational functions (Horner steps as FMAs), one division for all three: erf(z) / z on
            // [0, THRESH] (R1), erfc(y) exp(y^2) on (THRESH, 4] (R2), (1/sqrt(pi) - t R3(t)) / y with t = 1/y^2 beyond.
            FloatVector n1 = s.lanewise(FMA, A4, A0).lanewise(FMA, s, A1).lanewise(FMA, s, A2)
                    .lanewise(FMA, s, A3);
            FloatVector d1 = s.add(B0).lanewise(FMA, s, B1).lanewise(FMA, s, B2).lanewise(FMA, s, B3);
            FloatVector n2 = y.lanewise(FMA, C8, C0).lanewise(FMA, y, C1).lanewise(FMA, y, C2)
                    .lanewise(FMA, y, C3).lanewise(FMA, y, C4).lanewise(FMA, y, C5).lanewise(FMA, y, C6)
                    .lanewise(FMA, y, C7);
            FloatVector d2 = y.add(D0).lanewise(FMA, y, D1).lanewise(FMA, y, D2).lanewise(FMA, y, D3)
                    .lanewise(FMA, y, D4).lanewise(FMA, y, D5).lanewise(FMA, y, D6).lanewise(FMA, y, D7);
            FloatVector t = one.div(s);
            FloatVector n3 = t.lanewise(FMA, P5, P0).lanewise(FMA, t, P1).lanewise(FMA, t, P2)
                    .lanewise(FMA, t, P3).lanewise(FMA, t, P4);
            FloatVector d3 = t.add(Q0).lanewise(FMA, t, Q1).lanewise(FMA, t, Q2).lanewise(FMA, t, Q3)
                    .lanewise(FMA, t, Q4);
            VectorMask<Float> near = y.compare(LE, THRESH);
            VectorMask<Float> far = y.compare(GT, 4);
            FloatVector ratio = n2.blend(d3.mul(SQRPI).sub(t.mul(n3)), far).blend(n1, near)
                    .div(d2.blend(d3.mul(y), far).blend(d1, near));
            // erfc(y) outside the R1 region
            FloatVector ec = es.mul(one.sub(e)).mul(ratio);
            VectorMask<Float> negative = z.compare(LT, 0);
            FloatVector half = ec.mul(0.5f);
            FloatVector phi = one.sub(half).blend(half, negative)
                    .blend(z.mul(ratio).mul(0.5f).add(0.5f), near);
            FloatVector r = backward
                    ? FloatVector.fromMemorySegment(S, g, (go + i) * 4, NATIVE, m)
                            .mul(phi.add(x.mul(es.mul(one.sub(e))).mul(INV_SQRT_2PI)))
                    : x.mul(phi);
            r.intoMemorySegment(o, (oo + i) * 4, NATIVE, m);
        }
    }

    /** The error function, by Cody's approximations. */
    public static void erf(MemorySegment a, long ao, MemorySegment o, long oo, int n, double p, double q) {
        FloatVector one = FloatVector.broadcast(S, 1);
        for (int i = 0; i < n; i += L) {
            // the last vector is partial: a mask past n, whole vectors before it
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector x = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, NATIVE, m);
            FloatVector z = x;
            FloatVector y = z.abs().min(Y_MAX);
            // y^2 = s + e exactly (e by an fma), so exp(-y^2) = exp(-s) * (1 - e) keeps its accuracy
            // (|e| <= ulp(s)/2)
            FloatVector s = y.mul(y);
            FloatVector e = y.fma(y, s.neg());
            // exp first: the call spills every vector live across it, and few are live yet
            FloatVector es = s.neg().lanewise(EXP);
            // Cody's rational functions (Horner steps as FMAs), one division for all three: erf(z) / z on
            // [0, THRESH] (R1), erfc(y) exp(y^2) on (THRESH, 4] (R2), (1/sqrt(pi) - t R3(t)) / y with t = 1/y^2 beyond.
            FloatVector n1 = s.lanewise(FMA, A4, A0).lanewise(FMA, s, A1).lanewise(FMA, s, A2)
                    .lanewise(FMA, s, A3);
            FloatVector d1 = s.add(B0).lanewise(FMA, s, B1).lanewise(FMA, s, B2).lanewise(FMA, s, B3);
            FloatVector n2 = y.lanewise(FMA, C8, C0).lanewise(FMA, y, C1).lanewise(FMA, y, C2)
                    .lanewise(FMA, y, C3).lanewise(FMA, y, C4).lanewise(FMA, y, C5).lanewise(FMA, y, C6)
                    .lanewise(FMA, y, C7);
            FloatVector d2 = y.add(D0).lanewise(FMA, y, D1).lanewise(FMA, y, D2).lanewise(FMA, y, D3)
                    .lanewise(FMA, y, D4).lanewise(FMA, y, D5).lanewise(FMA, y, D6).lanewise(FMA, y, D7);
            FloatVector t = one.div(s);
            FloatVector n3 = t.lanewise(FMA, P5, P0).lanewise(FMA, t, P1).lanewise(FMA, t, P2)
                    .lanewise(FMA, t, P3).lanewise(FMA, t, P4);
            FloatVector d3 = t.add(Q0).lanewise(FMA, t, Q1).lanewise(FMA, t, Q2).lanewise(FMA, t, Q3)
                    .lanewise(FMA, t, Q4);
            VectorMask<Float> near = y.compare(LE, THRESH);
            VectorMask<Float> far = y.compare(GT, 4);
            FloatVector ratio = n2.blend(d3.mul(SQRPI).sub(t.mul(n3)), far).blend(n1, near)
                    .div(d2.blend(d3.mul(y), far).blend(d1, near));
            // erfc(y) outside the R1 region
            FloatVector ec = es.mul(one.sub(e)).mul(ratio);
            VectorMask<Float> negative = z.compare(LT, 0);
            FloatVector outer = one.sub(ec);
            FloatVector r = outer.blend(outer.neg(), negative)
                    .blend(z.mul(ratio), near);
            r.intoMemorySegment(o, (oo + i) * 4, NATIVE, m);
        }
    }

    /** The complementary error function {@code 1 - erf(x)}, relatively accurate where it is tiny. */
    public static void erfc(MemorySegment a, long ao, MemorySegment o, long oo, int n, double p, double q) {
        FloatVector one = FloatVector.broadcast(S, 1);
        for (int i = 0; i < n; i += L) {
            // the last vector is partial: a mask past n, whole vectors before it
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector x = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, NATIVE, m);
            FloatVector z = x;
            FloatVector y = z.abs().min(Y_MAX);
            // y^2 = s + e exactly (e by an fma), so exp(-y^2) = exp(-s) * (1 - e) keeps its accuracy
            // (|e| <= ulp(s)/2)
            FloatVector s = y.mul(y);
            FloatVector e = y.fma(y, s.neg());
            // exp first: the call spills every vector live across it, and few are live yet
            FloatVector es = s.neg().lanewise(EXP);
            // Cody's rational functions (Horner steps as FMAs), one division for all three: erf(z) / z on
            // [0, THRESH] (R1), erfc(y) exp(y^2) on (THRESH, 4] (R2), (1/sqrt(pi) - t R3(t)) / y with t = 1/y^2 beyond.
            FloatVector n1 = s.lanewise(FMA, A4, A0).lanewise(FMA, s, A1).lanewise(FMA, s, A2)
                    .lanewise(FMA, s, A3);
            FloatVector d1 = s.add(B0).lanewise(FMA, s, B1).lanewise(FMA, s, B2).lanewise(FMA, s, B3);
            FloatVector n2 = y.lanewise(FMA, C8, C0).lanewise(FMA, y, C1).lanewise(FMA, y, C2)
                    .lanewise(FMA, y, C3).lanewise(FMA, y, C4).lanewise(FMA, y, C5).lanewise(FMA, y, C6)
                    .lanewise(FMA, y, C7);
            FloatVector d2 = y.add(D0).lanewise(FMA, y, D1).lanewise(FMA, y, D2).lanewise(FMA, y, D3)
                    .lanewise(FMA, y, D4).lanewise(FMA, y, D5).lanewise(FMA, y, D6).lanewise(FMA, y, D7);
            FloatVector t = one.div(s);
            FloatVector n3 = t.lanewise(FMA, P5, P0).lanewise(FMA, t, P1).lanewise(FMA, t, P2)
                    .lanewise(FMA, t, P3).lanewise(FMA, t, P4);
            FloatVector d3 = t.add(Q0).lanewise(FMA, t, Q1).lanewise(FMA, t, Q2).lanewise(FMA, t, Q3)
                    .lanewise(FMA, t, Q4);
            VectorMask<Float> near = y.compare(LE, THRESH);
            VectorMask<Float> far = y.compare(GT, 4);
            FloatVector ratio = n2.blend(d3.mul(SQRPI).sub(t.mul(n3)), far).blend(n1, near)
                    .div(d2.blend(d3.mul(y), far).blend(d1, near));
            // erfc(y) outside the R1 region
            FloatVector ec = es.mul(one.sub(e)).mul(ratio);
            VectorMask<Float> negative = z.compare(LT, 0);
            FloatVector r = ec.blend(ec.neg().add(2), negative)
                    .blend(one.sub(z.mul(ratio)), near);
            r.intoMemorySegment(o, (oo + i) * 4, NATIVE, m);
        }
    }
}
