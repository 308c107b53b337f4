package org.vectorgrad.engine.kernel;

import static jdk.incubator.vector.VectorOperators.*;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * float64 SIMD rows of the activation functions ({@link UnaryRow}), same contract as {@link UnaryF64}: contiguous
 * rows, masked tails, parameters {@code p, q} as the op documents them. The float32 and float64 files are kept
 * line for line parallel: change both.
 */
public final class ActivationF64 {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    private ActivationF64() {
    }

    /** {@code max(x, 0)}; NaN stays NaN. */
    public static void relu(MemorySegment a, long ao, MemorySegment o, long oo, int n, double p, double q) {
        DoubleVector zero = DoubleVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector x = DoubleVector.fromMemorySegment(S, a, (ao + i) * 8, NATIVE);
            DoubleVector r = x.max(zero);
            r.intoMemorySegment(o, (oo + i) * 8, NATIVE);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            DoubleVector x = DoubleVector.fromMemorySegment(S, a, (ao + i) * 8, NATIVE, m);
            DoubleVector r = x.max(zero);
            r.intoMemorySegment(o, (oo + i) * 8, NATIVE, m);
        }
    }

    /** {@code x > 0 ? x : x * p} (p is the negative slope). */
    public static void leakyRelu(MemorySegment a, long ao, MemorySegment o, long oo, int n, double p, double q) {
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector slope = DoubleVector.broadcast(S, p);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector x = DoubleVector.fromMemorySegment(S, a, (ao + i) * 8, NATIVE);
            DoubleVector r = x.mul(slope).blend(x, x.compare(GT, zero));
            r.intoMemorySegment(o, (oo + i) * 8, NATIVE);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            DoubleVector x = DoubleVector.fromMemorySegment(S, a, (ao + i) * 8, NATIVE, m);
            DoubleVector r = x.mul(slope).blend(x, x.compare(GT, zero));
            r.intoMemorySegment(o, (oo + i) * 8, NATIVE, m);
        }
    }

    /** {@code min(max(x, p), q)}, NaN-propagating ({@code torch.clamp}; absent bounds are infinite). */
    public static void clamp(MemorySegment a, long ao, MemorySegment o, long oo, int n, double p, double q) {
        DoubleVector lo = DoubleVector.broadcast(S, p);
        DoubleVector hi = DoubleVector.broadcast(S, q);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector x = DoubleVector.fromMemorySegment(S, a, (ao + i) * 8, NATIVE);
            DoubleVector r = x.max(lo).min(hi);
            r.intoMemorySegment(o, (oo + i) * 8, NATIVE);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            DoubleVector x = DoubleVector.fromMemorySegment(S, a, (ao + i) * 8, NATIVE, m);
            DoubleVector r = x.max(lo).min(hi);
            r.intoMemorySegment(o, (oo + i) * 8, NATIVE, m);
        }
    }

    /** {@code 1 / (1 + exp(-x))}, as {@code e / (1 + e)} with {@code e = exp(x)} for negative x, which
     * keeps tiny results (subnormal ones included) instead of flushing them to 0 through {@code exp(-x) = inf}. */
    public static void sigmoid(MemorySegment a, long ao, MemorySegment o, long oo, int n, double p, double q) {
        DoubleVector one = DoubleVector.broadcast(S, 1);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector x = DoubleVector.fromMemorySegment(S, a, (ao + i) * 8, NATIVE);
            DoubleVector e = x.abs().neg().lanewise(EXP);
            DoubleVector r = one.blend(e, x.compare(LT, 0)).div(one.add(e));
            r.intoMemorySegment(o, (oo + i) * 8, NATIVE);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            DoubleVector x = DoubleVector.fromMemorySegment(S, a, (ao + i) * 8, NATIVE, m);
            DoubleVector e = x.abs().neg().lanewise(EXP);
            DoubleVector r = one.blend(e, x.compare(LT, 0)).div(one.add(e));
            r.intoMemorySegment(o, (oo + i) * 8, NATIVE, m);
        }
    }

    /** {@code x * sigmoid(x)}, with sigmoid as in {@link #sigmoid}. */
    public static void silu(MemorySegment a, long ao, MemorySegment o, long oo, int n, double p, double q) {
        DoubleVector one = DoubleVector.broadcast(S, 1);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector x = DoubleVector.fromMemorySegment(S, a, (ao + i) * 8, NATIVE);
            DoubleVector e = x.abs().neg().lanewise(EXP);
            DoubleVector r = x.mul(one.blend(e, x.compare(LT, 0))).div(one.add(e));
            r.intoMemorySegment(o, (oo + i) * 8, NATIVE);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            DoubleVector x = DoubleVector.fromMemorySegment(S, a, (ao + i) * 8, NATIVE, m);
            DoubleVector e = x.abs().neg().lanewise(EXP);
            DoubleVector r = x.mul(one.blend(e, x.compare(LT, 0))).div(one.add(e));
            r.intoMemorySegment(o, (oo + i) * 8, NATIVE, m);
        }
    }

    /** {@code log1p(exp(x * p)) / p}, or x where {@code x * p > q} (p = beta, q = threshold). */
    public static void softplus(MemorySegment a, long ao, MemorySegment o, long oo, int n, double p, double q) {
        DoubleVector beta = DoubleVector.broadcast(S, p);
        DoubleVector threshold = DoubleVector.broadcast(S, q);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector x = DoubleVector.fromMemorySegment(S, a, (ao + i) * 8, NATIVE);
            DoubleVector xb = x.mul(beta);
            DoubleVector r = xb.lanewise(EXP).lanewise(LOG1P).div(beta)
                    .blend(x, xb.compare(GT, threshold));
            r.intoMemorySegment(o, (oo + i) * 8, NATIVE);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            DoubleVector x = DoubleVector.fromMemorySegment(S, a, (ao + i) * 8, NATIVE, m);
            DoubleVector xb = x.mul(beta);
            DoubleVector r = xb.lanewise(EXP).lanewise(LOG1P).div(beta)
                    .blend(x, xb.compare(GT, threshold));
            r.intoMemorySegment(o, (oo + i) * 8, NATIVE, m);
        }
    }

    /** GELU, tanh approximation: {@code 0.5 x (1 + tanh(u))} with {@code u = sqrt(2/pi) (x + 0.044715 x^3)},
     * evaluated as the equal {@code x sigmoid(2u)} (sigmoid as in {@link #sigmoid}), which keeps its relative
     * accuracy for negative x where {@code 1 + tanh} would cancel. */
    public static void geluTanh(MemorySegment a, long ao, MemorySegment o, long oo, int n, double p, double q) {
        DoubleVector one = DoubleVector.broadcast(S, 1);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector x = DoubleVector.fromMemorySegment(S, a, (ao + i) * 8, NATIVE);
            DoubleVector u = x.mul(x).mul(0.044715).add(one).mul(x)
                    .mul(0.7978845608028654);
            DoubleVector e = u.abs().mul(-2).lanewise(EXP);
            DoubleVector r = x.mul(one.blend(e, u.compare(LT, 0))).div(one.add(e));
            r.intoMemorySegment(o, (oo + i) * 8, NATIVE);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            DoubleVector x = DoubleVector.fromMemorySegment(S, a, (ao + i) * 8, NATIVE, m);
            DoubleVector u = x.mul(x).mul(0.044715).add(one).mul(x)
                    .mul(0.7978845608028654);
            DoubleVector e = u.abs().mul(-2).lanewise(EXP);
            DoubleVector r = x.mul(one.blend(e, u.compare(LT, 0))).div(one.add(e));
            r.intoMemorySegment(o, (oo + i) * 8, NATIVE, m);
        }
    }
}
