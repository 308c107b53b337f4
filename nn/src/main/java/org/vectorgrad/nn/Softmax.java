package org.vectorgrad.nn;

import org.vectorgrad.autograd.Tensor;

/** Softmax along {@code dim}, as {@code torch.nn.Softmax(dim)}. */
public final class Softmax extends Layer {
    private final int dim;

    /** Normalises along {@code dim} (negative counts from the end). */
    public Softmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.softmax(input, dim);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}
