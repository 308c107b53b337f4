package org.vectorgrad.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Joining and splitting along a dimension, as PyTorch's {@code cat}, {@code stack}, {@code split} and
 * {@code chunk}. {@code cat} and {@code stack} copy into a new array (promoting dtypes); {@code split} and
 * {@code chunk} return views that share the input's storage, as in PyTorch.
 */
public final class Join {
    private Join() {
    }

    /**
     * Concatenates along {@code dim}; every tensor must have the same shape outside {@code dim}. As in PyTorch,
     * 1-d empty tensors (shape {@code [0]}) are skipped whatever the rank of the others, and the result dtype
     * promotes across the inputs. Nothing is modified.
     */
    public static NDArray cat(List<NDArray> tensors, int dim) {
        if (tensors == null || tensors.isEmpty()) {
            throw new IllegalArgumentException("torch.cat(): expected a non-empty list of Tensors");
        }
        DType type = tensors.get(0).dtype();
        NDArray ref = null;
        int refIndex = -1;
        for (int i = 0; i < tensors.size(); i++) {
            NDArray t = tensors.get(i);
            type = DType.promote(type, t.dtype());
            if (t.dim() == 0) {
                throw new IllegalArgumentException("zero-dimensional tensor (at position " + i
                        + ") cannot be concatenated");
            }
            if (ref == null && !isLegacyEmpty(t)) {
                ref = t;
                refIndex = i;
            }
        }
        if (ref == null) {
            return NDArray.allocate(type, new int[]{0});
        }
        int d = Shapes.normalizeDim(dim, ref.dim());
        long total = 0;
        for (int i = 0; i < tensors.size(); i++) {
            NDArray t = tensors.get(i);
            if (isLegacyEmpty(t) && i != refIndex) {
                continue;
            }
            if (t.dim() != ref.dim()) {
                throw new IllegalArgumentException("Tensors must have same number of dimensions: got " + ref.dim()
                        + " and " + t.dim());
            }
            for (int k = 0; k < ref.dim(); k++) {
                if (k != d && t.size(k) != ref.size(k)) {
                    throw new IllegalArgumentException("Sizes of tensors must match except in dimension " + d
                            + ". Expected size " + ref.size(k) + " but got size " + t.size(k) + " for tensor number "
                            + i + " in the list.");
                }
            }
            total += t.size(d);
        }
        int[] shape = ref.shape();
        shape[d] = Math.toIntExact(total);
        NDArray out = NDArray.allocate(type, shape);
        int offset = 0;
        for (int i = 0; i < tensors.size(); i++) {
            NDArray t = tensors.get(i);
            if ((isLegacyEmpty(t) && i != refIndex) || t.size(d) == 0) {
                continue;
            }
            try (NDArray slot = out.narrow(d, offset, t.size(d))) {
                Copy.copyInto(slot, t);
            }
            offset += t.size(d);
        }
        return out;
    }

    private static boolean isLegacyEmpty(NDArray t) {
        return t.dim() == 1 && t.size(0) == 0;
    }

    /** Stacks equal-shaped tensors along a new dimension {@code dim} (range {@code [-rank-1, rank]}). */
    public static NDArray stack(List<NDArray> tensors, int dim) {
        if (tensors == null || tensors.isEmpty()) {
            throw new IllegalArgumentException("stack expects a non-empty TensorList");
        }
        int[] shape = tensors.get(0).shape();
        for (int i = 1; i < tensors.size(); i++) {
            if (!Arrays.equals(shape, tensors.get(i).shape())) {
                throw new IllegalArgumentException("stack expects each tensor to be equal size, but got "
                        + Shapes.format(shape) + " at entry 0 and " + Shapes.format(tensors.get(i).shape())
                        + " at entry " + i);
            }
        }
        int d = Shapes.normalizeDim(dim, shape.length + 1);
        List<NDArray> expanded = new ArrayList<>(tensors.size());
        try {
            for (NDArray t : tensors) {
                expanded.add(t.unsqueeze(d));
            }
            return cat(expanded, d);
        } finally {
            expanded.forEach(NDArray::close);
        }
    }

    /**
     * Views of consecutive pieces of {@code splitSize} along {@code dim}; the last is smaller when the size does
     * not divide evenly. The pieces share storage with {@code a}.
     */
    public static List<NDArray> split(NDArray a, int splitSize, int dim) {
        if (a.dim() == 0) {
            throw new IllegalArgumentException("split expects at least a 1-dimensional tensor");
        }
        int d = Shapes.normalizeDim(dim, a.dim());
        int size = a.size(d);
        if (splitSize < 0) {
            throw new IllegalArgumentException("split expects split_size be non-negative, but got split_size="
                    + splitSize);
        }
        if (splitSize == 0 && size != 0) {
            throw new IllegalArgumentException("split_size can only be 0 if dimension size is 0, but got dimension"
                    + " size of " + size);
        }
        int pieces = splitSize == 0 ? 1 : Math.max(1, (size + splitSize - 1) / splitSize);
        List<NDArray> out = new ArrayList<>(pieces);
        for (int i = 0; i < pieces; i++) {
            int start = i * splitSize;
            out.add(a.narrow(d, start, Math.min(splitSize, size - start)));
        }
        return out;
    }

    /** Views of pieces of the given {@code sizes} along {@code dim}, which must sum to {@code a.size(dim)}. */
    public static List<NDArray> split(NDArray a, int[] sizes, int dim) {
        if (a.dim() == 0) {
            throw new IllegalArgumentException("split expects at least a 1-dimensional tensor");
        }
        int d = Shapes.normalizeDim(dim, a.dim());
        int size = a.size(d);
        long sum = 0;
        for (int s : sizes) {
            if (s < 0) {
                throw new IllegalArgumentException("split_with_sizes expects split_sizes have only non-negative"
                        + " entries, but got split_sizes=" + Shapes.format(sizes));
            }
            sum += s;
        }
        if (sum != size) {
            throw new IllegalArgumentException("split_with_sizes expects split_sizes to sum exactly to " + size
                    + " (input tensor's size at dimension " + d + "), but got split_sizes=" + Shapes.format(sizes));
        }
        List<NDArray> out = new ArrayList<>(sizes.length);
        int start = 0;
        for (int s : sizes) {
            out.add(a.narrow(d, start, s));
            start += s;
        }
        return out;
    }

    /**
     * Splits into {@code chunks} views of {@code ceil(size / chunks)} along {@code dim} (the last smaller); as in
     * PyTorch this may return fewer than {@code chunks} pieces, except that an empty dimension gives
     * {@code chunks} empty pieces.
     */
    public static List<NDArray> chunk(NDArray a, int chunks, int dim) {
        if (a.dim() == 0) {
            throw new IllegalArgumentException("chunk expects at least a 1-dimensional tensor");
        }
        if (chunks <= 0) {
            throw new IllegalArgumentException("chunk expects `chunks` to be greater than 0, got: " + chunks);
        }
        int d = Shapes.normalizeDim(dim, a.dim());
        int size = a.size(d);
        if (size == 0) {
            return split(a, new int[chunks], d);
        }
        return split(a, (size + chunks - 1) / chunks, d);
    }
}
