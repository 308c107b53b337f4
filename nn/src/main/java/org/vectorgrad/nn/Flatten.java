package org.vectorgrad.nn;

import org.vectorgrad.autograd.Tensor;

/** Flattens dims {@code startDim..endDim} into one, as {@code torch.nn.Flatten} (default: all but the batch dim). */
public final class Flatten extends Layer {
    private final int startDim;
    private final int endDim;

    /** {@code Flatten(start_dim=1, end_dim=-1)}. */
    public Flatten() {
        this(1, -1);
    }

    /** Flattens {@code startDim..endDim} inclusive (negative counts from the end). */
    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.flatten(startDim, endDim);
    }

    @Override
    protected String extraRepr() {
        return "start_dim=" + startDim + ", end_dim=" + endDim;
    }
}
