package org.vectorgrad.optim;

import java.util.List;

/**
 * Multiplies each group's learning rate by {@code gamma} every epoch, as
 * {@code torch.optim.lr_scheduler.ExponentialLR}: {@code lr = base_lr * gamma^epoch}.
 */
public final class ExponentialLR extends LRScheduler {
    private final double gamma;

    /** Decays every group's lr by {@code gamma} each epoch. */
    public ExponentialLR(Optimizer optimizer, double gamma) {
        this(optimizer, gamma, -1);
    }

    /** As above, resuming after epoch {@code lastEpoch} (-1 to start). */
    public ExponentialLR(Optimizer optimizer, double gamma, int lastEpoch) {
        this.gamma = gamma;
        super(optimizer, lastEpoch);
    }

    @Override
    protected double[] computeLr() {
        List<Double> lrs = currentLrs();
        double[] out = new double[lrs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = lastEpoch == 0 ? lrs.get(i) : lrs.get(i) * gamma;
        }
        return out;
    }
}
