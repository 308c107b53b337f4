package org.vectorgrad.optim;

import java.util.List;

/**
 * Scales each group's learning rate by a factor that changes linearly from {@code startFactor} to
 * {@code endFactor} over {@code totalIters} epochs, then stays, as {@code torch.optim.lr_scheduler.LinearLR}:
 * {@code lr = base_lr * (start + (end - start) * min(epoch, totalIters) / totalIters)}.
 */
public final class LinearLR extends LRScheduler {
    private final double startFactor;
    private final double endFactor;
    private final int totalIters;

    /** PyTorch's defaults: start factor 1/3, end factor 1, 5 iterations. */
    public LinearLR(Optimizer optimizer) {
        this(optimizer, 1.0 / 3, 1.0, 5, -1);
    }

    /** Factor from {@code startFactor} (in (0, 1]) to {@code endFactor} (in [0, 1]) over {@code totalIters} epochs. */
    public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters) {
        this(optimizer, startFactor, endFactor, totalIters, -1);
    }

    /** As above, resuming after epoch {@code lastEpoch} (-1 to start). */
    public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters, int lastEpoch) {
        if (startFactor > 1.0 || startFactor <= 0) {
            throw new IllegalArgumentException(
                    "Starting multiplicative factor expected to be greater than 0 and less or equal to 1.");
        }
        if (endFactor > 1.0 || endFactor < 0) {
            throw new IllegalArgumentException("Ending multiplicative factor expected to be between 0 and 1.");
        }
        this.startFactor = startFactor;
        this.endFactor = endFactor;
        this.totalIters = totalIters;
        super(optimizer, lastEpoch);
    }

    @Override
    protected double[] computeLr() {
        List<Double> lrs = currentLrs();
        double[] out = new double[lrs.size()];
        for (int i = 0; i < out.length; i++) {
            double lr = lrs.get(i);
            if (lastEpoch == 0) {
                out[i] = lr * startFactor;
            } else if (lastEpoch > totalIters) {
                out[i] = lr;
            } else {
                out[i] = lr * (1.0 + (endFactor - startFactor)
                        / (totalIters * startFactor + (lastEpoch - 1) * (endFactor - startFactor)));
            }
        }
        return out;
    }
}
