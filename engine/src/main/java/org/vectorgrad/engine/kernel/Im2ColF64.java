package org.vectorgrad.engine.kernel;

import static org.vectorgrad.engine.kernel.Elements.F64;

import java.lang.foreign.MemorySegment;

/** The float64 plane loops of {@link Im2Col}, staged through Java arrays (see there). */
final class Im2ColF64 {
    private Im2ColF64() {
    }

    /** im2col of planes {@code [p0, p1)}, plane {@code p} being channel {@code p / b} of image {@code p % b}. */
    static void im2col(MemorySegment x, long xOff, ConvShape s, int b, MemorySegment cols, long colsOff, long p0,
            long p1) {
        int area = s.area();
        int ow = s.ow();
        int w = s.w();
        double[] plane = new double[s.h() * w];
        double[] row = new double[area];
        long rowLength = (long) b * area;
        for (long p = p0; p < p1; p++) {
            int c = (int) (p / b);
            int i = (int) (p % b);
            MemorySegment.copy(x, F64, (xOff + ((long) i * s.cin() + c) * plane.length) * 8, plane, 0, plane.length);
            for (int ki = 0; ki < s.kh(); ki++) {
                for (int kj = 0; kj < s.kw(); kj++) {
                    int lo = Im2Col.firstInside(s, kj);
                    int hi = Im2Col.endInside(s, kj, lo);
                    int shift = kj * s.dw() - s.pw();
                    int sw = s.sw();
                    for (int oy = 0, d = 0; oy < s.oh(); oy++, d += ow) {
                        int iy = oy * s.sh() - s.ph() + ki * s.dh();
                        // Plain loops, not Arrays.fill/System.arraycopy: rows are ~10 long, calls cost more.
                        if (iy < 0 || iy >= s.h()) {
                            for (int ox = 0; ox < ow; ox++) {
                                row[d + ox] = 0.0;
                            }
                            continue;
                        }
                        for (int ox = 0; ox < lo; ox++) {
                            row[d + ox] = 0.0;
                        }
                        int src = iy * w + shift;
                        if (sw == 1) {
                            for (int ox = lo; ox < hi; ox++) {
                                row[d + ox] = plane[src + ox];
                            }
                        } else {
                            for (int ox = lo; ox < hi; ox++) {
                                row[d + ox] = plane[src + ox * sw];
                            }
                        }
                        for (int ox = hi; ox < ow; ox++) {
                            row[d + ox] = 0.0;
                        }
                    }
                    long r = ((long) c * s.kh() + ki) * s.kw() + kj;
                    MemorySegment.copy(row, 0, cols, F64, (colsOff + r * rowLength + (long) i * area) * 8, area);
                }
            }
        }
    }

    /** col2im into planes {@code [p0, p1)}: each plane summed in a Java array, then written out once. */
    static void col2im(MemorySegment cols, long colsOff, ConvShape s, int b, MemorySegment gx, long gxOff, long p0,
            long p1) {
        int area = s.area();
        int ow = s.ow();
        int w = s.w();
        double[] plane = new double[s.h() * w];
        double[] row = new double[area];
        long rowLength = (long) b * area;
        for (long p = p0; p < p1; p++) {
            int c = (int) (p / b);
            int i = (int) (p % b);
            java.util.Arrays.fill(plane, 0.0);
            for (int ki = 0; ki < s.kh(); ki++) {
                for (int kj = 0; kj < s.kw(); kj++) {
                    long r = ((long) c * s.kh() + ki) * s.kw() + kj;
                    MemorySegment.copy(cols, F64, (colsOff + r * rowLength + (long) i * area) * 8, row, 0, area);
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
                        if (sw == 1) {
                            for (int ox = lo; ox < hi; ox++) {
                                plane[dst + ox] += row[d + ox];
                            }
                        } else {
                            for (int ox = lo; ox < hi; ox++) {
                                plane[dst + ox * sw] += row[d + ox];
                            }
                        }
                    }
                }
            }
            MemorySegment.copy(plane, 0, gx, F64, (gxOff + ((long) i * s.cin() + c) * plane.length) * 8, plane.length);
        }
    }
}
