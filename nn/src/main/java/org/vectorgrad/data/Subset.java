package org.vectorgrad.data;

import java.util.List;
import org.vectorgrad.engine.NDArray;

/** The samples of a dataset at the given indices, in that order, as {@code torch.utils.data.Subset}. */
public final class Subset<T> implements Dataset<T>, Gatherable {
    private final Dataset<T> dataset;
    private final int[] indices;

    /** The samples of {@code dataset} at {@code indices} (checked to be in range). */
    public Subset(Dataset<T> dataset, int[] indices) {
        for (int i : indices) {
            if (i < 0 || i >= dataset.size()) {
                throw new IndexOutOfBoundsException("index " + i + " is out of range for a dataset of size "
                        + dataset.size());
            }
        }
        this.dataset = dataset;
        this.indices = indices.clone();
    }

    /** The underlying dataset. */
    public Dataset<T> dataset() {
        return dataset;
    }

    /** The indices into the underlying dataset (a copy). */
    public int[] indices() {
        return indices.clone();
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public T get(int index) {
        return dataset.get(indices[index]);
    }

    /** True when batches of this subset can be gathered from the underlying tensors directly. */
    boolean canGather() {
        return dataset instanceof TensorDataset || dataset instanceof Subset<?> s && s.canGather();
    }

    @Override
    public List<NDArray> gather(int[] batch) {
        int[] mapped = new int[batch.length];
        for (int i = 0; i < batch.length; i++) {
            mapped[i] = indices[batch[i]];
        }
        return ((Gatherable) dataset).gather(mapped);
    }
}
