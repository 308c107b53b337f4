package org.vectorgrad.data;

import java.util.ArrayList;
import java.util.List;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.Index;
import org.vectorgrad.engine.NDArray;
import org.vectorgrad.engine.NDArrays;

/**
 * Tensors that share their first dimension, as {@code torch.utils.data.TensorDataset}: sample {@code i} is the
 * list of each tensor's {@code i}-th slice (views, no copy).
 *
 * <pre>{@code
 * var data = new TensorDataset(images, labels);   // [N, 1, 28, 28] and [N]
 * }</pre>
 *
 * The tensors are read, never modified; they must stay alive (created outside a step's memory scope) as long as
 * the dataset is used.
 */
public final class TensorDataset implements Dataset<List<Tensor>>, Gatherable {
    private final List<Tensor> tensors;

    /** A dataset of the given tensors, which must share their first dimension. */
    public TensorDataset(Tensor... tensors) {
        this(List.of(tensors));
    }

    /** A dataset of the given tensors, which must share their first dimension. */
    public TensorDataset(List<Tensor> tensors) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("TensorDataset needs at least one tensor");
        }
        for (Tensor t : tensors) {
            if (t.dim() == 0) {
                throw new IllegalArgumentException("TensorDataset needs tensors with at least one dimension, got a 0-d tensor");
            }
            if (t.size(0) != tensors.getFirst().size(0)) {
                throw new IllegalArgumentException("Size mismatch between tensors");
            }
        }
        this.tensors = List.copyOf(tensors);
    }

    /** The tensors, as given. */
    public List<Tensor> tensors() {
        return tensors;
    }

    @Override
    public int size() {
        return tensors.getFirst().size(0);
    }

    @Override
    public List<Tensor> get(int index) {
        List<Tensor> out = new ArrayList<>(tensors.size());
        for (Tensor t : tensors) {
            out.add(Tensor.wrap(t.ndarray().select(0, index)));
        }
        return out;
    }

    @Override
    public List<NDArray> gather(int[] indices) {
        long[] idx = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= size()) {
                throw new IndexOutOfBoundsException("index " + indices[i] + " is out of bounds for dimension 0 with size "
                        + size());
            }
            idx[i] = indices[i];
        }
        List<NDArray> out = new ArrayList<>(tensors.size());
        try (NDArray index = NDArrays.of(idx, indices.length)) {
            for (Tensor t : tensors) {
                out.add(Index.indexSelect(t.ndarray(), 0, index));
            }
        } catch (RuntimeException | Error e) {
            out.forEach(NDArray::close);
            throw e;
        }
        return out;
    }
}
