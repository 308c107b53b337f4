package org.vectorgrad.optim;

import java.util.ArrayList;
import java.util.List;

/**
 * The 1cycle policy, as {@code torch.optim.lr_scheduler.OneCycleLR}: the learning rate rises from
 * {@code max_lr / div_factor} to {@code max_lr} over the first {@code pct_start} of the steps, then falls to
 * {@code initial_lr / final_div_factor}; momentum (or Adam's beta1) moves the opposite way between
 * {@code max_momentum} and {@code base_momentum}. Step it after every batch. Not chainable: it sets absolute values.
 *
 * <pre>{@code
 * var sched = new OneCycleLR(optimizer, new OneCycleLR.Options(0.01).epochs(10).stepsPerEpoch(loader.size()));
 * }</pre>
 */
public final class OneCycleLR extends LRScheduler {
    /** OneCycleLR's arguments with PyTorch's defaults. */
    public static final class Options {
        double[] maxLr;
        Integer totalSteps;
        Integer epochs;
        Integer stepsPerEpoch;
        double pctStart = 0.3;
        String annealStrategy = "cos";
        boolean cycleMomentum = true;
        double[] baseMomentum = {0.85};
        double[] maxMomentum = {0.95};
        double divFactor = 25;
        double finalDivFactor = 1e4;
        boolean threePhase;
        int lastEpoch = -1;

        /** The peak learning rate: one value, or one per parameter group. */
        public Options(double... maxLr) {
            this.maxLr = maxLr.clone();
        }

        /** The number of steps of the cycle (or give epochs and steps per epoch). */
        public Options totalSteps(int v) {
            totalSteps = v;
            return this;
        }

        /** Epochs of training: with {@link #stepsPerEpoch}, gives the total steps. */
        public Options epochs(int v) {
            epochs = v;
            return this;
        }

        /** Batches per epoch: with {@link #epochs}, gives the total steps. */
        public Options stepsPerEpoch(int v) {
            stepsPerEpoch = v;
            return this;
        }

        /** Fraction of the steps spent increasing the learning rate (default 0.3). */
        public Options pctStart(double v) {
            pctStart = v;
            return this;
        }

        /** {@code "cos"} (default) or {@code "linear"}. */
        public Options annealStrategy(String v) {
            annealStrategy = v;
            return this;
        }

        /** Cycle momentum (or Adam's beta1) inversely to the learning rate (default true). */
        public Options cycleMomentum(boolean v) {
            cycleMomentum = v;
            return this;
        }

        /** The momentum at the peak learning rate (default 0.85): one value or one per group. */
        public Options baseMomentum(double... v) {
            baseMomentum = v.clone();
            return this;
        }

        /** The momentum at the start and end (default 0.95): one value or one per group. */
        public Options maxMomentum(double... v) {
            maxMomentum = v.clone();
            return this;
        }

        /** initial_lr = max_lr / divFactor (default 25). */
        public Options divFactor(double v) {
            divFactor = v;
            return this;
        }

        /** min_lr = initial_lr / finalDivFactor (default 1e4). */
        public Options finalDivFactor(double v) {
            finalDivFactor = v;
            return this;
        }

        /** Three phases as in the paper (up, down to the initial lr, annihilate) instead of fastai's two. */
        public Options threePhase(boolean v) {
            threePhase = v;
            return this;
        }

        /** The index of the last batch of a run being resumed (-1 to start). */
        public Options lastEpoch(int v) {
            lastEpoch = v;
            return this;
        }
    }

    /** One phase: it ends at {@code endStep}; lr and momentum go between the named group options. */
    private record Phase(double endStep, String startLr, String endLr, String startMomentum, String endMomentum) {
    }

    private final int totalSteps;
    private final List<Phase> phases;
    private final boolean cos;
    private final boolean cycleMomentum;
    private final boolean useBeta1;

