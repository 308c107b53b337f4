package org.vectorgrad.autograd;

/**
 * A result with positions, as PyTorch's {@code max_pool2d(..., return_indices=True)}: the values (differentiable)
 * and the int64 indices (never differentiable).
 */
public record TensorWithIndices(Tensor values, Tensor indices) {
}
