package org.vectorgrad.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.DType;
import org.vectorgrad.engine.Generator;
import org.vectorgrad.engine.MemoryScope;

class DataLoaderTest {
    /** x[i] = [i, 100 + i] (float32), y[i] = i (int64). */
    static TensorDataset dataset(int n) {
        float[] x = new float[2 * n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = 100 + i;
            y[i] = i;
        }
        return new TensorDataset(Tensor.tensor(x, n, 2), Tensor.tensor(y));
    }

    /** Every epoch's batches as index arrays, checking that each batch's tensors hold those samples. */
    static List<int[]> epoch(DataLoader<?> loader) {
        List<int[]> out = new ArrayList<>();
        for (Batch b : loader) {
            int[] idx = b.indices();
            float[] x = b.get(0).toFloatArray();
            long[] y = b.get(1).toLongArray();
            assertArrayEquals(new int[]{idx.length, 2}, b.get(0).shape());
            for (int i = 0; i < idx.length; i++) {
                assertEquals(idx[i], x[2 * i]);
                assertEquals(100 + idx[i], x[2 * i + 1]);
                assertEquals(idx[i], y[i]);
            }
            out.add(idx);
            b.close();
        }
        return out;
    }

    static int[] flatten(List<int[]> batches) {
        return batches.stream().flatMapToInt(Arrays::stream).toArray();
    }

    @Test
    void inOrderWithAPartialLastBatchOrDropped() {
        for (boolean prefetch : new boolean[]{true, false}) {
            try (var loader = DataLoader.builder(dataset(10)).batchSize(3).prefetch(prefetch).build()) {
                assertEquals(4, loader.size());
                List<int[]> batches = epoch(loader);
                assertEquals(List.of(3, 3, 3, 1), batches.stream().map(b -> b.length).toList());
                assertArrayEquals(new int[]{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, flatten(batches));
            }
            try (var loader = DataLoader.builder(dataset(10)).batchSize(3).dropLast(true).prefetch(prefetch).build()) {
                assertEquals(3, loader.size());
                assertEquals(List.of(3, 3, 3), epoch(loader).stream().map(b -> b.length).toList());
            }
            try (var loader = DataLoader.builder(dataset(9)).batchSize(3).dropLast(true).prefetch(prefetch).build()) {
                assertEquals(3, loader.size());
                assertEquals(3, epoch(loader).size());
            }
        }
    }

    @Test
    void shuffledOrderDependsOnlyOnTheSeed() {
        List<int[]> runs = new ArrayList<>();
        for (boolean prefetch : new boolean[]{true, false}) {
            try (var loader = DataLoader.builder(dataset(23)).batchSize(4).shuffle(true).generator(new Generator(42))
                    .prefetch(prefetch).build()) {
                int[] first = flatten(epoch(loader));
                int[] second = flatten(epoch(loader));
                assertFalse(Arrays.equals(first, second), "each epoch draws a new order");
                int[] sorted = first.clone();
                Arrays.sort(sorted);
                assertArrayEquals(java.util.stream.IntStream.range(0, 23).toArray(), sorted);
                runs.add(first);
                runs.add(second);
            }
        }
        assertArrayEquals(runs.get(0), runs.get(2));
        assertArrayEquals(runs.get(1), runs.get(3));
        try (var loader = DataLoader.builder(dataset(23)).batchSize(4).shuffle(true).generator(new Generator(43)).build()) {
            assertFalse(Arrays.equals(runs.get(0), flatten(epoch(loader))));
        }
    }

    @Test
    void theShufflePermutationIsRandperm() {
        int[] p = Permutation.of(new Generator(5), 17);
        long[] expected = Tensor.wrap(org.vectorgrad.engine.NDArrays.randperm(new Generator(5), 17)).toLongArray();
        assertArrayEquals(Arrays.stream(expected).mapToInt(v -> (int) v).toArray(), p);
    }

    @Test
    void genericDatasetsAreCollatedLikeGatheredOnes() {
        TensorDataset td = dataset(7);
        Dataset<List<Tensor>> generic = new Dataset<>() {
            @Override
            public int size() {
                return td.size();
            }

            @Override
            public List<Tensor> get(int index) {
                return td.get(index);
            }
        };
        try (var a = DataLoader.builder(generic).batchSize(3).shuffle(true).generator(new Generator(1)).build();
                var b = DataLoader.builder(td).batchSize(3).shuffle(true).generator(new Generator(1)).build()) {
            Iterator<Batch> ia = a.iterator();
            Iterator<Batch> ib = b.iterator();
            while (ib.hasNext()) {
                Batch x = ia.next();
                Batch y = ib.next();
                assertArrayEquals(y.get(0).toFloatArray(), x.get(0).toFloatArray());
                assertArrayEquals(y.get(1).toLongArray(), x.get(1).toLongArray());
                assertEquals(y.get(1).dtype(), x.get(1).dtype());
            }
            assertFalse(ia.hasNext());
        }
        Dataset<Double> numbers = new Dataset<>() {
            @Override
            public int size() {
                return 5;
            }

            @Override
            public Double get(int index) {
                return index * 0.5;
            }
        };
        try (var loader = DataLoader.builder(numbers).batchSize(2).build()) {
            Batch last = null;
            for (Batch batch : loader) {
                last = batch;
            }
            assertEquals(DType.FLOAT64, last.get(0).dtype());
            assertArrayEquals(new double[]{2.0}, last.get(0).toDoubleArray());
        }
    }

    @Test
    void batchesBelongToTheScopeOpenWhenTheyAreTaken() {
        for (boolean prefetch : new boolean[]{true, false}) {
            try (var loader = DataLoader.builder(dataset(8)).batchSize(4).prefetch(prefetch).build()) {
                Iterator<Batch> it = loader.iterator();
                while (it.hasNext()) {
                    Tensor x;
                    try (MemoryScope scope = MemoryScope.open()) {
                        x = it.next().get(0);
                        assertTrue(scope.size() >= 2, "the batch's two tensors joined the step's scope");
                        assertFalse(x.ndarray().isClosed());
                    }
                    assertTrue(x.ndarray().isClosed());
                }
            }
        }
    }

    @Test
    void closingMidEpochStopsTheThreadAndReleasesThePendingBatch() throws Exception {
        AtomicReference<String> threadName = new AtomicReference<>();
        TensorDataset td = dataset(20);
        DataLoader<List<Tensor>> loader = DataLoader.builder((Dataset<List<Tensor>>) td).batchSize(2)
                .collate(samples -> {
                    threadName.set(Thread.currentThread().getName());
                    return List.of(Tensor.stack(samples.stream().map(s -> s.get(0)).toList(), 0));
                }).build();
        Iterator<Batch> it = loader.iterator();
        it.next().close();
        assertTrue(threadName.get().startsWith("vectorgrad-dataloader-"), threadName.get());
        assertEquals(1, loader.openIterators().size());
        loader.close();
        assertTrue(loader.openIterators().isEmpty());
        assertFalse(it.hasNext());
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            assertNotEquals(threadName.get(), t.getName(), "the loader's thread is still alive");
        }
        assertEquals("DataLoader is closed", assertThrows(IllegalStateException.class, loader::iterator).getMessage());
        assertThrows(IllegalStateException.class, it::next);
        loader.close();
    }