    /** Sets each group's {@code initial_lr}, {@code max_lr}, {@code min_lr} (and momentum bounds), then takes step 0. */
    public OneCycleLR(Optimizer optimizer, Options o) {
        int total = totalSteps(o);
        List<ParamGroup> groups = optimizer.paramGroups();
        List<Phase> ph = new ArrayList<>();
        ph.add(new Phase(o.pctStart * total - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"));
        if (o.threePhase) {
            ph.add(new Phase(2 * o.pctStart * total - 2, "max_lr", "initial_lr", "base_momentum", "max_momentum"));
            ph.add(new Phase(total - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum"));
        } else {
            ph.add(new Phase(total - 1, "max_lr", "min_lr", "base_momentum", "max_momentum"));
        }
        if (o.pctStart < 0 || o.pctStart > 1 || Double.isNaN(o.pctStart)) {
            throw new IllegalArgumentException("Expected float between 0 and 1 pct_start, but got " + Py.repr(o.pctStart));
        }
        if (!o.annealStrategy.equals("cos") && !o.annealStrategy.equals("linear")) {
            throw new IllegalArgumentException("anneal_strategy must be one of 'cos' or 'linear', instead got "
                    + o.annealStrategy);
        }
        double[] maxLrs = perGroup("max_lr", o.maxLr, groups.size());
        if (o.lastEpoch == -1) {
            for (int i = 0; i < groups.size(); i++) {
                ParamGroup g = groups.get(i);
                g.set("initial_lr", maxLrs[i] / o.divFactor);
                g.set("max_lr", maxLrs[i]);
                g.set("min_lr", g.getDouble("initial_lr") / o.finalDivFactor);
            }
        }
        boolean beta1 = false;
        if (o.cycleMomentum) {
            if (!optimizer.defaults().containsKey("momentum") && !optimizer.defaults().containsKey("betas")) {
                throw new IllegalArgumentException("optimizer must support momentum or beta1 with `cycle_momentum` "
                        + "option enabled");
            }
            beta1 = optimizer.defaults().containsKey("betas");
            double[] maxM = perGroup("max_momentum", o.maxMomentum, groups.size());
            double[] baseM = perGroup("base_momentum", o.baseMomentum, groups.size());
            if (o.lastEpoch == -1) {
                for (int i = 0; i < groups.size(); i++) {
                    ParamGroup g = groups.get(i);
                    setMomentum(g, beta1, maxM[i]);
                    g.set("max_momentum", maxM[i]);
                    g.set("base_momentum", baseM[i]);
                }
            }
        }
        this.totalSteps = total;
        this.phases = List.copyOf(ph);
        this.cos = o.annealStrategy.equals("cos");
        this.cycleMomentum = o.cycleMomentum;
        this.useBeta1 = beta1;
        super(optimizer, o.lastEpoch);
    }

    private static int totalSteps(Options o) {
        if (o.totalSteps == null && o.epochs == null && o.stepsPerEpoch == null) {
            throw new IllegalArgumentException("You must define either total_steps OR (epochs AND steps_per_epoch)");
        }
        if (o.totalSteps != null) {
            if (o.totalSteps <= 0) {
                throw new IllegalArgumentException("Expected positive integer total_steps, but got " + o.totalSteps);
            }
            return o.totalSteps;
        }
        if (o.epochs == null || o.epochs <= 0) {
            throw new IllegalArgumentException("Expected positive integer epochs, but got " + pyInt(o.epochs));
        }
        if (o.stepsPerEpoch == null || o.stepsPerEpoch <= 0) {
            throw new IllegalArgumentException("Expected positive integer steps_per_epoch, but got "
                    + pyInt(o.stepsPerEpoch));
        }
        return Math.multiplyExact(o.epochs, o.stepsPerEpoch);
    }

    private static String pyInt(Integer v) {
        return v == null ? "None" : v.toString();
    }

    private static double[] perGroup(String name, double[] values, int groups) {
        if (values.length == 1) {
            double[] out = new double[groups];
            java.util.Arrays.fill(out, values[0]);
            return out;
        }
        if (values.length != groups) {
            throw new IllegalArgumentException("expected " + groups + " values for " + name + ", got " + values.length);
        }
        return values.clone();
    }

    private static void setMomentum(ParamGroup g, boolean beta1, double momentum) {
        if (beta1) {
            g.set("betas", List.of(momentum, g.betas()[1]));
        } else {
            g.set("momentum", momentum);
        }
    }

    private double anneal(double start, double end, double pct) {
        if (cos) {
            return end + (start - end) / 2.0 * (Math.cos(Math.PI * pct) + 1);
        }
        return (end - start) * pct + start;
    }

    /** The total number of steps of the cycle. */
    public int totalSteps() {
        return totalSteps;
    }

    @Override
    protected double[] computeLr() {
        int stepNum = lastEpoch;
        if (stepNum > totalSteps) {
            throw new IllegalArgumentException("Tried to step " + stepNum + " times. The specified number of total "
                    + "steps is " + totalSteps);
        }
        List<ParamGroup> groups = optimizer.paramGroups();
        double[] out = new double[groups.size()];
        for (int g = 0; g < groups.size(); g++) {
            ParamGroup group = groups.get(g);
            double startStep = 0;
            for (int i = 0; i < phases.size(); i++) {
                Phase phase = phases.get(i);
                if (stepNum <= phase.endStep() || i == phases.size() - 1) {
                    double pct = (stepNum - startStep) / (phase.endStep() - startStep);
                    out[g] = anneal(group.getDouble(phase.startLr()), group.getDouble(phase.endLr()), pct);
                    if (cycleMomentum) {
                        setMomentum(group, useBeta1, anneal(group.getDouble(phase.startMomentum()),
                                group.getDouble(phase.endMomentum()), pct));
                    }
                    break;
                }
                startStep = phase.endStep();
            }
        }
        return out;
    }
}
