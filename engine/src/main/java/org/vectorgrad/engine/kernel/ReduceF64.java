package org.vectorgrad.engine.kernel;

import static org.vectorgrad.engine.kernel.Elements.F64;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float64 SIMD reduction kernels, the double counterpart of {@link ReduceF32}: sums accumulate in several
 * double vectors whose lanes are added in lane order (reproducible); the exponential is Cephes {@code exp}
 * (a Padé approximant on the remainder after {@code x = n ln2 + r}) in plain IEEE operations, within 2 ulp of
 * {@code Math.exp}.
 */
public final class ReduceF64 {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    // Cephes exp constants.
    static final double EXP_HI = 710;
    static final double EXP_LO = -746;
    static final double LOG2E = 1.4426950408889634073599;
    static final double ROUND = 6755399441055744.0;
    static final long ROUND_BITS = 0x4338000000000000L;
    static final double LN2_HI = 6.93145751953125E-1;
    static final double LN2_LO = 1.42860682030941723212E-6;
    static final double P0 = 1.26177193074810590878E-4;
    static final double P1 = 3.02994407707441961300E-2;
    static final double P2 = 9.99999999999999999910E-1;
    static final double Q0 = 3.00198505138664455042E-6;
    static final double Q1 = 2.52448340349684104192E-3;
    static final double Q2 = 2.27265548208155028766E-1;
    static final double Q3 = 2.00000000000000000009E0;

    private ReduceF64() {
    }

    /** Reduces {@code n} contiguous doubles from element {@code off}; {@code c} is the centre or shift. */
    public static double row(ReduceKind kind, MemorySegment s, long off, int n, double c) {
        return switch (kind) {
            case SUM -> sum(s, off, n);
            case SUM_SQ_DEV -> sumSqDev(s, off, n, c);
            case SUM_ABS -> sumAbs(s, off, n);
            case SUM_EXP_SHIFT -> sumExp(s, off, n, c);
            case MAX -> extreme(true, s, off, n);
            case MIN -> extreme(false, s, off, n);
            default -> throw new IllegalArgumentException(kind + " has no float64 SIMD row");
        };
    }

    /** Adds the lanes in lane order: reproducible, unlike {@code reduceLanes(ADD)}. */
    static double lanes(DoubleVector v) {
        // through an array: toArray() was not inlined in the hot loops (a fifth of a 1M-element sum)
        double[] a = new double[L];
        v.intoArray(a, 0);
        double r = 0;
        for (double x : a) {
            r += x;
        }
        return r;
    }

    private static double sum(MemorySegment s, long off, int n) {
        DoubleVector a0 = DoubleVector.zero(S);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        long byteOff = off * 8;
        int i = 0;
        for (int bound = n - 4 * L; i <= bound; i += 4 * L) {
            long b = byteOff + (long) i * 8;
            a0 = a0.add(DoubleVector.fromMemorySegment(S, s, b, NATIVE));
            a1 = a1.add(DoubleVector.fromMemorySegment(S, s, b + 8L * L, NATIVE));
            a2 = a2.add(DoubleVector.fromMemorySegment(S, s, b + 16L * L, NATIVE));
            a3 = a3.add(DoubleVector.fromMemorySegment(S, s, b + 24L * L, NATIVE));
        }
        for (int bound = S.loopBound(n); i < bound; i += L) {
            a0 = a0.add(DoubleVector.fromMemorySegment(S, s, byteOff + (long) i * 8, NATIVE));
        }
        double r = lanes(a0.add(a1).add(a2.add(a3)));
        for (; i < n; i++) {
            r += s.getAtIndex(F64, off + i);
        }
        return r;
    }

