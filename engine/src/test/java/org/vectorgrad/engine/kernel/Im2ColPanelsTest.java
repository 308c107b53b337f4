package org.vectorgrad.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The implicit im2col operand packs, bit for bit, what {@link PackF32} packs from the materialised im2col matrix
 * ({@link Im2Col#im2col}): random geometries (padding, dilation, height stride, rows narrower and wider than a
 * vector), random blocks, both batch layouts (images side by side in one entry, one image per entry).
 */
class Im2ColPanelsTest {
    private static final int NR = KernelF32.NR;
    private static final int AS = KernelF32.AS;

    @Property(tries = 200)
    void packedBlocksMatchTheMaterialisedMatrix(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int n,
            @ForAll boolean perImage) {
        Random r = new Random(seed);
        ConvShape s = shape(r, n);
        int area = s.area();
        int rows = s.rows();
        int cols = n * area;
        try (Arena arena = Arena.ofShared()) { // shared: im2col may run on pool threads
            MemorySegment x = arena.allocate((long) n * s.cin() * s.h() * s.w() * 4);
            for (long i = 0; i < x.byteSize() / 4; i++) {
                x.setAtIndex(Elements.F32, i, (float) r.nextGaussian());
            }
            MemorySegment m = arena.allocate((long) rows * cols * 4 + 4);
            Im2Col.im2col(false, x, 0, s, n, m, 0);
            Im2ColPanels panels = Im2ColPanels.of(x, 0, s, n);
            // per image: entry e is image e, its columns [0, area); side by side: entry 0, columns [0, n * area)
            int e = perImage ? r.nextInt(n) : 0;
            int width = perImage ? area : cols;
            long base = (long) e * area;
            for (int block = 0; block < 4; block++) {
                int pc = r.nextInt(rows);
                int kc = 1 + r.nextInt(Math.min(KernelF32.KC, rows - pc));
                int jc = r.nextInt(width);
                int nc = 1 + r.nextInt(Math.min(GemmF32.NC, width - jc));

                float[] expected = filled(kc * GemmF32.roundUp(nc, NR) + NR);
                float[] actual = filled(expected.length);
                PackF32.packB(m, base + (long) pc * cols + jc, cols, 1, kc, nc, expected);
                panels.packB(e, pc, kc, jc, nc, actual);
                assertArrayEquals(Arrays.copyOf(expected, expected.length - NR),
                        Arrays.copyOf(actual, actual.length - NR), "packB " + s + " block " + pc + "+" + kc + ", "
                                + jc + "+" + nc + " entry " + e);

                // A: the matrix's rows [pc, pc+kc) as M, columns [jc, jc+kd) as the depth
                int kd = Math.min(nc, KernelF32.KC);
                int rowsTo = GemmF32.roundUp(kc, 12);
                float[] a0 = filled(AS * rowsTo);
                float[] a1 = filled(AS * rowsTo);
                PackF32.packA(m, base + (long) pc * cols + jc, cols, 1, kc, kd, rowsTo, a0);
                panels.packA(e, pc, kc, jc, kd, rowsTo, a1);
                for (int i = 0; i < rowsTo; i++) {
                    assertArrayEquals(Arrays.copyOfRange(a0, i * AS, i * AS + kd),
                            Arrays.copyOfRange(a1, i * AS, i * AS + kd), "packA row " + i + " of " + s);
                }
            }
        }
    }

    /** A random geometry the implicit operand takes: one group, stride 1 along the width. */
    private static ConvShape shape(Random r, int n) {
        int cin = 1 + r.nextInt(3);
        int kh = 1 + r.nextInt(3);
        int kw = 1 + r.nextInt(3);
        int sh = 1 + r.nextInt(3);
        int ph = r.nextInt(3);
        int pw = r.nextInt(3);
        int dh = 1 + r.nextInt(2);
        int dw = 1 + r.nextInt(2);
        int[] sizes = {1, 2, 5, 9, 13, 16, 17, 28, 40};
        int h = Math.max(sizes[r.nextInt(sizes.length)], dh * (kh - 1) + 1 - 2 * ph);
        int w = Math.max(sizes[r.nextInt(sizes.length)], dw * (kw - 1) + 1 - 2 * pw);
        h = Math.max(h, 1);
        w = Math.max(w, 1);
        int oh = (h + 2 * ph - dh * (kh - 1) - 1) / sh + 1;
        int ow = w + 2 * pw - dw * (kw - 1);
        return new ConvShape(n, cin, h, w, 1, kh, kw, oh, ow, sh, 1, ph, pw, dh, dw, 1);
    }

    /** An array of NaN, so that an element neither side writes cannot pass for an equal one. */
    private static float[] filled(int length) {
        float[] a = new float[length];
        Arrays.fill(a, Float.NaN);
        return a;
    }
}
