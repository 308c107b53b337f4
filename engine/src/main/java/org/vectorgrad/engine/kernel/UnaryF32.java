package org.vectorgrad.engine.kernel;

import static jdk.incubator.vector.VectorOperators.*;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 SIMD rows of the elementwise math ops ({@link UnaryRow}): input and output contiguous. Each op keeps its
 * vectors inside one loop method: full vectors, then the same arithmetic once more with a mask for the tail, so an
 * element's result does not depend on where it falls in a row. The transcendental ops use the Vector API's
 * lanewise operators (within 1 ulp of the exact result); the twin of every op is the double definition in
 * {@code UnaryOp}. The float32 and float64 files are kept line for line parallel: change both.
 */
public final class UnaryF32 {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    private UnaryF32() {
    }

    /** {@code -x}. */
    public static void neg(MemorySegment a, long ao, MemorySegment o, long oo, int n, double p, double q) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, NATIVE);
            FloatVector r = x.neg();
            r.intoMemorySegment(o, (oo + i) * 4, NATIVE);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector x = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, NATIVE, m);
            FloatVector r = x.neg();
            r.intoMemorySegment(o, (oo + i) * 4, NATIVE, m);
        }
    }

    /** {@code |x|}. */
    public static void abs(MemorySegment a, long ao, MemorySegment o, long oo, int n, double p, double q) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, NATIVE);
            FloatVector r = x.abs();
            r.intoMemorySegment(o, (oo + i) * 4, NATIVE);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector x = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, NATIVE, m);
            FloatVector r = x.abs();
            r.intoMemorySegment(o, (oo + i) * 4, NATIVE, m);
        }
    }

    /** {@code 1, 0, -1} by the sign of x; NaN gives 0, as in PyTorch. */
    public static void sign(MemorySegment a, long ao, MemorySegment o, long oo, int n, double p, double q) {
        FloatVector one = FloatVector.broadcast(S, 1);
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, NATIVE);
            FloatVector r = zero.blend(one, x.compare(GT, zero)).blend(one.neg(), x.compare(LT, zero));
            r.intoMemorySegment(o, (oo + i) * 4, NATIVE);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector x = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, NATIVE, m);
            FloatVector r = zero.blend(one, x.compare(GT, zero)).blend(one.neg(), x.compare(LT, zero));
            r.intoMemorySegment(o, (oo + i) * 4, NATIVE, m);
        }
    }

    /** {@code x * x}. */
    public static void square(MemorySegment a, long ao, MemorySegment o, long oo, int n, double p, double q) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, NATIVE);
            FloatVector r = x.mul(x);
            r.intoMemorySegment(o, (oo + i) * 4, NATIVE);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector x = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, NATIVE, m);
            FloatVector r = x.mul(x);
            r.intoMemorySegment(o, (oo + i) * 4, NATIVE, m);
        }
    }

    /** {@code 1 / x}. */
    public static void reciprocal(MemorySegment a, long ao, MemorySegment o, long oo, int n, double p, double q) {
        FloatVector one = FloatVector.broadcast(S, 1);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, NATIVE);
            FloatVector r = one.div(x);
            r.intoMemorySegment(o, (oo + i) * 4, NATIVE);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector x = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, NATIVE, m);
            FloatVector r = one.div(x);
            r.intoMemorySegment(o, (oo + i) * 4, NATIVE, m);
        }
    }

    /** Square root (exact IEEE). */
    public static void sqrt(MemorySegment a, long ao, MemorySegment o, long oo, int n, double p, double q) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, NATIVE);
            FloatVector r = x.sqrt();
            r.intoMemorySegment(o, (oo + i) * 4, NATIVE);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector x = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, NATIVE, m);
            FloatVector r = x.sqrt();
            r.intoMemorySegment(o, (oo + i) * 4, NATIVE, m);
        }
    }

    /** {@code 1 / sqrt(x)} (two roundings). */
    public static void rsqrt(MemorySegment a, long ao, MemorySegment o, long oo, int n, double p, double q) {
        FloatVector one = FloatVector.broadcast(S, 1);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, NATIVE);
            FloatVector r = one.div(x.sqrt());
            r.intoMemorySegment(o, (oo + i) * 4, NATIVE);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector x = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, NATIVE, m);
            FloatVector r = one.div(x.sqrt());
            r.intoMemorySegment(o, (oo + i) * 4, NATIVE, m);
        }
    }

    /** Largest integer value not above x. */
    public static void floor(MemorySegment a, long ao, MemorySegment o, long oo, int n, double p, double q) {
        FloatVector one = FloatVector.broadcast(S, 1);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, NATIVE);
            FloatVector ax = x.abs();
            // |x| + 0x1p23f rounds |x| to an integer (ties to even) when |x| < 0x1p23f; larger ones are integers.
            FloatVector r0 = ax.add(0x1p23f).sub(0x1p23f);
            // floor(x) = floor(|x|) for x >= 0 and -ceil(|x|) for x < 0
            FloatVector down = r0.sub(one, r0.compare(GT, ax));
            FloatVector up = r0.add(one, r0.compare(LT, ax));
            FloatVector mag = down.blend(up, x.compare(LT, 0));
            mag = mag.blend(ax, ax.compare(GE, 0x1p23f));
            // The result has the sign of x, also when zero (floor(-0.0) = -0.0, ceil(-0.5) = -0.0).
            FloatVector r = mag.viewAsIntegralLanes().or(x.viewAsIntegralLanes().and(Integer.MIN_VALUE))
                    .viewAsFloatingLanes();
            r.intoMemorySegment(o, (oo + i) * 4, NATIVE);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector x = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, NATIVE, m);
            FloatVector ax = x.abs();
            // |x| + 0x1p23f rounds |x| to an integer (ties to even) when |x| < 0x1p23f; larger ones are integers.
            FloatVector r0 = ax.add(0x1p23f).sub(0x1p23f);
            // floor(x) = floor(|x|) for x >= 0 and -ceil(|x|) for x < 0
            FloatVector down = r0.sub(one, r0.compare(GT, ax));
            FloatVector up = r0.add(one, r0.compare(LT, ax));
            FloatVector mag = down.blend(up, x.compare(LT, 0));
            mag = mag.blend(ax, ax.compare(GE, 0x1p23f));
            // The result has the sign of x, also when zero (floor(-0.0) = -0.0, ceil(-0.5) = -0.0).
            FloatVector r = mag.viewAsIntegralLanes().or(x.viewAsIntegralLanes().and(Integer.MIN_VALUE))
                    .viewAsFloatingLanes();
            r.intoMemorySegment(o, (oo + i) * 4, NATIVE, m);
        }
    }

    /** Smallest integer value not below x. */
    public static void ceil(MemorySegment a, long ao, MemorySegment o, long oo, int n, double p, double q) {
        FloatVector one = FloatVector.broadcast(S, 1);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, NATIVE);
            FloatVector ax = x.abs();
            // |x| + 0x1p23f rounds |x| to an integer (ties to even) when |x| < 0x1p23f; larger ones are integers.
            FloatVector r0 = ax.add(0x1p23f).sub(0x1p23f);
            FloatVector down = r0.sub(one, r0.compare(GT, ax));
            FloatVector up = r0.add(one, r0.compare(LT, ax));
            FloatVector mag = up.blend(down, x.compare(LT, 0));
            mag = mag.blend(ax, ax.compare(GE, 0x1p23f));
            // The result has the sign of x, also when zero (floor(-0.0) = -0.0, ceil(-0.5) = -0.0).
            FloatVector r = mag.viewAsIntegralLanes().or(x.viewAsIntegralLanes().and(Integer.MIN_VALUE))
                    .viewAsFloatingLanes();
            r.intoMemorySegment(o, (oo + i) * 4, NATIVE);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector x = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, NATIVE, m);
            FloatVector ax = x.abs();
            // |x| + 0x1p23f rounds |x| to an integer (ties to even) when |x| < 0x1p23f; larger ones are integers.
            FloatVector r0 = ax.add(0x1p23f).sub(0x1p23f);
            FloatVector down = r0.sub(one, r0.compare(GT, ax));
            FloatVector up = r0.add(one, r0.compare(LT, ax));
            FloatVector mag = up.blend(down, x.compare(LT, 0));
            mag = mag.blend(ax, ax.compare(GE, 0x1p23f));
            // The result has the sign of x, also when zero (floor(-0.0) = -0.0, ceil(-0.5) = -0.0).
            FloatVector r = mag.viewAsIntegralLanes().or(x.viewAsIntegralLanes().and(Integer.MIN_VALUE))
                    .viewAsFloatingLanes();
            r.intoMemorySegment(o, (oo + i) * 4, NATIVE, m);
        }
    }

    /** Nearest integer value, ties to even ({@code torch.round}). */
    public static void round(MemorySegment a, long ao, MemorySegment o, long oo, int n, double p, double q) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, NATIVE);
            FloatVector ax = x.abs();
            // |x| + 0x1p23f rounds |x| to an integer (ties to even) when |x| < 0x1p23f; larger ones are integers.
            FloatVector r0 = ax.add(0x1p23f).sub(0x1p23f);
            FloatVector mag = r0;
            mag = mag.blend(ax, ax.compare(GE, 0x1p23f));
            // The result has the sign of x, also when zero (floor(-0.0) = -0.0, ceil(-0.5) = -0.0).
            FloatVector r = mag.viewAsIntegralLanes().or(x.viewAsIntegralLanes().and(Integer.MIN_VALUE))
                    .viewAsFloatingLanes();
            r.intoMemorySegment(o, (oo + i) * 4, NATIVE);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector x = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, NATIVE, m);
            FloatVector ax = x.abs();
            // |x| + 0x1p23f rounds |x| to an integer (ties to even) when |x| < 0x1p23f; larger ones are integers.
            FloatVector r0 = ax.add(0x1p23f).sub(0x1p23f);
            FloatVector mag = r0;
            mag = mag.blend(ax, ax.compare(GE, 0x1p23f));
            // The result has the sign of x, also when zero (floor(-0.0) = -0.0, ceil(-0.5) = -0.0).
            FloatVector r = mag.viewAsIntegralLanes().or(x.viewAsIntegralLanes().and(Integer.MIN_VALUE))
                    .viewAsFloatingLanes();
            r.intoMemorySegment(o, (oo + i) * 4, NATIVE, m);
        }
    }

    /** e to the x. Vector API lanewise EXP. */
    public static void exp(MemorySegment a, long ao, MemorySegment o, long oo, int n, double p, double q) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, NATIVE);
            FloatVector r = x.lanewise(EXP);
            r.intoMemorySegment(o, (oo + i) * 4, NATIVE);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector x = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, NATIVE, m);
            FloatVector r = x.lanewise(EXP);
            r.intoMemorySegment(o, (oo + i) * 4, NATIVE, m);
        }
    }

    /** Natural logarithm. Vector API lanewise LOG. */
    public static void log(MemorySegment a, long ao, MemorySegment o, long oo, int n, double p, double q) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, NATIVE);
            FloatVector r = x.lanewise(LOG);
            r.intoMemorySegment(o, (oo + i) * 4, NATIVE);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector x = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, NATIVE, m);
            FloatVector r = x.lanewise(LOG);
            r.intoMemorySegment(o, (oo + i) * 4, NATIVE, m);
        }
    }

    /** {@code log(1 + x)}, accurate for small x. Vector API lanewise LOG1P. */
    public static void log1p(MemorySegment a, long ao, MemorySegment o, long oo, int n, double p, double q) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, NATIVE);
            FloatVector r = x.lanewise(LOG1P);
            r.intoMemorySegment(o, (oo + i) * 4, NATIVE);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector x = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, NATIVE, m);
            FloatVector r = x.lanewise(LOG1P);
            r.intoMemorySegment(o, (oo + i) * 4, NATIVE, m);
        }
    }

    /** {@code exp(x) - 1}, accurate for small x. Vector API lanewise EXPM1. */
    public static void expm1(MemorySegment a, long ao, MemorySegment o, long oo, int n, double p, double q) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, NATIVE);
            FloatVector r = x.lanewise(EXPM1);
            r.intoMemorySegment(o, (oo + i) * 4, NATIVE);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector x = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, NATIVE, m);
            FloatVector r = x.lanewise(EXPM1);
            r.intoMemorySegment(o, (oo + i) * 4, NATIVE, m);
        }
    }

    /** Sine. Vector API lanewise SIN. */
    public static void sin(MemorySegment a, long ao, MemorySegment o, long oo, int n, double p, double q) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, NATIVE);
            FloatVector r = x.lanewise(SIN);
            r.intoMemorySegment(o, (oo + i) * 4, NATIVE);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector x = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, NATIVE, m);
            FloatVector r = x.lanewise(SIN);
            r.intoMemorySegment(o, (oo + i) * 4, NATIVE, m);
        }
    }

    /** Cosine. Vector API lanewise COS. */
    public static void cos(MemorySegment a, long ao, MemorySegment o, long oo, int n, double p, double q) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, NATIVE);
            FloatVector r = x.lanewise(COS);
            r.intoMemorySegment(o, (oo + i) * 4, NATIVE);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector x = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, NATIVE, m);
            FloatVector r = x.lanewise(COS);
            r.intoMemorySegment(o, (oo + i) * 4, NATIVE, m);
        }
    }

    /** Hyperbolic tangent. Vector API lanewise TANH. */
    public static void tanh(MemorySegment a, long ao, MemorySegment o, long oo, int n, double p, double q) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, NATIVE);
            FloatVector r = x.lanewise(TANH);
            r.intoMemorySegment(o, (oo + i) * 4, NATIVE);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector x = FloatVector.fromMemorySegment(S, a, (ao + i) * 4, NATIVE, m);
            FloatVector r = x.lanewise(TANH);
            r.intoMemorySegment(o, (oo + i) * 4, NATIVE, m);
        }
    }
}
