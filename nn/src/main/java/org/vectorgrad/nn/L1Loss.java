package org.vectorgrad.nn;

import org.vectorgrad.autograd.Tensor;

/** Mean absolute error {@code |x - y|}, as {@code torch.nn.L1Loss}; input and target must have one shape. */
public final class L1Loss extends Loss {
    /** {@code reduction='mean'}. */
    public L1Loss() {
        this(Reduction.MEAN);
    }

    /** With the given reduction. */
    public L1Loss(Reduction reduction) {
        super(reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Functional.l1Loss(input, target, reduction());
    }
}
