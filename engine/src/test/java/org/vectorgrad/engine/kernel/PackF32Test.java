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
 * The transposed packing of B (B^T contiguous, as {@code x @ W^T} reads W) against the panel layout written out
 * element by element: register transposes on 512-bit machines ({@link TransposeF32}), scattered vectors elsewhere.
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
}
