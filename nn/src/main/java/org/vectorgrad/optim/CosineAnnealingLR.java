package org.vectorgrad.optim;

import java.util.List;

/**
 * Cosine annealing, as {@code torch.optim.lr_scheduler.CosineAnnealingLR}, in PyTorch's recursive form:
 *
 * <pre>
 * lr_t = eta_min + (lr_{t-1} - eta_min) * (1 + cos(pi t / T_max)) / (1 + cos(pi (t-1) / T_max))
 * </pre>
 *
 * which, when nothing else changes the learning rate, equals the closed form
 * {@code eta_min + (base_lr - eta_min) * (1 + cos(pi t / T_max)) / 2}, and continues past {@code T_max} as a
 * cosine with period {@code 2 T_max} (at the restart points PyTorch adds the step explicitly, since the
 * recursion would divide by zero).
 */
public final class CosineAnnealingLR extends LRScheduler {
    private final int tMax;
    private final double etaMin;

    /** {@code CosineAnnealingLR(optimizer, T_max, eta_min=0)}. */
    public CosineAnnealingLR(Optimizer optimizer, int tMax) {
        this(optimizer, tMax, 0.0, -1);
    }

    /** Anneals from each base lr to {@code etaMin} over {@code tMax} epochs. */
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        this(optimizer, tMax, etaMin, -1);
    }

    /** As above, resuming after epoch {@code lastEpoch} (-1 to start). */
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin, int lastEpoch) {
        if (tMax <= 0) {
            throw new IllegalArgumentException("T_max must be a positive integer, but got " + tMax);
        }
        this.tMax = tMax;
        this.etaMin = etaMin;
        super(optimizer, lastEpoch);
    }

    @Override
    protected double[] computeLr() {
        List<Double> lrs = currentLrs();
        double[] out = new double[lrs.size()];
        for (int i = 0; i < out.length; i++) {
            double lr = lrs.get(i);
            double base = baseLrs.get(i);
            if (lastEpoch == 0) {
                out[i] = lr;
            } else if (stepCount == 1 && lastEpoch > 0) {
                // resuming: the closed form
                out[i] = etaMin + (base - etaMin) * (1 + Math.cos(lastEpoch * Math.PI / tMax)) / 2;
            } else if (Math.floorMod(lastEpoch - 1 - tMax, 2 * tMax) == 0) {
                out[i] = lr + (base - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
            } else {
                out[i] = (1 + Math.cos(Math.PI * lastEpoch / tMax)) / (1 + Math.cos(Math.PI * (lastEpoch - 1) / tMax))
                        * (lr - etaMin) + etaMin;
            }
        }
        return out;
    }
}
