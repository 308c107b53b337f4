package org.vectorgrad.autograd;

import org.vectorgrad.autograd.ops.Shaping;
import org.vectorgrad.engine.DType;
import org.vectorgrad.engine.NDArray;

/** View, reshape and copy ops of {@link Tensor}; views share storage and are differentiable. */
public interface TensorShape {
    /** This tensor. */
    Tensor self();

    /** Same data, new shape (one size may be -1); fails when the strides forbid a view. */
    default Tensor view(int... shape) {
        return new Shaping.View(shape, false).apply(self());
    }

    /** Like view, copying when the strides forbid a view. */
    default Tensor reshape(int... shape) {
        return new Shaping.View(shape, true).apply(self());
    }

    default Tensor flatten() {
        return flatten(0, -1);
    }

    default Tensor flatten(int startDim, int endDim) {
        try (NDArray shaped = self().ndarray().flatten(startDim, endDim)) {
            return reshape(shaped.shape());
        }
    }

    default Tensor unflatten(int dim, int... sizes) {
        try (NDArray shaped = self().ndarray().unflatten(dim, sizes)) {
            return view(shaped.shape());
        }
    }

    default Tensor permute(int... dims) {
        return new Shaping.Permute(dims).apply(self());
    }

    default Tensor transpose(int dim0, int dim1) {
        return new Shaping.Transpose(dim0, dim1, "TransposeBackward0").apply(self());
    }

    /** Matrix transpose (tensors of at most 2 dims). */
    default Tensor t() {
        if (self().dim() > 2) {
            throw new IllegalArgumentException("t() expects a tensor with <= 2 dimensions, but self is " + self().dim() + "D");
        }
        return new Shaping.Transpose(0, 1, "TBackward0").apply(self());
    }

    /** Python's {@code a[start:end:step]} along {@code dim}. */
    default Tensor slice(int dim, int start, int end, int step) {
        return new Shaping.Slice(dim, start, end, step).apply(self());
    }

    default Tensor narrow(int dim, int start, int length) {
        try (NDArray checked = self().ndarray().narrow(dim, start, length)) {
            int s = start < 0 ? start + self().size(dim) : start;
            return slice(dim, s, s + length, 1);
        }
    }

    default Tensor select(int dim, int index) {
        return new Shaping.Select(dim, index).apply(self());
    }

    default Tensor expand(int... sizes) {
        return new Shaping.Expand(sizes).apply(self());
    }

    default Tensor broadcastTo(int... sizes) {
        return expand(sizes);
    }

    /** Expands to {@code other}'s shape. */
    default Tensor expandAs(Tensor other) {
        return expand(other.shape());
    }

    default Tensor squeeze() {
        try (NDArray shaped = self().ndarray().squeeze()) {
            return new Shaping.Squeeze(shaped.shape(), "SqueezeBackward0").apply(self());
        }
    }

    default Tensor squeeze(int dim) {
        try (NDArray shaped = self().ndarray().squeeze(dim)) {
            return new Shaping.Squeeze(shaped.shape(), "SqueezeBackward1").apply(self());
        }
    }

    default Tensor unsqueeze(int dim) {
        try (NDArray shaped = self().ndarray().unsqueeze(dim)) {
            return new Shaping.Squeeze(shaped.shape(), "UnsqueezeBackward0").apply(self());
        }
    }

    /** This tensor if contiguous, else a contiguous copy ({@code CloneBackward0}). */
    default Tensor contiguous() {
        return self().ndarray().isContiguous() ? self() : self().clone();
    }

    /** Converts the dtype (this tensor itself if it already has it). */
    default Tensor to(DType type) {
        return self().dtype() == type ? self() : new Shaping.ToType(type).apply(self());
    }

    /** Sums broadcast dimensions away so that the result has {@code shape} (PyTorch's {@code sum_to_size}). */
    default Tensor sumToSize(int... shape) {
        return new org.vectorgrad.autograd.ops.Reductions.SumToSize(shape).apply(self());
    }
}
