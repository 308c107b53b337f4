package org.vectorgrad.nn;

import org.vectorgrad.autograd.Tensor;

/** Batch normalisation of {@code [N, C, H, W]} inputs per channel, as {@code torch.nn.BatchNorm2d}. */
public final class BatchNorm2d extends BatchNorm {
    /** {@code BatchNorm2d(num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True)}. */
    public BatchNorm2d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, true, true);
    }

    /** {@code momentum} null means a cumulative moving average. */
    public BatchNorm2d(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    protected void checkInputDim(Tensor input) {
        if (input.dim() != 4) {
            throw new IllegalArgumentException("expected 4D input (got " + input.dim() + "D input)");
        }
    }
}
