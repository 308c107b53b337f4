package org.vectorgrad.engine.kernel;

import static org.vectorgrad.engine.kernel.Elements.F32;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 plane loops of {@link Im2Col}, staged through Java arrays (see there). With stride 1 each output
 * row's run is moved as whole vectors plus one masked vector (runs are often shorter than a vector: 11 floats for a
 * 13-wide image); the arrays carry one vector of slack so that no access runs off their end. (Float64, used for
 * gradient checks rather than training speed, keeps the plain loops in {@link Im2ColF64}.)
 */
final class Im2ColF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final VectorSpecies<Integer> I = S.withLanes(int.class);
    /** Bound on the column elements col2im stages at a time (256 KiB: in L2 with the GEMM's blocks gone). */
    private static final long STAGE_ELEMENTS = 64 << 10;

    private Im2ColF32() {
    }

    /** im2col of planes {@code [p0, p1)}, plane {@code p} being channel {@code p / b} of image {@code p % b}. */
    static void im2col(MemorySegment x, long xOff, ConvShape s, int b, MemorySegment cols, long colsOff, long p0,
            long p1) {
        int area = s.area();
        int planeSize = s.h() * s.w();
        float[] plane = new float[planeSize + L];
        float[] row = new float[area + L];
        long rowLength = (long) b * area;
        for (long p = p0; p < p1; p++) {
            int c = (int) (p / b);
            int i = (int) (p % b);
            MemorySegment.copy(x, F32, (xOff + ((long) i * s.cin() + c) * planeSize) * 4, plane, 0, planeSize);
            for (int ki = 0; ki < s.kh(); ki++) {
                for (int kj = 0; kj < s.kw(); kj++) {
                    columnRow(plane, s, ki, kj, row, 0);
                    long r = ((long) c * s.kh() + ki) * s.kw() + kj;
                    MemorySegment.copy(row, 0, cols, F32, (colsOff + r * rowLength + (long) i * area) * 4, area);
                }
            }
        }
    }

    /**
     * The im2col rows of one image (element offset {@code imageOff} of {@code x}) into a Java array: row {@code r}
     * at {@code cols[r * stride]}, {@code area} long ({@code stride >= area}; the rest of each row is untouched).
     * {@code plane} is scratch of at least {@link #planeScratch} elements.
     */
    static void imageColumns(MemorySegment x, long imageOff, ConvShape s, float[] plane, float[] cols, int stride) {
        int planeSize = s.h() * s.w();
        for (int c = 0; c < s.cin(); c++) {
            MemorySegment.copy(x, F32, (imageOff + (long) c * planeSize) * 4, plane, 0, planeSize);
            for (int ki = 0; ki < s.kh(); ki++) {
                for (int kj = 0; kj < s.kw(); kj++) {
                    columnRow(plane, s, ki, kj, cols, ((c * s.kh() + ki) * s.kw() + kj) * stride);
                }
            }
        }
    }

    /** Length of the plane scratch array of {@link #imageColumns}: a plane and one vector of slack. */
    static int planeScratch(ConvShape s) {
        return s.h() * s.w() + L;
    }

    /**
     * The column row of kernel tap {@code (ki, kj)} of one input plane (a Java array with a vector of slack), into
     * {@code row[at ... at + area)}.
     */
    private static void columnRow(float[] plane, ConvShape s, int ki, int kj, float[] row, int at) {
        int ow = s.ow();
        int w = s.w();
        int lo = Im2Col.firstInside(s, kj);
        int hi = Im2Col.endInside(s, kj, lo);
        int shift = kj * s.dw() - s.pw();
        int sw = s.sw();
        for (int oy = 0, d = at; oy < s.oh(); oy++, d += ow) {
            int iy = oy * s.sh() - s.ph() + ki * s.dh();
            // Plain loops, not Arrays.fill/System.arraycopy: rows are ~10 long, calls cost more.
            if (iy < 0 || iy >= s.h()) {
                for (int ox = 0; ox < ow; ox++) {
                    row[d + ox] = 0f;
                }
                continue;
            }
            for (int ox = 0; ox < lo; ox++) {
                row[d + ox] = 0f;
            }
            int src = iy * w + shift;
            if (sw == 1) {
                int ox = lo;
                for (; ox + L <= hi; ox += L) {
                    FloatVector.fromArray(S, plane, src + ox).intoArray(row, d + ox);
                }
                if (ox < hi) {
                    VectorMask<Float> m = S.indexInRange(ox, hi);
                    FloatVector.fromArray(S, plane, src + ox, m).intoArray(row, d + ox, m);
                }
            } else {
                for (int ox = lo; ox < hi; ox++) {
                    row[d + ox] = plane[src + ox * sw];
                }
            }
            for (int ox = hi; ox < ow; ox++) {
                row[d + ox] = 0f;
            }
        }
    }

    /** col2im into planes {@code [p0, p1)}: each plane summed in a Java array, then written out once. */
    static void col2im(MemorySegment cols, long colsOff, ConvShape s, int b, MemorySegment gx, long gxOff, long p0,
            long p1) {
        if (s.sw() == 1) {
            col2imByRows(cols, colsOff, s, b, gx, gxOff, p0, p1);
            return;
        }
        int area = s.area();
        int ow = s.ow();
        int w = s.w();
        int planeSize = s.h() * w;
        float[] plane = new float[planeSize];
        float[] row = new float[area];
        long rowLength = (long) b * area;
        for (long p = p0; p < p1; p++) {
            int c = (int) (p / b);
            int i = (int) (p % b);
            java.util.Arrays.fill(plane, 0f);
            for (int ki = 0; ki < s.kh(); ki++) {
                for (int kj = 0; kj < s.kw(); kj++) {
                    long r = ((long) c * s.kh() + ki) * s.kw() + kj;
                    MemorySegment.copy(cols, F32, (colsOff + r * rowLength + (long) i * area) * 4, row, 0, area);
                    int lo = Im2Col.firstInside(s, kj);
                    int hi = Im2Col.endInside(s, kj, lo);
                    int shift = kj * s.dw() - s.pw();
                    int sw = s.sw();
                    for (int oy = 0, d = 0; oy < s.oh(); oy++, d += ow) {
                        int iy = oy * s.sh() - s.ph() + ki * s.dh();
                        if (iy < 0 || iy >= s.h()) {
                            continue;
                        }
                        int dst = iy * w + shift;
                        for (int ox = lo; ox < hi; ox++) {
                            plane[dst + ox * sw] += row[d + ox];
                        }
                    }
                }
            }
            MemorySegment.copy(plane, 0, gx, F32, (gxOff + ((long) i * s.cin() + c) * planeSize) * 4, planeSize);
        }
    }

    /**
     * col2im with column stride 1, computed per output vector instead of per column row: a vector of input row
     * {@code iy} is the sum, over the kernel taps, of the tap's column row read at a shift, masked to the output
     * columns that exist. Each element is thus written once, and summed over the taps in the same order as the
     * scalar loop, so the results are the same bits. The column rows of a group of images of one channel are
     * staged in one array with margins (one copy per tap: the images sit side by side in the columns), so that
     * every masked read stays inside it.
     */
    private static void col2imByRows(MemorySegment cols, long colsOff, ConvShape s, int b, MemorySegment gx,
            long gxOff, long p0, long p1) {
        int area = s.area();
        int ow = s.ow();
        int w = s.w();
        int h = s.h();
        int kh = s.kh();
        int kw = s.kw();
        int taps = kh * kw;
        int planeSize = h * w;
        int margin = (kw - 1) * s.dw() + s.pw() + w + 2 * L;
        int group = (int) Math.clamp(STAGE_ELEMENTS / ((long) taps * area), 1, b);
        int span = group * area;
        float[] stage = new float[taps * span + 2 * margin];
        float[] plane = new float[planeSize + L];
        long rowLength = (long) b * area;
        // the output row whose kernel row ki meets input row iy, or -1 (worked out once: divisions are slow)
        int[] outputRow = new int[h * kh];
        for (int iy = 0; iy < h; iy++) {
            for (int ki = 0; ki < kh; ki++) {
                int num = iy + s.ph() - ki * s.dh();
                int oy = num / s.sh();
                outputRow[iy * kh + ki] = num < 0 || oy * s.sh() != num || oy >= s.oh() ? -1 : oy;
            }
        }
        int[] keepBits = keepBits(s);
        for (long p = p0; p < p1; ) {
            int c = (int) (p / b);
            int i0 = (int) (p % b);
            int i1 = (int) Math.min(Math.min(b, i0 + group), i0 + (p1 - p));
            for (int t = 0; t < taps; t++) {
                MemorySegment.copy(cols, F32, (colsOff + ((long) c * taps + t) * rowLength + (long) i0 * area) * 4,
                        stage, margin + t * span, (i1 - i0) * area);
            }
            for (int i = i0; i < i1; i++) {
                int base = margin + (i - i0) * area;
                for (int iy = 0; iy < h; iy++) {
                    for (int ix0 = 0; ix0 < w; ix0 += L) {
                        FloatVector acc = FloatVector.zero(S);
                        for (int ki = 0; ki < kh; ki++) {
                            int oy = outputRow[iy * kh + ki];
                            if (oy < 0) {
                                continue;
                            }
                            for (int kj = 0; kj < kw; kj++) {
                                int ox0 = ix0 + s.pw() - kj * s.dw();
                                int at = base + (ki * kw + kj) * span + oy * ow + ox0;
                                IntVector keep = IntVector.fromArray(I, keepBits, ((ix0 / L) * kw + kj) * L);
                                acc = acc.add(FloatVector.fromArray(S, stage, at).reinterpretAsInts().and(keep)
                                        .reinterpretAsFloats());
                            }
                        }
                        // the lanes past the row's end land in the next row (written after) or the slack
                        acc.intoArray(plane, iy * w + ix0);
                    }
                }
                MemorySegment.copy(plane, 0, gx, F32, (gxOff + ((long) i * s.cin() + c) * planeSize) * 4, planeSize);
            }
            p += i1 - i0;
        }
    }

    /**
     * For each vector of an input row and each kernel column: all ones in the lanes whose output column exists,
     * zero in the others (an AND with it zeroes a lane exactly, where a multiply by 0 would keep NaN).
     */
    private static int[] keepBits(ConvShape s) {
        int chunks = (s.w() + L - 1) / L;
        int[] keep = new int[chunks * s.kw() * L];
        for (int chunk = 0; chunk < chunks; chunk++) {
            for (int kj = 0; kj < s.kw(); kj++) {
                for (int lane = 0; lane < L; lane++) {
                    int ox = chunk * L + lane + s.pw() - kj * s.dw();
                    keep[(chunk * s.kw() + kj) * L + lane] = ox >= 0 && ox < s.ow() ? -1 : 0;
                }
            }
        }
        return keep;
    }
}