    private static double sumSqDev(MemorySegment s, long off, int n, double c) {
        DoubleVector vc = DoubleVector.broadcast(S, c);
        DoubleVector a0 = DoubleVector.zero(S);
        DoubleVector a1 = a0;
        long byteOff = off * 8;
        int i = 0;
        for (int bound = n - 2 * L; i <= bound; i += 2 * L) {
            long b = byteOff + (long) i * 8;
            DoubleVector d0 = DoubleVector.fromMemorySegment(S, s, b, NATIVE).sub(vc);
            DoubleVector d1 = DoubleVector.fromMemorySegment(S, s, b + 8L * L, NATIVE).sub(vc);
            a0 = a0.add(d0.mul(d0));
            a1 = a1.add(d1.mul(d1));
        }
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector d = DoubleVector.fromMemorySegment(S, s, byteOff + (long) i * 8, NATIVE).sub(vc);
            a0 = a0.add(d.mul(d));
        }
        double r = lanes(a0.add(a1));
        for (; i < n; i++) {
            double d = s.getAtIndex(F64, off + i) - c;
            r += d * d;
        }
        return r;
    }

    private static double sumAbs(MemorySegment s, long off, int n) {
        DoubleVector a0 = DoubleVector.zero(S);
        DoubleVector a1 = a0;
        long byteOff = off * 8;
        int i = 0;
        for (int bound = n - 2 * L; i <= bound; i += 2 * L) {
            long b = byteOff + (long) i * 8;
            a0 = a0.add(DoubleVector.fromMemorySegment(S, s, b, NATIVE).abs());
            a1 = a1.add(DoubleVector.fromMemorySegment(S, s, b + 8L * L, NATIVE).abs());
        }
        for (int bound = S.loopBound(n); i < bound; i += L) {
            a0 = a0.add(DoubleVector.fromMemorySegment(S, s, byteOff + (long) i * 8, NATIVE).abs());
        }
        double r = lanes(a0.add(a1));
        for (; i < n; i++) {
            r += Math.abs(s.getAtIndex(F64, off + i));
        }
        return r;
    }

    private static double sumExp(MemorySegment s, long off, int n, double shift) {
        DoubleVector vs = DoubleVector.broadcast(S, shift);
        DoubleVector acc = DoubleVector.zero(S);
        long byteOff = off * 8;
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector x = DoubleVector.fromMemorySegment(S, s, byteOff + (long) i * 8, NATIVE).sub(vs);
            // exp(x) inline: x = n ln2 + r, e^r = 1 + 2 r P(r^2) / (Q(r^2) - r P(r^2)), 2^n applied in two halves.
            x = x.max(EXP_LO).min(EXP_HI);
            DoubleVector t = x.mul(LOG2E).add(ROUND);
            DoubleVector nf = t.sub(ROUND);
            LongVector ni = t.reinterpretAsLongs().sub(ROUND_BITS);
            DoubleVector r = x.sub(nf.mul(LN2_HI)).sub(nf.mul(LN2_LO));
            DoubleVector rr = r.mul(r);
            DoubleVector px = rr.mul(P0).add(P1).mul(rr).add(P2).mul(r);
            DoubleVector q = rr.mul(Q0).add(Q1).mul(rr).add(Q2).mul(rr).add(Q3);
            DoubleVector e = px.div(q.sub(px)).mul(2.0).add(1.0);
            LongVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
            DoubleVector s1 = n1.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
            DoubleVector s2 = ni.sub(n1).add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
            acc = acc.add(e.mul(s1).mul(s2));
        }
        double r = lanes(acc);
        for (; i < n; i++) {
            r += exp(s.getAtIndex(F64, off + i) - shift);
        }
        return r;
    }

    private static double extreme(boolean max, MemorySegment s, long off, int n) {
        DoubleVector a0 = DoubleVector.broadcast(S, max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        DoubleVector a1 = a0;
        long byteOff = off * 8;
        int i = 0;
        int bound2 = n - 2 * L;
        if (max) {
            for (; i <= bound2; i += 2 * L) {
                long b = byteOff + (long) i * 8;
                a0 = a0.max(DoubleVector.fromMemorySegment(S, s, b, NATIVE));
                a1 = a1.max(DoubleVector.fromMemorySegment(S, s, b + 8L * L, NATIVE));
            }
        } else {
            for (; i <= bound2; i += 2 * L) {
                long b = byteOff + (long) i * 8;
                a0 = a0.min(DoubleVector.fromMemorySegment(S, s, b, NATIVE));
                a1 = a1.min(DoubleVector.fromMemorySegment(S, s, b + 8L * L, NATIVE));
            }
        }
        double r = max ? a0.max(a1).reduceLanes(VectorOperators.MAX) : a0.min(a1).reduceLanes(VectorOperators.MIN);
        for (; i < n; i++) {
            double x = s.getAtIndex(F64, off + i);
            r = max ? Math.max(r, x) : Math.min(r, x);
        }
        return r;
    }

    /** As {@link ReduceF32#accumulateRows}, accumulating straight into the double {@code acc}. */
    public static void accumulateRows(ReduceKind kind, MemorySegment s, long[] rowOffsets, int rows, int n,
            double[] acc, double[] centre) {
        int bound = S.loopBound(n);
        if (kind == ReduceKind.SUM) {
            for (int r = 0; r < rows; r++) {
                long row = rowOffsets[r];
                int j = 0;
                for (; j < bound; j += L) {
                    DoubleVector x = DoubleVector.fromMemorySegment(S, s, (row + j) * 8, NATIVE);
                    DoubleVector.fromArray(S, acc, j).add(x).intoArray(acc, j);
                }
                for (; j < n; j++) {
                    acc[j] += s.getAtIndex(F64, row + j);
                }
            }
        } else if (kind == ReduceKind.SUM_SQ_DEV) {
            for (int r = 0; r < rows; r++) {
                long row = rowOffsets[r];
                int j = 0;
                for (; j < bound; j += L) {
                    DoubleVector d = DoubleVector.fromMemorySegment(S, s, (row + j) * 8, NATIVE)
                            .sub(DoubleVector.fromArray(S, centre, j));
                    DoubleVector.fromArray(S, acc, j).add(d.mul(d)).intoArray(acc, j);
                }
                for (; j < n; j++) {
                    double d = s.getAtIndex(F64, row + j) - centre[j];
                    acc[j] += d * d;
                }
            }
        } else {
            throw new IllegalArgumentException(kind + " has no float64 SIMD row accumulation");
        }
    }

    /** The scalar form of the vector exponential above, with the same steps and constants. */
    static double exp(double x) {
        double xc = Math.min(Math.max(x, EXP_LO), EXP_HI);
        double t = xc * LOG2E + ROUND;
        double nf = t - ROUND;
        long ni = Double.doubleToRawLongBits(t) - ROUND_BITS;
        double r = xc - nf * LN2_HI - nf * LN2_LO;
        double rr = r * r;
        double px = ((P0 * rr + P1) * rr + P2) * r;
        double q = ((Q0 * rr + Q1) * rr + Q2) * rr + Q3;
        double e = px / (q - px) * 2.0 + 1.0;
        long n1 = ni >> 1;
        return e * Double.longBitsToDouble((n1 + 1023) << 52) * Double.longBitsToDouble((ni - n1 + 1023) << 52);
    }
}
