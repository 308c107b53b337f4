package org.vectorgrad.nn;

import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.DType;

/**
 * The shared part of {@link BatchNorm1d} and {@link BatchNorm2d} (PyTorch's {@code _BatchNorm}): per-channel
 * weight (ones) and bias (zeros), and the buffers {@code running_mean} (zeros), {@code running_var} (ones) and
 * {@code num_batches_tracked}. Training normalises with the batch statistics and updates the running ones
 * ({@code momentum} null means a cumulative average); {@link #eval()} normalises with the running statistics.
 */
public abstract class BatchNorm extends Layer {
    /** Null without {@code affine}. */
    public final Parameter weight;
    /** Null without {@code affine}. */
    public final Parameter bias;
    private final int numFeatures;
    private final double eps;
    private final Double momentum;
    private final boolean trackRunningStats;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Tensor numBatchesTracked;

    /**
     * @param momentum null for a cumulative moving average, else the weight of the new statistic (PyTorch: 0.1)
     */
    protected BatchNorm(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.trackRunningStats = trackRunningStats;
        if (affine) {
            weight = register("weight", new Parameter(Tensor.ones(numFeatures)));
            bias = register("bias", new Parameter(Tensor.zeros(numFeatures)));
        } else {
            weight = null;
            bias = null;
        }
        if (trackRunningStats) {
            runningMean = registerBuffer("running_mean", Tensor.zeros(numFeatures));
            runningVar = registerBuffer("running_var", Tensor.ones(numFeatures));
            numBatchesTracked = registerBuffer("num_batches_tracked", Tensor.zeros(DType.INT64));
        } else {
            runningMean = null;
            runningVar = null;
            numBatchesTracked = null;
        }
    }

    /** Throws PyTorch's error when the input's rank does not suit this layer. */
    protected abstract void checkInputDim(Tensor input);

    /** The running mean buffer (updated in place), or null without {@code trackRunningStats}. */
    public Tensor runningMean() {
        return runningMean;
    }

    /** The running (unbiased) variance buffer, or null without {@code trackRunningStats}. */
    public Tensor runningVar() {
        return runningVar;
    }

    /** How many training batches updated the running statistics. */
    public long numBatchesTracked() {
        return numBatchesTracked == null ? 0 : numBatchesTracked.ndarray().getLong();
    }

    /** Zeroes the running mean and batch count and sets the running variance to ones. */
    public void resetRunningStats() {
        if (trackRunningStats) {
            Init.zeros_(runningMean);
            Init.ones_(runningVar);
            numBatchesTracked.ndarray().set(0);
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        checkInputDim(input);
        double factor = momentum == null ? 0.0 : momentum;
        if (isTraining() && trackRunningStats) {
            long count = numBatchesTracked() + 1;
            numBatchesTracked.ndarray().set(count);
            if (momentum == null) {
                factor = 1.0 / count;
            }
        }
        // Without running stats there is nothing else to normalise with: batch statistics even in eval mode.
        boolean useBatchStats = isTraining() || runningMean == null;
        return Functional.batchNorm(input, runningMean, runningVar, weight, bias, useBatchStats, factor, eps);
    }

    @Override
    protected String extraRepr() {
        return numFeatures + ", eps=" + Repr.number(eps) + ", momentum=" + (momentum == null ? "None"
                : Repr.number(momentum)) + ", affine=" + (weight != null ? "True" : "False") + ", track_running_stats="
                + (trackRunningStats ? "True" : "False");
    }
}
