package org.vectorgrad.engine.kernel;

import static org.vectorgrad.engine.kernel.Elements.F32;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.vectorgrad.engine.Parallel;

/**
 * The float32 forward of a stride-1, one-group convolution with few taps per output ({@code cin * kh * kw}, as a
 * network's first layer: 9 for one channel and a 3x3 kernel), computed directly on output rows: each output vector
 * is an FMA chain over the taps of input vectors read at the tap's shift, for eight output channels at once (one
 * input load feeds eight FMAs). As a GEMM this product has a depth of 9, so every 32-column tile would be stored and
 * reloaded after 9 steps, and the im2col matrix ({@code kh * kw} times the input) written and read first.
 *
 * <p>Each output element is the same FMA chain as the GEMM's (taps in order from zero, the bias added last), so
 * the results are the same bits as the im2col path. Images are independent units: results do not depend on the
 * thread count.
 */
public final class ConvDirectF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Output channels computed together: one input vector load per eight FMAs. */
    private static final int BLOCK = 8;

    private ConvDirectF32() {
    }

    /**
     * Whether this layer's forward can be computed here (float32, and few enough taps to beat a GEMM, are the
     * caller's checks).
     */
    public static boolean applies(ConvShape s) {
        return s.groups() == 1 && s.sh() == 1 && s.sw() == 1 && s.area() > 0;
    }

    /**
     * {@code out = conv2d(x, w) + bias} for all images: {@code x} contiguous NCHW at element offset {@code xOff},
     * {@code w} contiguous {@code [cout, cin, kh, kw]}, {@code bias} {@code [cout]} or null, {@code out}
     * contiguous {@code [n, cout, oh, ow]}.
     */
    public static void forward(MemorySegment x, long xOff, MemorySegment w, long wOff, MemorySegment bias, long bOff,
            ConvShape s, MemorySegment out, long outOff) {
        // tap-major ([rows, cout]): a tap's weights for consecutive channels are adjacent
        float[] weights = new float[s.cout() * s.rows()];
        for (int o = 0; o < s.cout(); o++) {
            for (int t = 0; t < s.rows(); t++) {
                weights[t * s.cout() + o] = w.getAtIndex(F32, wOff + (long) o * s.rows() + t);
            }
        }
        // no bias adds zeros: an FMA chain from +0 never ends at -0, so the sum is unchanged
        float[] biases = new float[s.cout()];
        if (bias != null) {
            MemorySegment.copy(bias, F32, bOff * 4, biases, 0, biases.length);
        }
        Geometry g = new Geometry(s);
        long work = (long) s.cout() * s.area() * s.rows();
        Parallel.balanced(s.n(), Math.max(1, (1L << 16) / Math.max(1, work)), (i0, i1) -> {
            float[] planes = new float[g.planesLength];
            float[] staged = new float[BLOCK * g.stagedStride];
            for (long i = i0; i < i1; i++) {
                g.load(x, xOff + i * s.cin() * s.h() * s.w(), planes);
                image(g, planes, weights, biases, out, outOff + i * s.cout() * s.area(), staged);
            }
        });
    }

    /** The padded input planes of one image and the shift of every tap in them. */
    private static final class Geometry {
        final ConvShape s;
        final int hp;
        final int wp;
        final int[] tapOffset;
        final int planesLength;
        /** Distance between output planes staged in a Java array: one vector of slack after each. */
        final int stagedStride;

        Geometry(ConvShape s) {
            this.s = s;
            hp = s.h() + 2 * s.ph();
            wp = s.w() + 2 * s.pw();
            tapOffset = new int[s.rows()];
            for (int c = 0, t = 0; c < s.cin(); c++) {
                for (int ki = 0; ki < s.kh(); ki++) {
                    for (int kj = 0; kj < s.kw(); kj++, t++) {
                        tapOffset[t] = (c * hp + ki * s.dh()) * wp + kj * s.dw();
                    }
                }
            }
            // a row's last vector reads up to L - 1 lanes past the output width: slack after the last plane
            planesLength = s.cin() * hp * wp + L;
            stagedStride = s.area() + L;
        }

        /** Copies the image's planes into the middle of {@code planes}, whose padding stays zero. */
        void load(MemorySegment x, long off, float[] planes) {
            for (int c = 0; c < s.cin(); c++) {
                for (int y = 0; y < s.h(); y++) {
                    MemorySegment.copy(x, F32, (off + ((long) c * s.h() + y) * s.w()) * 4, planes,
                            (c * hp + y + s.ph()) * wp + s.pw(), s.w());
                }
            }
        }
    }

    /** All output channels of one image (its padded planes loaded) into {@code out} at element {@code outOff}. */
    private static void image(Geometry g, float[] planes, float[] weights, float[] biases, MemorySegment out,
            long outOff, float[] staged) {
        ConvShape s = g.s;
        int cout = s.cout();
        int stride = g.stagedStride;
        // channel blocks outermost: their planes are computed in a Java array (in L1) and copied out whole,
        // BLOCK sequential streams; per-vector stores into the segment cost a check each and interleaved all planes
        for (int o = 0; o < cout; ) {
            int count = cout - o >= BLOCK ? BLOCK : 1;
            for (int y = 0; y < s.oh(); y++) {
                for (int x0 = 0; x0 < s.ow(); x0 += L) {
                    // a whole-vector store spilling past its row lands on later rows of the plane, written after,
                    // or in the slack between staged planes
                    int base = y * g.wp + x0;
                    int at = y * s.ow() + x0;
                    if (count == BLOCK && x0 + L < s.ow()) {
                        eightChannelsTwoVectors(g, planes, base, weights, biases, o, staged, at, stride);
                        x0 += L;
                    } else if (count == BLOCK) {
                        eightChannels(g, planes, base, weights, biases, o, staged, at, stride);
                    } else {
                        oneChannel(g, planes, base, weights, biases, o, staged, at);
                    }
                }
            }
            for (int q = 0; q < count; q++) {
                MemorySegment.copy(staged, q * stride, out, F32, (outOff + (long) (o + q) * s.area()) * 4, s.area());
            }
            o += count;
        }
    }

    /**
     * Output channels {@code [o, o+8)} at one output vector, stored with their bias at {@code at} of each staged
     * plane ({@code stride} apart). The vectors never leave this method, which the JIT compiles whole (handed to a
     * store method that was not inlined, they were boxed).
     */
    private static void eightChannels(Geometry g, float[] planes, int base, float[] weights, float[] biases, int o,
            float[] staged, int at, int stride) {
        int taps = g.tapOffset.length;
        int[] tapOffset = g.tapOffset;
        int cout = g.s.cout();
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector a4 = a0;
        FloatVector a5 = a0;
        FloatVector a6 = a0;
        FloatVector a7 = a0;
        for (int t = 0, w = o; t < taps; t++, w += cout) {
            FloatVector v = FloatVector.fromArray(S, planes, base + tapOffset[t]);
            a0 = v.fma(FloatVector.broadcast(S, weights[w]), a0);
            a1 = v.fma(FloatVector.broadcast(S, weights[w + 1]), a1);
            a2 = v.fma(FloatVector.broadcast(S, weights[w + 2]), a2);
            a3 = v.fma(FloatVector.broadcast(S, weights[w + 3]), a3);
            a4 = v.fma(FloatVector.broadcast(S, weights[w + 4]), a4);
            a5 = v.fma(FloatVector.broadcast(S, weights[w + 5]), a5);
            a6 = v.fma(FloatVector.broadcast(S, weights[w + 6]), a6);
            a7 = v.fma(FloatVector.broadcast(S, weights[w + 7]), a7);
        }
        // the bias is added after the FMA chain, as the GEMM adds its addend
        a0.add(biases[o]).intoArray(staged, at);
        a1.add(biases[o + 1]).intoArray(staged, at + stride);
        a2.add(biases[o + 2]).intoArray(staged, at + 2 * stride);
        a3.add(biases[o + 3]).intoArray(staged, at + 3 * stride);
        a4.add(biases[o + 4]).intoArray(staged, at + 4 * stride);
        a5.add(biases[o + 5]).intoArray(staged, at + 5 * stride);
        a6.add(biases[o + 6]).intoArray(staged, at + 6 * stride);
        a7.add(biases[o + 7]).intoArray(staged, at + 7 * stride);
    }

    /**
     * As {@link #eightChannels} at two consecutive output vectors of a row (16 accumulators): each broadcast weight
     * feeds two FMAs.
     */
    private static void eightChannelsTwoVectors(Geometry g, float[] planes, int base, float[] weights,
            float[] biases, int o, float[] staged, int at, int stride) {
        int taps = g.tapOffset.length;
        int[] tapOffset = g.tapOffset;
        int cout = g.s.cout();
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0, b6 = a0, b7 = a0;
        for (int t = 0, w = o; t < taps; t++, w += cout) {
            FloatVector u = FloatVector.fromArray(S, planes, base + tapOffset[t]);
            FloatVector v = FloatVector.fromArray(S, planes, base + L + tapOffset[t]);
            FloatVector k = FloatVector.broadcast(S, weights[w]);
            a0 = u.fma(k, a0);
            b0 = v.fma(k, b0);
            k = FloatVector.broadcast(S, weights[w + 1]);
            a1 = u.fma(k, a1);
            b1 = v.fma(k, b1);
            k = FloatVector.broadcast(S, weights[w + 2]);
            a2 = u.fma(k, a2);
            b2 = v.fma(k, b2);
            k = FloatVector.broadcast(S, weights[w + 3]);
            a3 = u.fma(k, a3);
            b3 = v.fma(k, b3);
            k = FloatVector.broadcast(S, weights[w + 4]);
            a4 = u.fma(k, a4);
            b4 = v.fma(k, b4);
            k = FloatVector.broadcast(S, weights[w + 5]);
            a5 = u.fma(k, a5);
            b5 = v.fma(k, b5);
            k = FloatVector.broadcast(S, weights[w + 6]);
            a6 = u.fma(k, a6);
            b6 = v.fma(k, b6);
            k = FloatVector.broadcast(S, weights[w + 7]);
            a7 = u.fma(k, a7);
            b7 = v.fma(k, b7);
        }
        a0.add(biases[o]).intoArray(staged, at);
        b0.add(biases[o]).intoArray(staged, at + L);
        a1.add(biases[o + 1]).intoArray(staged, at + stride);
        b1.add(biases[o + 1]).intoArray(staged, at + stride + L);
        a2.add(biases[o + 2]).intoArray(staged, at + 2 * stride);
        b2.add(biases[o + 2]).intoArray(staged, at + 2 * stride + L);
        a3.add(biases[o + 3]).intoArray(staged, at + 3 * stride);
        b3.add(biases[o + 3]).intoArray(staged, at + 3 * stride + L);
        a4.add(biases[o + 4]).intoArray(staged, at + 4 * stride);
        b4.add(biases[o + 4]).intoArray(staged, at + 4 * stride + L);
        a5.add(biases[o + 5]).intoArray(staged, at + 5 * stride);
        b5.add(biases[o + 5]).intoArray(staged, at + 5 * stride + L);
        a6.add(biases[o + 6]).intoArray(staged, at + 6 * stride);
        b6.add(biases[o + 6]).intoArray(staged, at + 6 * stride + L);
        a7.add(biases[o + 7]).intoArray(staged, at + 7 * stride);
        b7.add(biases[o + 7]).intoArray(staged, at + 7 * stride + L);
    }

    /** Output channel {@code o} at one output vector, stored with its bias at {@code at} of the first staged plane. */
    private static void oneChannel(Geometry g, float[] planes, int base, float[] weights, float[] biases, int o,
            float[] staged, int at) {
        int cout = g.s.cout();
        FloatVector a = FloatVector.zero(S);
        for (int t = 0; t < g.tapOffset.length; t++) {
            FloatVector v = FloatVector.fromArray(S, planes, base + g.tapOffset[t]);
            a = v.fma(FloatVector.broadcast(S, weights[t * cout + o]), a);
        }
        a.add(biases[o]).intoArray(staged, at);
    }
}
