package org.vectorgrad.nn;

import org.vectorgrad.autograd.Tensor;

/**
 * Smooth L1 loss, as {@code torch.nn.SmoothL1Loss}: {@code 0.5 d^2 / beta} where {@code |d| < beta}, else
 * {@code |d| - beta / 2}.
 */
public final class SmoothL1Loss extends Loss {
    private final double beta;

    /** {@code reduction='mean', beta=1.0}. */
    public SmoothL1Loss() {
        this(Reduction.MEAN, 1.0);
    }

    /** {@code beta} (non-negative) is where the loss turns from quadratic to linear; 0 gives L1. */
    public SmoothL1Loss(Reduction reduction, double beta) {
        super(reduction);
        this.beta = beta;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Functional.smoothL1Loss(input, target, reduction(), beta);
    }
}
