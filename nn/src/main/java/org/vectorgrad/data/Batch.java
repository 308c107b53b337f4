package org.vectorgrad.data;

import java.util.List;
import org.vectorgrad.autograd.Tensor;

/**
 * One batch from a {@link DataLoader}: the stacked tensors (e.g. inputs and targets) and the dataset indices of
 * its samples. The tensors belong to the memory scope that was open when the batch was taken from the loader
 * (a training step's scope releases them); {@link #close()} releases them at once.
 */
public final class Batch implements AutoCloseable {
    private final List<Tensor> tensors;
    private final int[] indices;

    Batch(List<Tensor> tensors, int[] indices) {
        this.tensors = List.copyOf(tensors);
        this.indices = indices;
    }

    /** The tensors, in the order of the sample's parts. */
    public List<Tensor> tensors() {
        return tensors;
    }

    /** The {@code i}-th tensor (0: inputs, 1: targets for a {@code TensorDataset(x, y)}). */
    public Tensor get(int i) {
        return tensors.get(i);
    }

    /** Number of tensors. */
    public int size() {
        return tensors.size();
    }

    /** Number of samples in this batch (the last one may be smaller). */
    public int batchSize() {
        return indices.length;
    }

    /** The dataset indices of the samples, in batch order (a copy). */
    public int[] indices() {
        return indices.clone();
    }

    /** Releases the batch's tensors. */
    @Override
    public void close() {
        for (Tensor t : tensors) {
            t.close();
        }
    }

    @Override
    public String toString() {
        return "Batch(" + indices.length + " samples, " + tensors.size() + " tensors)";
    }
}
