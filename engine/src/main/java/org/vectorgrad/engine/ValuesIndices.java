package org.vectorgrad.engine;

/**
 * The result of {@code max(dim)} / {@code min(dim)}, as PyTorch's {@code torch.return_types.max}: the extreme
 * values (input dtype) and their int64 positions along the reduced dimension. Closing it closes both arrays.
 */
public record ValuesIndices(NDArray values, NDArray indices) implements AutoCloseable {
    @Override
    public void close() {
        values.close();
        indices.close();
    }
}
