package org.vectorgrad.data;

/**
 * A map-style dataset, as {@code torch.utils.data.Dataset}: {@link #size()} samples, read by index.
 *
 * @param <T> the type of one sample (for example {@code List<Tensor>}: an input and its target)
 */
public interface Dataset<T> {
    /** Number of samples (Python's {@code len(dataset)}). */
    int size();

    /** The sample at {@code index}, {@code 0 <= index < size()}. */
    T get(int index);
}
