package org.vectorgrad.nn;

import org.vectorgrad.autograd.Tensor;

/** Log-softmax along {@code dim}, as {@code torch.nn.LogSoftmax(dim)}. */
public final class LogSoftmax extends Layer {
    private final int dim;

    /** Normalises along {@code dim} (negative counts from the end). */
    public LogSoftmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.logSoftmax(input, dim);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}
