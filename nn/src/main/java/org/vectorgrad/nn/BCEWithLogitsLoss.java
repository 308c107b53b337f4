package org.vectorgrad.nn;

import org.vectorgrad.autograd.Tensor;

/**
 * Sigmoid and binary cross-entropy in one stable formula, as {@code torch.nn.BCEWithLogitsLoss}. Optional
 * per-element {@code weight} and per-class {@code posWeight} (weighing the positive term), both buffers.
 */
public final class BCEWithLogitsLoss extends Loss {
    private final Tensor weight;
    private final Tensor posWeight;

    /** {@code weight=None, reduction='mean', pos_weight=None}. */
    public BCEWithLogitsLoss() {
        this(null, Reduction.MEAN, null);
    }

    /** Unweighted, with the given reduction. */
    public BCEWithLogitsLoss(Reduction reduction) {
        this(null, reduction, null);
    }

    /** {@code weight} (per element) and {@code posWeight} (per class, along the last dim) may be null. */
    public BCEWithLogitsLoss(Tensor weight, Reduction reduction, Tensor posWeight) {
        super(reduction);
        this.weight = optionalBuffer("weight", weight);
        this.posWeight = optionalBuffer("pos_weight", posWeight);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Functional.binaryCrossEntropyWithLogits(input, target, weight, posWeight, reduction());
    }
}
