package org.vectorgrad.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The transposed packings against their layouts written out element by element: B^T contiguous (as
 * {@code x @ W^T} reads W) into panels, A^T contiguous (as {@code G^T X} reads G) into rows AS apart; register
 * transposes on 512-bit machines ({@link TransposeF32}), scattered vectors or single elements elsewhere.
 */
class PackF32Test {
    @Property(tries = 60)
    void transposedBLandsInThePanelLayout(@ForAll @IntRange(min = 1, max = 300) int kc,
            @ForAll @IntRange(min = 1, max = 100) int nc, @ForAll @IntRange(min = 0, max = 7) int skew) {
        int nr = KernelF32.NR;
        long cs = kc + skew; // column runs of kc, some space between them
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment b = arena.allocate(4 * (cs * nc + 1), 4);
            for (long i = 0; i < cs * nc + 1; i++) {
                b.setAtIndex(ValueLayout.JAVA_FLOAT, i, i * 0.5f - 7f);
            }
            int width = (nc + nr - 1) / nr * nr;
            float[] expected = new float[kc * width + nr];
            for (int j = 0; j < nc; j++) {
                for (int p = 0; p < kc; p++) {
                    expected[(j / nr) * nr * kc + p * nr + j % nr] = b.getAtIndex(ValueLayout.JAVA_FLOAT, 1 + j * cs + p);
                }
            }
            float[] packed = new float[expected.length];
            PackF32.packB(b, 1, 1, cs, kc, nc, packed);
            assertArrayEquals(expected, packed);
            // the scatter, which machines without 512-bit vectors take, on the whole panels
            int full = nc / nr * nr;
            float[] scattered = new float[expected.length];
            PackF32.scatterColumns(b, 1, cs, kc, full, scattered);
            float[] wholePanels = Arrays.copyOf(expected, full * kc);
            assertArrayEquals(wholePanels, Arrays.copyOf(scattered, full * kc));
        }
    }

    @Property(tries = 60)
    void transposedALandsInRowsAsApart(@ForAll @IntRange(min = 1, max = 100) int mc,
            @ForAll @IntRange(min = 1, max = 300) int kc, @ForAll @IntRange(min = 0, max = 7) int skew) {
        int as = KernelF32.AS;
        long cs = mc + skew; // A^T contiguous: column p of A is a run of mc, some space between runs
        int rowsTo = (mc + KernelF32.MR - 1) / KernelF32.MR * KernelF32.MR;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(4 * (cs * kc + 1), 4);
            for (long i = 0; i < cs * kc + 1; i++) {
                a.setAtIndex(ValueLayout.JAVA_FLOAT, i, i * 0.25f - 3f);
            }
            float[] packed = new float[rowsTo * as];
            Arrays.fill(packed, Float.NaN); // the padding rows must be written too
            PackF32.packA(a, 1, 1, cs, mc, kc, rowsTo, packed);
            // the first kc values of each row: A's row, zeros past mc
            float[] expected = new float[rowsTo * kc];
            float[] got = new float[rowsTo * kc];
            for (int i = 0; i < rowsTo; i++) {
                for (int p = 0; p < kc; p++) {
                    expected[i * kc + p] = i < mc ? a.getAtIndex(ValueLayout.JAVA_FLOAT, 1 + p * cs + i) : 0f;
                    got[i * kc + p] = packed[i * as + p];
                }
            }
            assertArrayEquals(expected, got);
        }
    }
}
