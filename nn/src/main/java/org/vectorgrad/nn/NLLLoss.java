package org.vectorgrad.nn;

import org.vectorgrad.autograd.Tensor;

/**
 * Negative log-likelihood of log-probabilities {@code [N, C, ...]} against int64 class indices, as
 * {@code torch.nn.NLLLoss}: optional class weights (buffer {@code weight}), {@code ignore_index}, weighted mean.
 */
public final class NLLLoss extends Loss {
    private final Tensor weight;
    private final long ignoreIndex;

    /** {@code weight=None, ignore_index=-100, reduction='mean'}. */
    public NLLLoss() {
        this(null, ClassLosses.DEFAULT_IGNORE_INDEX, Reduction.MEAN);
    }

    /** Default options with the given reduction. */
    public NLLLoss(Reduction reduction) {
        this(null, ClassLosses.DEFAULT_IGNORE_INDEX, reduction);
    }

    /** {@code weight} {@code [C]} may be null. */
    public NLLLoss(Tensor weight, long ignoreIndex, Reduction reduction) {
        super(reduction);
        this.weight = optionalBuffer("weight", weight);
        this.ignoreIndex = ignoreIndex;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Functional.nllLoss(input, target, weight, ignoreIndex, reduction());
    }
}
