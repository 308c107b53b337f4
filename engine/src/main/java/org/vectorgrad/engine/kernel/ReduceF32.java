package org.vectorgrad.engine.kernel;

import static org.vectorgrad.engine.kernel.Elements.F32;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 SIMD reduction kernels: {@link #row} reduces a contiguous run (reduction over the innermost dims),
 * {@link #accumulateRows} adds whole rows into per-column accumulators (reduction over outer dims).
 *
 * <p><b>Accuracy.</b> Sums accumulate in float32 lanes, four vectors of {@code L} lanes, over blocks of
 * {@link #BLOCK} elements; the lanes of a block are then added in lane order in double, and the blocks are
 * combined in double. Each float32 lane therefore adds at most {@code BLOCK / (4L)} values (32 with AVX-512, 128
 * with 128-bit vectors), so the error is bounded by about {@code (BLOCK/(4L) + 3) * 2^-24 * sum|x|} whatever
 * the length, like a pairwise sum; the scalar twin ({@link ReduceScalar}) sums in double. Lanes are never
 * folded with {@code reduceLanes(ADD)}, whose order is unspecified and differs between interpreted and compiled
 * code: every result here is bit-for-bit reproducible.
 *
 * <p>Exponentials use {@link #exp}'s algorithm (Cephes {@code expf}: round to {@code n = x/ln2}, a degree-6
 * polynomial on the remainder, scale by {@code 2^n}) written out in the loops with plain IEEE operations,
 * rather than the Vector API's {@code EXP}, which calls SVML when compiled and {@code Math.exp} when
 * interpreted and so may differ in the last bit between runs. Results are within 2 ulp of {@code Math.exp}.
 */
public final class ReduceF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Double vectors of the same width: a float vector converts into two. */
    private static final VectorSpecies<Double> D = S.withLanes(double.class);
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    /** Elements summed in float32 lanes before the partial moves to double. */
    public static final int BLOCK = 2048;

    // Cephes expf constants.
    static final float EXP_HI = 89f;
    static final float EXP_LO = -104f;
    static final float LOG2E = 1.44269504088896341f;
    static final float ROUND = 12582912f;
    static final int ROUND_BITS = 0x4B400000;
    static final float LN2_HI = 0.693359375f;
    static final float LN2_LO = -2.12194440e-4f;
    static final float P0 = 5.0000001201E-1f;
    static final float P1 = 1.6666665459E-1f;
    static final float P2 = 4.1665795894E-2f;
    static final float P3 = 8.3334519073E-3f;
    static final float P4 = 1.3981999507E-3f;
    static final float P5 = 1.9875691500E-4f;

    private ReduceF32() {
    }

    /** True if {@link #row} has a SIMD loop for {@code kind}. */
    public static boolean hasRow(ReduceKind kind) {
        return switch (kind) {
            case SUM, SUM_SQ_DEV, SUM_ABS, SUM_EXP_SHIFT, MAX, MIN -> true;
            default -> false;
        };
    }

    /** True if {@link #accumulateRows} supports {@code kind}. */
    public static boolean hasRows(ReduceKind kind) {
        return kind == ReduceKind.SUM || kind == ReduceKind.SUM_SQ_DEV;
    }

    /** Reduces {@code n} contiguous floats from element {@code off}; {@code c} is the centre or shift. */
    public static double row(ReduceKind kind, MemorySegment s, long off, int n, double c) {
        if (kind == ReduceKind.MAX || kind == ReduceKind.MIN) {
            return extreme(kind == ReduceKind.MAX, s, off, n);
        }
        if (kind == ReduceKind.SUM) {
            return sumRow(s, off, n);
        }
        float cf = (float) c;
        double total = 0;
        for (int b = 0; b < n; b += BLOCK) {
            int m = Math.min(BLOCK, n - b);
            total += switch (kind) {
                case SUM_SQ_DEV -> sumSqDev(s, off + b, m, cf);
                case SUM_ABS -> sumAbs(s, off + b, m);
                case SUM_EXP_SHIFT -> sumExp(s, off + b, m, cf);
                default -> throw new IllegalArgumentException(kind + " has no float32 SIMD row");
            };
        }
        return total;
    }

    /** Adds the lanes in lane order, in double: reproducible, unlike {@code reduceLanes(ADD)}. */
    private static double lanes(FloatVector v) {
        // through an array: toArray() was not inlined in the hot loops (a fifth of a 1M-element sum)
        float[] a = new float[L];
        v.intoArray(a, 0);
        double r = 0;
        for (float x : a) {
            r += x;
        }
        return r;
    }

    /**
     * The sum of {@code runs} rows of {@code n} contiguous floats, row {@code r} from element
     * {@code off + r * stride}: as many whole rows as fit in {@link #BLOCK} elements are added into the same
     * vectors (in float, as {@link #row} adds one block), their lanes then added in double.
     */
    public static double sumRuns(MemorySegment s, long off, long stride, int runs, int n) {
        int perBlock = Math.max(1, BLOCK / Math.max(1, n));
        int bound = S.loopBound(n);
        VectorMask<Float> tail = S.indexInRange(bound, n);
        double total = 0;
        for (int r0 = 0; r0 < runs; r0 += perBlock) {
            FloatVector a0 = FloatVector.zero(S);
            FloatVector a1 = a0;
            for (int r = r0; r < Math.min(runs, r0 + perBlock); r++) {
                long b = (off + r * stride) * 4;
                int i = 0;
                for (; i + L < bound; i += 2 * L) {
                    a0 = a0.add(FloatVector.fromMemorySegment(S, s, b + (long) i * 4, NATIVE));
                    a1 = a1.add(FloatVector.fromMemorySegment(S, s, b + (long) (i + L) * 4, NATIVE));
                }
                if (i < bound) {
                    a0 = a0.add(FloatVector.fromMemorySegment(S, s, b + (long) i * 4, NATIVE));
                }
                if (bound < n) {
                    a1 = a1.add(FloatVector.fromMemorySegment(S, s, b + (long) bound * 4, NATIVE, tail));
                }
            }
            total += lanes(a0.add(a1));
        }
        return total;
    }

    /**
     * The sum of {@code n} contiguous floats: each block of {@link #BLOCK} summed in float vectors, whose lanes are
     * added into double vectors; the double lanes (and the last elements past whole vectors) are added in order at
     * the end. Folding every block's lanes one after the other in double instead (16 dependent additions per 2048
     * elements) took a third of a 1M-element sum.
     */
    private static double sumRow(MemorySegment s, long off, int n) {
        DoubleVector lo = DoubleVector.zero(D);
        DoubleVector hi = lo;
        double rest = 0;
        for (int b = 0; b < n; b += BLOCK) {
            int m = Math.min(BLOCK, n - b);
            FloatVector block = blockSum(s, off + b, m);
            lo = lo.add((DoubleVector) block.convertShape(VectorOperators.F2D, D, 0));
            hi = hi.add((DoubleVector) block.convertShape(VectorOperators.F2D, D, 1));
            for (int i = S.loopBound(m); i < m; i++) {
                rest += s.getAtIndex(F32, off + b + i);
            }
        }
        return ReduceF64.lanes(lo) + ReduceF64.lanes(hi) + rest;
    }

    /** The float vector sum of the whole vectors of {@code n} contiguous floats (the last {@code n % L} left out). */
    private static FloatVector blockSum(MemorySegment s, long off, int n) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        long byteOff = off * 4;
        int i = 0;
        for (int bound = n - 4 * L; i <= bound; i += 4 * L) {
            long b = byteOff + (long) i * 4;
            a0 = a0.add(FloatVector.fromMemorySegment(S, s, b, NATIVE));
            a1 = a1.add(FloatVector.fromMemorySegment(S, s, b + 4L * L, NATIVE));
            a2 = a2.add(FloatVector.fromMemorySegment(S, s, b + 8L * L, NATIVE));
            a3 = a3.add(FloatVector.fromMemorySegment(S, s, b + 12L * L, NATIVE));
        }
        for (int bound = S.loopBound(n); i < bound; i += L) {
            a0 = a0.add(FloatVector.fromMemorySegment(S, s, byteOff + (long) i * 4, NATIVE));
        }
        return a0.add(a1).add(a2.add(a3));
    }

    private static double sumSqDev(MemorySegment s, long off, int n, float c) {
        FloatVector vc = FloatVector.broadcast(S, c);
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        long byteOff = off * 4;
        int i = 0;
        for (int bound = n - 2 * L; i <= bound; i += 2 * L) {
            long b = byteOff + (long) i * 4;
            FloatVector d0 = FloatVector.fromMemorySegment(S, s, b, NATIVE).sub(vc);
            FloatVector d1 = FloatVector.fromMemorySegment(S, s, b + 4L * L, NATIVE).sub(vc);
            a0 = a0.add(d0.mul(d0));
            a1 = a1.add(d1.mul(d1));
        }
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector d = FloatVector.fromMemorySegment(S, s, byteOff + (long) i * 4, NATIVE).sub(vc);
            a0 = a0.add(d.mul(d));
        }
        double r = lanes(a0.add(a1));
        for (; i < n; i++) {
            float d = s.getAtIndex(F32, off + i) - c;
            r += d * d;
        }
        return r;
    }

    private static double sumAbs(MemorySegment s, long off, int n) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        long byteOff = off * 4;
        int i = 0;
        for (int bound = n - 2 * L; i <= bound; i += 2 * L) {
            long b = byteOff + (long) i * 4;
            a0 = a0.add(FloatVector.fromMemorySegment(S, s, b, NATIVE).abs());
            a1 = a1.add(FloatVector.fromMemorySegment(S, s, b + 4L * L, NATIVE).abs());
        }
        for (int bound = S.loopBound(n); i < bound; i += L) {
            a0 = a0.add(FloatVector.fromMemorySegment(S, s, byteOff + (long) i * 4, NATIVE).abs());
        }
        double r = lanes(a0.add(a1));
        for (; i < n; i++) {
            r += Math.abs(s.getAtIndex(F32, off + i));
        }
        return r;
    }

    private static double sumExp(MemorySegment s, long off, int n, float shift) {
        FloatVector vs = FloatVector.broadcast(S, shift);
        FloatVector acc = FloatVector.zero(S);
        long byteOff = off * 4;
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(S, s, byteOff + (long) i * 4, NATIVE).sub(vs);
            // exp(x) inline (see the class comment): x = n ln2 + r, e^x = 2^n e^r, 2^n applied in two halves.
            x = x.max(EXP_LO).min(EXP_HI);
            FloatVector t = x.mul(LOG2E).add(ROUND);
            FloatVector nf = t.sub(ROUND);
            IntVector ni = t.reinterpretAsInts().sub(ROUND_BITS);
            FloatVector r = x.sub(nf.mul(LN2_HI)).sub(nf.mul(LN2_LO));
            FloatVector p = r.mul(P5).add(P4).mul(r).add(P3).mul(r).add(P2).mul(r).add(P1).mul(r).add(P0)
                    .mul(r.mul(r)).add(r).add(1f);
            IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
            FloatVector s1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector s2 = ni.sub(n1).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            acc = acc.add(p.mul(s1).mul(s2));
        }
        double r = lanes(acc);
        for (; i < n; i++) {
            r += exp(s.getAtIndex(F32, off + i) - shift);
        }
        return r;
    }

    private static double extreme(boolean max, MemorySegment s, long off, int n) {
        float init = max ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
        FloatVector a0 = FloatVector.broadcast(S, init);
        FloatVector a1 = a0;
        long byteOff = off * 4;
        int i = 0;
        int bound2 = n - 2 * L;
        if (max) {
            for (; i <= bound2; i += 2 * L) {
                long b = byteOff + (long) i * 4;
                a0 = a0.max(FloatVector.fromMemorySegment(S, s, b, NATIVE));
                a1 = a1.max(FloatVector.fromMemorySegment(S, s, b + 4L * L, NATIVE));
            }
        } else {
            for (; i <= bound2; i += 2 * L) {
                long b = byteOff + (long) i * 4;
                a0 = a0.min(FloatVector.fromMemorySegment(S, s, b, NATIVE));
                a1 = a1.min(FloatVector.fromMemorySegment(S, s, b + 4L * L, NATIVE));
            }
        }
        // MAX/MIN are exactly associative and commutative (NaN wins either way), so reduceLanes is reproducible.
        float r = max ? a0.max(a1).reduceLanes(VectorOperators.MAX) : a0.min(a1).reduceLanes(VectorOperators.MIN);
        for (; i < n; i++) {
            float x = s.getAtIndex(F32, off + i);
            r = max ? Math.max(r, x) : Math.min(r, x);
        }
        return r;
    }

    /**
     * For each column {@code j < n}: {@code acc[j] += sum over rows of f(x[rowOffsets[r] + j])} with
     * {@code f(x) = x} (SUM) or {@code (x - centre[j])^2} (SUM_SQ_DEV). The rows are summed in the float32
     * {@code scratch} (length at least {@code n}) and folded into {@code acc} once, so callers pass a bounded
     * number of rows per call to bound the float32 error.
     */
    public static void accumulateRows(ReduceKind kind, MemorySegment s, long[] rowOffsets, int rows, int n,
            float[] scratch, double[] acc, float[] centre) {
        java.util.Arrays.fill(scratch, 0, n, 0f);
        int bound = S.loopBound(n);
        if (kind == ReduceKind.SUM) {
            for (int r = 0; r < rows; r++) {
                long row = rowOffsets[r];
                int j = 0;
                for (; j < bound; j += L) {
                    FloatVector x = FloatVector.fromMemorySegment(S, s, (row + j) * 4, NATIVE);
                    FloatVector.fromArray(S, scratch, j).add(x).intoArray(scratch, j);
                }
                for (; j < n; j++) {
                    scratch[j] += s.getAtIndex(F32, row + j);
                }
            }
        } else if (kind == ReduceKind.SUM_SQ_DEV) {
            for (int r = 0; r < rows; r++) {
                long row = rowOffsets[r];
                int j = 0;
                for (; j < bound; j += L) {
                    FloatVector d = FloatVector.fromMemorySegment(S, s, (row + j) * 4, NATIVE)
                            .sub(FloatVector.fromArray(S, centre, j));
                    FloatVector.fromArray(S, scratch, j).add(d.mul(d)).intoArray(scratch, j);
                }
                for (; j < n; j++) {
                    float d = s.getAtIndex(F32, row + j) - centre[j];
                    scratch[j] += d * d;
                }
            }
        } else {
            throw new IllegalArgumentException(kind + " has no float32 SIMD row accumulation");
        }
        for (int j = 0; j < n; j++) {
            acc[j] += scratch[j];
        }
    }

    /** The scalar form of the vector exponential above, with the same steps and constants. */
    static float exp(float x) {
        float xc = Math.min(Math.max(x, EXP_LO), EXP_HI);
        float t = xc * LOG2E + ROUND;
        float nf = t - ROUND;
        int ni = Float.floatToRawIntBits(t) - ROUND_BITS;
        float r = xc - nf * LN2_HI - nf * LN2_LO;
        float p = (((((P5 * r + P4) * r + P3) * r + P2) * r + P1) * r + P0) * (r * r) + r + 1f;
        int n1 = ni >> 1;
        return p * Float.intBitsToFloat((n1 + 127) << 23) * Float.intBitsToFloat((ni - n1 + 127) << 23);
    }
}
