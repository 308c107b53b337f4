package org.vectorgrad.data;

import java.util.ArrayList;
import java.util.List;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.Join;
import org.vectorgrad.engine.NDArray;
import org.vectorgrad.engine.NDArrays;

/** PyTorch's {@code default_collate} for the sample types the loader knows: tensors, lists of them, numbers. */
final class Collate {
    private Collate() {
    }

    /**
     * Stacks samples into batch arrays: a sample that is a Tensor gives one array, a list gives one array per
     * position; Java numbers become float64 (double, float) or int64 (integral) arrays, as Python numbers do.
     */
    static List<NDArray> collate(List<?> samples) {
        Object first = samples.getFirst();
        if (first instanceof List<?> l) {
            List<NDArray> out = new ArrayList<>();
            try {
                for (int k = 0; k < l.size(); k++) {
                    List<Object> column = new ArrayList<>(samples.size());
                    for (Object s : samples) {
                        if (!(s instanceof List<?> row) || row.size() != l.size()) {
                            throw new IllegalArgumentException("each element in list of batch should be of equal size");
                        }
                        column.add(row.get(k));
                    }
                    out.add(stack(column));
                }
            } catch (RuntimeException | Error e) {
                out.forEach(NDArray::close);
                throw e;
            }
            return out;
        }
        return List.of(stack(samples));
    }

    private static NDArray stack(List<?> column) {
        Object first = column.getFirst();
        if (first instanceof Tensor) {
            List<NDArray> arrays = new ArrayList<>(column.size());
            for (Object o : column) {
                arrays.add(((Tensor) o).ndarray());
            }
            return Join.stack(arrays, 0);
        }
        if (first instanceof Double || first instanceof Float) {
            double[] v = new double[column.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = ((Number) column.get(i)).doubleValue();
            }
            return NDArrays.of(v, v.length);
        }
        if (first instanceof Number) {
            long[] v = new long[column.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = ((Number) column.get(i)).longValue();
            }
            return NDArrays.of(v, v.length);
        }
        throw new IllegalArgumentException("default_collate: batch must contain tensors, numbers or lists; found "
                + first.getClass().getName());
    }
}