    @Test
    void aFinishedEpochLeavesNoIteratorOpenAndExhaustionThrows() {
        try (var loader = DataLoader.builder(dataset(4)).batchSize(2).build()) {
            Iterator<Batch> it = loader.iterator();
            it.next();
            it.next();
            assertTrue(loader.openIterators().isEmpty());
            assertThrows(NoSuchElementException.class, it::next);
        }
    }

    @Test
    void errorsWhileBuildingReachTheConsumer() {
        Dataset<List<Tensor>> failing = new Dataset<>() {
            @Override
            public int size() {
                return 6;
            }

            @Override
            public List<Tensor> get(int index) {
                if (index == 3) {
                    throw new IllegalStateException("sample 3 is broken");
                }
                return List.of(Tensor.scalar(index));
            }
        };
        try (var loader = DataLoader.builder(failing).batchSize(2).build()) {
            Iterator<Batch> it = loader.iterator();
            assertArrayEquals(new float[]{0, 1}, it.next().get(0).toFloatArray());
            var e = assertThrows(IllegalStateException.class, it::next);
            assertEquals("sample 3 is broken", e.getMessage());
            assertFalse(it.hasNext());
        }
        assertEquals("batch_size should be a positive integer value, but got batch_size=0",
                assertThrows(IllegalArgumentException.class, () -> DataLoader.builder(dataset(3)).batchSize(0).build())
                        .getMessage());
    }

    @Test
    void tensorDatasetChecksItsTensors() {
        assertEquals("Size mismatch between tensors", assertThrows(IllegalArgumentException.class,
                () -> new TensorDataset(Tensor.zeros(3, 2), Tensor.zeros(4))).getMessage());
        TensorDataset td = dataset(3);
        assertEquals(3, td.size());
        assertArrayEquals(new float[]{2, 102}, td.get(2).get(0).toFloatArray());
        assertThrows(IndexOutOfBoundsException.class, () -> td.get(3));
    }
}
