package org.vectorgrad.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.NDArray;

/**
 * One epoch of a {@link DataLoader}. With prefetch, batch k+1 is submitted to the loader's single worker thread
 * when batch k is taken, so batches are built one at a time, in order, one ahead of the consumer.
 */
final class BatchIterator implements Iterator<Batch>, AutoCloseable {
    private final DataLoader<?> loader;
    private final int[] order;
    private final int count;
    private int next;
    private int submitted;
    private Future<List<NDArray>> pending;
    private boolean closed;

    BatchIterator(DataLoader<?> loader, int[] order, int count) {
        this.loader = loader;
        this.order = order;
        this.count = count;
    }

    /** Submits the next batch not yet submitted, if any. */
    synchronized void prefetchNext() {
        if (submitted < count && !closed) {
            int[] idx = loader.batchIndices(order, submitted++);
            try {
                pending = loader.worker().submit(() -> loader.build(idx));
            } catch (RejectedExecutionException e) {
                throw new IllegalStateException("DataLoader is closed", e);
            }
        }
    }

    @Override
    public synchronized boolean hasNext() {
        return !closed && next < count;
    }

    @Override
    public synchronized Batch next() {
        if (closed && loader.isClosed()) {
            throw new IllegalStateException("DataLoader is closed");
        }
        if (!hasNext()) {
            throw DataLoader.exhausted();
        }
        int[] idx = loader.batchIndices(order, next++);
        if (loader.worker() == null) {
            return wrap(loader.build(idx), idx);
        }
        Future<List<NDArray>> current = pending;
        pending = null;
        prefetchNext();
        List<NDArray> built;
        try {
            built = await(current);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
        if (next == count) {
            loader.finished(this);
        }
        // Views made on this thread join the memory scope open here; the worker's references are dropped, so the
        // buffers are released with that scope (or by close / the GC when no scope is open).
        List<NDArray> handed = new ArrayList<>(built.size());
        for (NDArray a : built) {
            handed.add(a.view(a.shape()));
            a.close();
        }
        return wrap(handed, idx);
    }

    private static Batch wrap(List<NDArray> arrays, int[] idx) {
        List<Tensor> tensors = new ArrayList<>(arrays.size());
        for (NDArray a : arrays) {
            tensors.add(Tensor.wrap(a));
        }
        return new Batch(tensors, idx);
    }

    private static List<NDArray> await(Future<List<NDArray>> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the DataLoader's next batch", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("DataLoader failed to build a batch", cause);
        }
    }

    /** Ends the epoch: the batch being built (if any) is waited for and released. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        loader.finished(this);
        Future<List<NDArray>> f = pending;
        pending = null;
        if (f != null && !f.cancel(false)) {
            try {
                for (NDArray a : f.get()) {
                    a.close();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | CancellationException e) {
                // nothing was built, nothing to release
            }
        }
    }
}
