package org.vectorgrad.nn;

import org.vectorgrad.autograd.Tensor;

/** Batch normalisation of {@code [N, C]} or {@code [N, C, L]} inputs, as {@code torch.nn.BatchNorm1d}. */
public final class BatchNorm1d extends BatchNorm {
    /** {@code BatchNorm1d(num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True)}. */
    public BatchNorm1d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, true, true);
    }

    /** {@code momentum} null means a cumulative moving average. */
    public BatchNorm1d(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    protected void checkInputDim(Tensor input) {
        if (input.dim() != 2 && input.dim() != 3) {
            throw new IllegalArgumentException("expected 2D or 3D input (got " + input.dim() + "D input)");
        }
    }
}
