package org.vectorgrad.nn;

import org.vectorgrad.autograd.Tensor;

/**
 * Huber loss, as {@code torch.nn.HuberLoss}: {@code 0.5 d^2} where {@code |d| < delta}, else
 * {@code delta (|d| - delta / 2)}.
 */
public final class HuberLoss extends Loss {
    private final double delta;

    /** {@code reduction='mean', delta=1.0}. */
    public HuberLoss() {
        this(Reduction.MEAN, 1.0);
    }

    /** {@code delta} (positive) is where the loss turns from quadratic to linear. */
    public HuberLoss(Reduction reduction, double delta) {
        super(reduction);
        this.delta = delta;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Functional.huberLoss(input, target, reduction(), delta);
    }
}
