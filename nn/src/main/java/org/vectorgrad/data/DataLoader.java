package org.vectorgrad.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.Generator;
import org.vectorgrad.engine.NDArray;

/**
 * Batches of a dataset, as {@code torch.utils.data.DataLoader}: each {@link #iterator()} is one epoch.
 *
 * <pre>{@code
 * try (var loader = DataLoader.builder(train).batchSize(64).shuffle(true).generator(new Generator(0)).build()) {
 *     for (int epoch = 0; epoch < epochs; epoch++) {
 *         for (Batch b : loader) {
 *             try (MemoryScope step = MemoryScope.open()) {   // b's tensors are released with the step
 *                 Tensor loss = lossFn.apply(model.forward(b.get(0)), b.get(1));
 *                 ...
 *             }
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>Order: without shuffle, samples in index order; with shuffle, a new permutation per epoch drawn from the
 * generator when the epoch starts, so a seed fixes every epoch's order whatever the timing of the background
 * thread. The last batch is smaller unless {@code dropLast}. With prefetch (the default), one background thread
 * builds the next batch while the current one is used; the batch is handed over without copying into the memory
 * scope open on the consuming thread when it is taken. {@link #close()} stops the thread and releases batches built
 * but not taken.
 */
public final class DataLoader<T> implements Iterable<Batch>, AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Dataset<T> dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final Generator generator;
    private final Function<List<T>, List<Tensor>> collate;
    private final ExecutorService worker;
    private final List<Thread> workerThreads = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Set<BatchIterator> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private DataLoader(Builder<T> b) {
        if (b.batchSize <= 0) {
            throw new IllegalArgumentException("batch_size should be a positive integer value, but got batch_size="
                    + b.batchSize);
        }
        this.dataset = b.dataset;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.dropLast = b.dropLast;
        this.generator = b.generator != null ? b.generator : Generator.defaultGenerator();
        this.collate = b.collate;
        this.worker = b.prefetch ? newWorker() : null;
    }

    /**
     * One thread, tasks in submission order. It is a daemon and ends after a minute without work, so a loader that
     * is never closed neither keeps the JVM alive nor holds a thread forever.
     */
    private ExecutorService newWorker() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "vectorgrad-dataloader-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            workerThreads.add(t);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** A builder with PyTorch's defaults: batch size 1, no shuffle, keep the last partial batch; plus prefetch. */
    public static <T> Builder<T> builder(Dataset<T> dataset) {
        return new Builder<>(dataset);
    }

    /** Options of a {@link DataLoader}. */
    public static final class Builder<T> {
        private final Dataset<T> dataset;
        private int batchSize = 1;
        private boolean shuffle;
        private boolean dropLast;
        private boolean prefetch = true;
        private Generator generator;
        private Function<List<T>, List<Tensor>> collate;

        private Builder(Dataset<T> dataset) {
            this.dataset = dataset;
        }

        /** Samples per batch (default 1). */
        public Builder<T> batchSize(int v) {
            batchSize = v;
            return this;
        }

        /** Reshuffle the samples every epoch. */
        public Builder<T> shuffle(boolean v) {
            shuffle = v;
            return this;
        }

        /** Drop the last batch when it is smaller than the batch size. */
        public Builder<T> dropLast(boolean v) {
            dropLast = v;
            return this;
        }

        /** Build the next batch on a background thread (default true). */
        public Builder<T> prefetch(boolean v) {
            prefetch = v;
            return this;
        }

        /** The source of shuffling (default: the process-wide default generator). */
        public Builder<T> generator(Generator v) {
            generator = v;
            return this;
        }

        /**
         * Turns a list of samples into the batch's tensors; the default stacks tensors (and lists of tensors
         * position by position) and makes tensors of Java numbers, as PyTorch's {@code default_collate}.
         */
        public Builder<T> collate(Function<List<T>, List<Tensor>> v) {
            collate = v;
            return this;
        }

        /** The loader; its background thread starts with the first epoch's iterator. */
        public DataLoader<T> build() {
            return new DataLoader<>(this);
        }
    }

    /** The dataset. */
    public Dataset<T> dataset() {
        return dataset;
    }

    /** Number of batches per epoch (Python's {@code len(loader)}). */
    public int size() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** Starts an epoch: draws its order now, and (with prefetch) starts building its first batch. */
    @Override
    public Iterator<Batch> iterator() {
        if (closed) {
            throw new IllegalStateException("DataLoader is closed");
        }
        int n = dataset.size();
        int[] order;
        if (shuffle) {
            order = Permutation.of(generator, n);
        } else {
            order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
        }
        BatchIterator it = new BatchIterator(this, order, size());
        if (worker != null) {
            open.add(it);
            it.prefetchNext();
        }
        return it;
    }

    /** The sample indices of batch {@code k} of an epoch with this order. */
    int[] batchIndices(int[] order, int k) {
        int from = k * batchSize;
        int to = Math.min(order.length, from + batchSize);
        int[] idx = new int[to - from];
        System.arraycopy(order, from, idx, 0, idx.length);
        return idx;
    }

    /** Builds the arrays of one batch (on the worker thread with prefetch): gathered, or collated from samples. */
    List<NDArray> build(int[] indices) {
        if (collate == null && (dataset instanceof TensorDataset || dataset instanceof Subset<?> s && s.canGather())) {
            return ((Gatherable) dataset).gather(indices);
        }
        List<T> samples = new ArrayList<>(indices.length);
        for (int i : indices) {
            samples.add(dataset.get(i));
        }
        if (collate == null) {
            return Collate.collate(samples);
        }
        List<NDArray> out = new ArrayList<>();
        for (Tensor t : collate.apply(samples)) {
            out.add(t.ndarray());
        }
        return out;
    }

    ExecutorService worker() {
        return worker;
    }

    void finished(BatchIterator it) {
        open.remove(it);
    }

    /** True once {@link #close()} ran. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Stops the background thread and releases every batch that was built but not taken. Iterators of this
     * loader end. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (BatchIterator it : new ArrayList<>(open)) {
            it.close();
        }
        if (worker != null) {
            worker.shutdownNow();
            try {
                if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("DataLoader's background thread did not stop within 10 s");
                }
                // The executor counts as terminated just before its thread exits: join so close() means stopped.
                for (Thread t : workerThreads) {
                    t.join(10_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Iterators that were started and not finished (for tests). */
    Set<BatchIterator> openIterators() {
        return Collections.unmodifiableSet(open);
    }

    static NoSuchElementException exhausted() {
        return new NoSuchElementException("DataLoader epoch is exhausted");
    }
}
