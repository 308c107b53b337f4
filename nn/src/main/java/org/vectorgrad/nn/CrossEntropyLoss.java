package org.vectorgrad.nn;

import org.vectorgrad.autograd.Tensor;

/**
 * Cross-entropy of logits {@code [N, C, ...]} against int64 class indices {@code [N, ...]} (or class
 * probabilities), as {@code torch.nn.CrossEntropyLoss}: optional class weights (registered as the buffer
 * {@code weight}), {@code ignore_index}, label smoothing, and PyTorch's weighted mean.
 */
public final class CrossEntropyLoss extends Loss {
    private final Tensor weight;
    private final long ignoreIndex;
    private final double labelSmoothing;

    /** {@code weight=None, ignore_index=-100, reduction='mean', label_smoothing=0.0}. */
    public CrossEntropyLoss() {
        this(null, ClassLosses.DEFAULT_IGNORE_INDEX, Reduction.MEAN, 0.0);
    }

    /** Default options with the given reduction. */
    public CrossEntropyLoss(Reduction reduction) {
        this(null, ClassLosses.DEFAULT_IGNORE_INDEX, reduction, 0.0);
    }

    /**
     * @param weight  per-class weights {@code [C]}, or null
     * @param ignoreIndex  targets with this value contribute neither loss nor weight
     * @param labelSmoothing  in [0, 1]: the share of the uniform distribution mixed into the target
     */
    public CrossEntropyLoss(Tensor weight, long ignoreIndex, Reduction reduction, double labelSmoothing) {
        super(reduction);
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("label_smoothing must be between 0.0 and 1.0. Got: " + labelSmoothing);
        }
        this.weight = optionalBuffer("weight", weight);
        this.ignoreIndex = ignoreIndex;
        this.labelSmoothing = labelSmoothing;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Functional.crossEntropy(input, target, weight, ignoreIndex, reduction(), labelSmoothing);
    }
}
