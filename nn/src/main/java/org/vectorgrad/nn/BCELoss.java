package org.vectorgrad.nn;

import org.vectorgrad.autograd.Tensor;

/**
 * Binary cross-entropy of probabilities in [0, 1], as {@code torch.nn.BCELoss}: each log is clamped to at least
 * -100, so saturated probabilities give finite losses and gradients. Optional per-element {@code weight}
 * (broadcast to the input, registered as a buffer).
 */
public final class BCELoss extends Loss {
    private final Tensor weight;

    /** {@code weight=None, reduction='mean'}. */
    public BCELoss() {
        this(null, Reduction.MEAN);
    }

    /** Unweighted, with the given reduction. */
    public BCELoss(Reduction reduction) {
        this(null, reduction);
    }

    /** {@code weight} (may be null) broadcasts to the input. */
    public BCELoss(Tensor weight, Reduction reduction) {
        super(reduction);
        this.weight = optionalBuffer("weight", weight);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Functional.binaryCrossEntropy(input, target, weight, reduction());
    }
}
