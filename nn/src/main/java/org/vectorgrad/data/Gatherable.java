package org.vectorgrad.data;

import java.util.List;
import org.vectorgrad.engine.NDArray;

/**
 * A dataset whose batches can be gathered in one indexing operation per tensor instead of one sample at a time
 * and a stack: the fast path the {@link DataLoader} takes for tensor datasets and their subsets.
 */
interface Gatherable {
    /** Every tensor of the dataset indexed by {@code indices} along dim 0: new arrays the caller releases. */
    List<NDArray> gather(int[] indices);
}
