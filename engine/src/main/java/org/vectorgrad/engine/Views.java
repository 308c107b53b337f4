package org.vectorgrad.engine;

import java.util.Arrays;

/** Geometry of the view operations: each returns a new NDArray over the same storage. */
final class Views {
    private Views() {
    }

    static NDArray view(NDArray a, int[] requested) {
        int[] newShape = Shapes.inferSize(requested, a.numel());
        long[] newStrides = computeStrides(a.shape(), a.strides(), newShape);
        if (newStrides == null) {
            throw new IllegalArgumentException("view size is not compatible with input tensor's size and stride (at least"
                    + " one dimension spans across two contiguous subspaces). Use .reshape(...) instead.");
        }
        return a.withGeometry(a.offset(), newShape, newStrides);
    }

    static NDArray reshape(NDArray a, int[] requested) {
        int[] newShape = Shapes.inferSize(requested, a.numel());
        long[] newStrides = computeStrides(a.shape(), a.strides(), newShape);
        if (newStrides != null) {
            return a.withGeometry(a.offset(), newShape, newStrides);
        }
        try (NDArray copy = a.clone()) {
            return copy.view(newShape);
        }
    }

    /** PyTorch's computeStride: strides for viewing (shape, strides) as newShape, or null if impossible. */
    static long[] computeStrides(int[] oldShape, long[] oldStrides, int[] newShape) {
        long[] newStrides = new long[newShape.length];
        if (Shapes.numel(oldShape) == 0 || oldShape.length == 0) {
            return Shapes.contiguousStrides(newShape);
        }
        int viewD = newShape.length - 1;
        long chunkBaseStride = oldStrides[oldStrides.length - 1];
        long tensorNumel = 1;
        long viewNumel = 1;
        for (int tensorD = oldShape.length - 1; tensorD >= 0; tensorD--) {
            tensorNumel *= oldShape[tensorD];
            if (tensorD == 0 || (oldShape[tensorD - 1] != 1 && oldStrides[tensorD - 1] != tensorNumel * chunkBaseStride)) {
                while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
                    newStrides[viewD] = viewNumel * chunkBaseStride;
                    viewNumel *= newShape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) {
                    return null;
                }
                if (tensorD > 0) {
                    chunkBaseStride = oldStrides[tensorD - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewD == -1 ? newStrides : null;
    }

    static NDArray permute(NDArray a, int[] dims) {
        int rank = a.dim();
        if (dims.length != rank) {
            throw new IllegalArgumentException("permute(): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = "
                    + rank + " is not equal to len(dims) = " + dims.length);
        }
        int[] shape = a.shape();
        long[] strides = a.strides();
        int[] newShape = new int[rank];
        long[] newStrides = new long[rank];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < rank; i++) {
            int d = Shapes.normalizeDim(dims[i], rank);
            if (seen[d]) {
                throw new IllegalArgumentException("permute(): duplicate dims are not allowed.");
            }
            seen[d] = true;
            newShape[i] = shape[d];
            newStrides[i] = strides[d];
        }
        return a.withGeometry(a.offset(), newShape, newStrides);
    }

    static NDArray transpose(NDArray a, int dim0, int dim1) {
        int rank = a.dim();
        int[] order = new int[rank];
        for (int i = 0; i < rank; i++) {
            order[i] = i;
        }
        if (rank == 0) {
            Shapes.normalizeDim(dim0, 0);
            Shapes.normalizeDim(dim1, 0);
            return permute(a, order);
        }
        int d0 = Shapes.normalizeDim(dim0, rank);
        int d1 = Shapes.normalizeDim(dim1, rank);
        order[d0] = d1;
        order[d1] = d0;
        return permute(a, order);
    }

    static NDArray narrow(NDArray a, int dim, int start, int length) {
        if (a.dim() == 0) {
            throw new IllegalArgumentException("narrow() cannot be applied to a 0-dim tensor.");
        }
        int d = Shapes.normalizeDim(dim, a.dim());
        int size = a.shape()[d];
        int s = start < 0 ? start + size : start;
        if (s < 0 || s > size) {
            throw new IndexOutOfBoundsException("start out of range (expected to be in range of [" + (-size) + ", "
                    + size + "], but got " + start + ")");
        }
        if (length < 0 || s + length > size) {
            throw new IllegalArgumentException("start (" + s + ") + length (" + length
                    + ") exceeds dimension size (" + size + ").");
        }
        return slice(a, d, s, s + length, 1);
    }

    static NDArray slice(NDArray a, int dim, int start, int end, int step) {
        if (a.dim() == 0) {
            throw new IllegalArgumentException("slice() cannot be applied to a 0-dim tensor.");
        }
        if (step <= 0) {
            throw new IllegalArgumentException("slice step must be positive");
        }
        int d = Shapes.normalizeDim(dim, a.dim());
        int[] shape = a.shape();
        long[] strides = a.strides();
        int size = shape[d];
        long s = clampIndex(start, size);
        long e = clampIndex(end, size);
        int length = e > s ? (int) ((e - s + step - 1) / step) : 0;
        long offset = a.offset() + (length > 0 ? s * strides[d] : 0);
        shape[d] = length;
        strides[d] = strides[d] * step;
        return a.withGeometry(offset, shape, strides);
    }

    /** Python slice bounds: negative counts from the end, then clamps into [0, size]. */
    private static long clampIndex(long i, int size) {
        long v = i < 0 ? i + size : i;
        return Math.max(0, Math.min(size, v));
    }

    static NDArray select(NDArray a, int dim, int index) {
        if (a.dim() == 0) {
            throw new IllegalArgumentException("select() cannot be applied to a 0-dim tensor.");
        }
        int d = Shapes.normalizeDim(dim, a.dim());
        int[] shape = a.shape();
        long[] strides = a.strides();
        int size = shape[d];
        if (index < -size || index >= size) {
            throw new IndexOutOfBoundsException("select(): index " + index + " out of range for tensor of size "
                    + Shapes.format(shape) + " at dimension " + dim);
        }
        int i = index < 0 ? index + size : index;
        return a.withGeometry(a.offset() + i * strides[d], remove(shape, d), remove(strides, d));
    }

    static NDArray expand(NDArray a, int[] sizes) {
        int[] shape = a.shape();
        long[] strides = a.strides();
        if (sizes.length < shape.length) {
            throw new IllegalArgumentException("expand(" + Shapes.format(shape) + ", size=" + Shapes.format(sizes)
                    + "): the number of sizes provided (" + sizes.length + ") must be greater or equal to the number of"
                    + " dimensions in the tensor (" + shape.length + ")");
        }
        int shift = sizes.length - shape.length;
        int[] newShape = new int[sizes.length];
        long[] newStrides = new long[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            int j = i - shift;
            int want = sizes[i];
            if (j < 0) {
                if (want < 0) {
                    throw new IllegalArgumentException("The expanded size of the tensor (-1) isn't allowed in a leading,"
                            + " non-existing dimension " + i);
                }
                newShape[i] = want;
                newStrides[i] = 0;
            } else if (want == -1 || want == shape[j]) {
                newShape[i] = shape[j];
                newStrides[i] = strides[j];
            } else if (shape[j] == 1) {
                newShape[i] = want;
                newStrides[i] = 0;
            } else {
                throw new IllegalArgumentException("The expanded size of the tensor (" + want + ") must match the existing"
                        + " size (" + shape[j] + ") at non-singleton dimension " + i + ".  Target sizes: "
                        + Shapes.format(sizes) + ".  Tensor sizes: " + Shapes.format(shape));
            }
        }
        return a.withGeometry(a.offset(), newShape, newStrides);
    }

    static NDArray squeeze(NDArray a) {
        int[] shape = a.shape();
        long[] strides = a.strides();
        int n = 0;
        for (int s : shape) {
            n += s == 1 ? 0 : 1;
        }
        int[] newShape = new int[n];
        long[] newStrides = new long[n];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (shape[i] != 1) {
                newShape[j] = shape[i];
                newStrides[j++] = strides[i];
            }
        }
        return a.withGeometry(a.offset(), newShape, newStrides);
    }

    static NDArray squeeze(NDArray a, int dim) {
        int d = Shapes.normalizeDim(dim, a.dim());
        int[] shape = a.shape();
        if (a.dim() == 0 || shape[d] != 1) {
            return a.withGeometry(a.offset(), shape, a.strides());
        }
        return a.withGeometry(a.offset(), remove(shape, d), remove(a.strides(), d));
    }

    static NDArray unsqueeze(NDArray a, int dim) {
        int d = Shapes.normalizeDim(dim, a.dim() + 1);
        int[] shape = a.shape();
        long[] strides = a.strides();
        long stride = d < shape.length ? strides[d] * shape[d] : 1;
        return a.withGeometry(a.offset(), insert(shape, d, 1), insert(strides, d, stride));
    }

    static NDArray flatten(NDArray a, int startDim, int endDim) {
        if (a.dim() == 0) {
            return a.reshape(1);
        }
        int s = Shapes.normalizeDim(startDim, a.dim());
        int e = Shapes.normalizeDim(endDim, a.dim());
        if (s > e) {
            throw new IllegalArgumentException("flatten() has invalid args: start_dim cannot come after end_dim");
        }
        int[] shape = a.shape();
        int[] newShape = new int[shape.length - (e - s)];
        System.arraycopy(shape, 0, newShape, 0, s);
        long merged = 1;
        for (int i = s; i <= e; i++) {
            merged *= shape[i];
        }
        newShape[s] = Math.toIntExact(merged);
        System.arraycopy(shape, e + 1, newShape, s + 1, shape.length - e - 1);
        return a.reshape(newShape);
    }

    static NDArray unflatten(NDArray a, int dim, int[] sizes) {
        int d = Shapes.normalizeDim(dim, a.dim());
        int[] shape = a.shape();
        int[] inferred = Shapes.inferSize(sizes, shape[d]);
        int[] newShape = new int[shape.length - 1 + sizes.length];
        System.arraycopy(shape, 0, newShape, 0, d);
        System.arraycopy(inferred, 0, newShape, d, inferred.length);
        System.arraycopy(shape, d + 1, newShape, d + inferred.length, shape.length - d - 1);
        return a.view(newShape);
    }

    static int[] remove(int[] a, int i) {
        int[] out = new int[a.length - 1];
        System.arraycopy(a, 0, out, 0, i);
        System.arraycopy(a, i + 1, out, i, a.length - i - 1);
        return out;
    }

    static long[] remove(long[] a, int i) {
        long[] out = new long[a.length - 1];
        System.arraycopy(a, 0, out, 0, i);
        System.arraycopy(a, i + 1, out, i, a.length - i - 1);
        return out;
    }

    static int[] insert(int[] a, int i, int v) {
        int[] out = Arrays.copyOf(a, a.length + 1);
        System.arraycopy(a, i, out, i + 1, a.length - i);
        out[i] = v;
        return out;
    }

    static long[] insert(long[] a, int i, long v) {
        long[] out = Arrays.copyOf(a, a.length + 1);
        System.arraycopy(a, i, out, i + 1, a.length - i);
        out[i] = v;
        return out;
    }
}
