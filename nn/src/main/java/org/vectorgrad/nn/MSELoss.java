package org.vectorgrad.nn;

import org.vectorgrad.autograd.Tensor;

/** Mean squared error {@code (x - y)^2}, as {@code torch.nn.MSELoss}; input and target must have one shape. */
public final class MSELoss extends Loss {
    /** {@code reduction='mean'}. */
    public MSELoss() {
        this(Reduction.MEAN);
    }

    /** With the given reduction. */
    public MSELoss(Reduction reduction) {
        super(reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Functional.mseLoss(input, target, reduction());
    }
}
