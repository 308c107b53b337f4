package org.vectorgrad.optim;

import java.util.List;

/**
 * Multiplies each group's learning rate by {@code gamma} at each milestone epoch, as
 * {@code torch.optim.lr_scheduler.MultiStepLR}: {@code lr = base_lr * gamma^(number of milestones <= epoch)}. A
 * milestone listed twice decays twice, as PyTorch counts milestones.
 */
public final class MultiStepLR extends LRScheduler {
    private final int[] milestones;
    private final double gamma;

    /** {@code MultiStepLR(optimizer, milestones, gamma=0.1)}. */
    public MultiStepLR(Optimizer optimizer, int[] milestones) {
        this(optimizer, milestones, 0.1, -1);
    }

    /** Decays by {@code gamma} at each of the {@code milestones} (epoch indices). */
    public MultiStepLR(Optimizer optimizer, int[] milestones, double gamma) {
        this(optimizer, milestones, gamma, -1);
    }

    /** As above, resuming after epoch {@code lastEpoch} (-1 to start). */
    public MultiStepLR(Optimizer optimizer, int[] milestones, double gamma, int lastEpoch) {
        this.milestones = milestones.clone();
        this.gamma = gamma;
        super(optimizer, lastEpoch);
    }

    @Override
    protected double[] computeLr() {
        int count = 0;
        for (int m : milestones) {
            if (m == lastEpoch) {
                count++;
            }
        }
        List<Double> lrs = currentLrs();
        double[] out = new double[lrs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = count == 0 ? lrs.get(i) : lrs.get(i) * Math.pow(gamma, count);
        }
        return out;
    }
}
