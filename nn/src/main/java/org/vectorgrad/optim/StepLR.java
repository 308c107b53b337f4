package org.vectorgrad.optim;

import java.util.List;

/**
 * Multiplies each group's learning rate by {@code gamma} every {@code stepSize} epochs, as
 * {@code torch.optim.lr_scheduler.StepLR}: {@code lr = base_lr * gamma^(epoch / stepSize)} (integer division)
 * when nothing else changes the learning rate.
 */
public final class StepLR extends LRScheduler {
    private final int stepSize;
    private final double gamma;

    /** {@code StepLR(optimizer, stepSize, gamma=0.1)}. */
    public StepLR(Optimizer optimizer, int stepSize) {
        this(optimizer, stepSize, 0.1, -1);
    }

    /** Decays by {@code gamma} every {@code stepSize} epochs. */
    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        this(optimizer, stepSize, gamma, -1);
    }

    /** As above, resuming after epoch {@code lastEpoch} (-1 to start). */
    public StepLR(Optimizer optimizer, int stepSize, double gamma, int lastEpoch) {
        if (stepSize <= 0) {
            throw new IllegalArgumentException("step_size must be a positive integer, but got " + stepSize);
        }
        this.stepSize = stepSize;
        this.gamma = gamma;
        super(optimizer, lastEpoch);
    }

    @Override
    protected double[] computeLr() {
        List<Double> lrs = currentLrs();
        double[] out = new double[lrs.size()];
        boolean decay = lastEpoch != 0 && lastEpoch % stepSize == 0;
        for (int i = 0; i < out.length; i++) {
            out[i] = decay ? lrs.get(i) * gamma : lrs.get(i);
        }
        return out;
    }
}
