package org.vectorgrad.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Base of the learning-rate schedulers, as {@code torch.optim.lr_scheduler.LRScheduler}. Construction records each
 * group's {@code "initial_lr"} (the base learning rates) and takes the first step (epoch 0); call {@link #step()}
 * after each {@code optimizer.step()}.
 *
 * <pre>{@code
 * var scheduler = new StepLR(optimizer, 30, 0.1);
 * for (int epoch = 0; epoch < 100; epoch++) {
 *     train(...);
 *     scheduler.step();
 * }
 * }</pre>
 *
 * Subclasses compute PyTorch's recursive ("chainable") form from each group's current {@code "lr"}, so several
 * schedulers can act on one optimizer. Subclass constructors set their fields before calling {@code super}, as
 * PyTorch's subclasses do, because the first step runs in this constructor.
 */
public abstract class LRScheduler {
    protected final Optimizer optimizer;
    protected List<Double> baseLrs;
    protected int lastEpoch;
    protected int stepCount;
    private List<Double> lastLr = List.of();

    /**
     * @param lastEpoch -1 to start; otherwise the index of the last epoch of a run being resumed, whose groups must
     *                  already hold {@code "initial_lr"}
     */
    protected LRScheduler(Optimizer optimizer, int lastEpoch) {
        this.optimizer = optimizer;
        List<ParamGroup> groups = optimizer.paramGroups();
        if (lastEpoch == -1) {
            for (ParamGroup g : groups) {
                if (!g.has("initial_lr")) {
                    g.set("initial_lr", g.lr());
                }
            }
        } else {
            for (int i = 0; i < groups.size(); i++) {
                if (!groups.get(i).has("initial_lr")) {
                    throw new IllegalArgumentException("param 'initial_lr' is not specified in param_groups[" + i
                            + "] when resuming an optimizer");
                }
            }
        }
        List<Double> base = new ArrayList<>();
        for (ParamGroup g : groups) {
            base.add(g.getDouble("initial_lr"));
        }
        this.baseLrs = List.copyOf(base);
        this.lastEpoch = lastEpoch;
        this.stepCount = 0;
        step();
    }

    /** The learning rate of each group for {@link #lastEpoch} (PyTorch's {@code get_lr}). */
    protected abstract double[] computeLr();

    /** Advances one epoch (or batch) and writes the new learning rate into every group. */
    public void step() {
        stepCount++;
        lastEpoch++;
        double[] values = computeLr();
        List<ParamGroup> groups = optimizer.paramGroups();
        List<Double> last = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            groups.get(i).lr(values[i]);
            last.add(values[i]);
        }
        lastLr = Collections.unmodifiableList(last);
    }

    /** The learning rates the last {@link #step()} set, one per group (PyTorch's {@code get_last_lr()}). */
    public List<Double> getLastLr() {
        return lastLr;
    }

    /** The base learning rates (each group's {@code "initial_lr"}). */
    public List<Double> baseLrs() {
        return baseLrs;
    }

    /** The index of the last epoch (0 right after construction). */
    public int lastEpoch() {
        return lastEpoch;
    }

    /** The learning rates of the groups now. */
    List<Double> currentLrs() {
        List<Double> out = new ArrayList<>();
        for (ParamGroup g : optimizer.paramGroups()) {
            out.add(g.lr());
        }
        return out;
    }

    /**
     * The scheduler's progress by PyTorch's names ({@code last_epoch}, {@code _step_count}, {@code base_lrs},
     * {@code _last_lr}); its configuration is given again to the constructor when resuming.
     */
    public Map<String, Object> stateDict() {
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        out.put("base_lrs", baseLrs);
        out.put("last_epoch", (double) lastEpoch);
        out.put("_step_count", (double) stepCount);
        out.put("_last_lr", lastLr);
        return Collections.unmodifiableMap(out);
    }

    /** Restores the progress saved by {@link #stateDict()} (the optimizer's learning rates are its own state). */
    public void loadStateDict(Map<String, Object> state) {
        List<Double> base = doubles(state.get("base_lrs"), "base_lrs");
        List<Double> last = doubles(state.get("_last_lr"), "_last_lr");
        if (base.size() != optimizer.paramGroups().size()) {
            throw new IllegalArgumentException("scheduler state has " + base.size() + " base_lrs for "
                    + optimizer.paramGroups().size() + " parameter groups");
        }
        int epoch = integer(state.get("last_epoch"), "last_epoch");
        int count = integer(state.get("_step_count"), "_step_count");
        this.baseLrs = base;
        this.lastLr = last;
        this.lastEpoch = epoch;
        this.stepCount = count;
    }

    private static List<Double> doubles(Object o, String key) {
        if (!(o instanceof List<?> l)) {
            throw new IllegalArgumentException("scheduler state has no list '" + key + "'");
        }
        List<Double> out = new ArrayList<>();
        for (Object x : l) {
            if (!(x instanceof Number n)) {
                throw new IllegalArgumentException("scheduler state '" + key + "' holds a non-number: " + x);
            }
            out.add(n.doubleValue());
        }
        return List.copyOf(out);
    }

    private static int integer(Object o, String key) {
        if (!(o instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new IllegalArgumentException("scheduler state has no integer '" + key + "'");
        }
        return n.intValue();
    }
}
