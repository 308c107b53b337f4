package org.vectorgrad.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.vectorgrad.engine.Generator;

class RandomSplitTest {
    static final Dataset<Integer> RANGE10 = new Dataset<>() {
        @Override
        public int size() {
            return 10;
        }

        @Override
        public Integer get(int index) {
            return index;
        }
    };

    static int[] all(List<Subset<Integer>> parts) {
        return parts.stream().flatMapToInt(s -> IntStream.range(0, s.size()).map(s::get)).toArray();
    }

    @Test
    void lengthsSplitAPermutation() {
        List<Subset<Integer>> parts = Datasets.randomSplit(RANGE10, new int[]{3, 7}, new Generator(42));
        assertEquals(3, parts.get(0).size());
        assertEquals(7, parts.get(1).size());
        int[] sorted = all(parts);
        Arrays.sort(sorted);
        assertArrayEquals(IntStream.range(0, 10).toArray(), sorted);
        assertArrayEquals(all(parts), all(Datasets.randomSplit(RANGE10, new int[]{3, 7}, new Generator(42))));
        assertArrayEquals(Permutation.of(new Generator(42), 10), all(parts), "the generator's permutation, cut in order");
    }

    @Test
    void fractionsAsPyTorchRoundsThem() {
        // the docs' example: [0.3, 0.3, 0.4] of 10 samples
        List<Subset<Integer>> parts = Datasets.randomSplit(RANGE10, new double[]{0.3, 0.3, 0.4}, new Generator(1));
        assertEquals(List.of(3, 3, 4), parts.stream().map(Subset::size).toList());
        // floor(10 * 0.25) = 2 each, the remaining 2 go round-robin from the first subset
        parts = Datasets.randomSplit(RANGE10, new double[]{0.25, 0.25, 0.25, 0.25}, new Generator(1));
        assertEquals(List.of(3, 3, 2, 2), parts.stream().map(Subset::size).toList());
    }

    @Test
    void errors() {
        assertEquals("Sum of input lengths does not equal the length of the input dataset!",
                assertThrows(IllegalArgumentException.class,
                        () -> Datasets.randomSplit(RANGE10, new int[]{3, 6}, new Generator(0))).getMessage());
        assertEquals("Fraction at index 1 is not between 0 and 1", assertThrows(IllegalArgumentException.class,
                () -> Datasets.randomSplit(RANGE10, new double[]{0.5, 1.5, -1.0}, new Generator(0))).getMessage());
    }

    @Test
    void subsetsOfTensorDatasetsLoadThroughTheGatherPath() {
        TensorDataset td = DataLoaderTest.dataset(10);
        List<Subset<java.util.List<org.vectorgrad.autograd.Tensor>>> parts =
                Datasets.randomSplit(td, new int[]{4, 6}, new Generator(3));
        Subset<java.util.List<org.vectorgrad.autograd.Tensor>> second = parts.get(1);
        assertEquals(true, second.canGather());
        try (var loader = DataLoader.builder(second).batchSize(4).build()) {
            int k = 0;
            for (Batch b : loader) {
                float[] x = b.get(0).toFloatArray();
                for (int i = 0; i < b.batchSize(); i++) {
                    assertEquals(second.indices()[k++], x[2 * i]);
                }
            }
            assertEquals(6, k);
        }
    }
}
