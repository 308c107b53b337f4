package org.vectorgrad.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.vectorgrad.autograd.GradMode;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.NDArray;
import org.vectorgrad.nn.Gradients;

/**
 * Base of the optimizers, as {@code torch.optim.Optimizer}: parameter groups with their own options, per-parameter
 * state, {@link #zeroGrad()}, {@link #step()} and state dicts.
 *
 * <pre>{@code
 * var opt = new Adam(model.parameters(), new Adam.Options().lr(1e-3));
 * for (...) {
 *     opt.zeroGrad();
 *     lossFn.apply(model.forward(x), y).backward();
 *     opt.step();
 * }
 * }</pre>
 *
 * <p>{@link #step()} updates each parameter that has a gradient in place, without recording a graph, and reads
 * but never modifies the gradients. Its state (moments, momentum buffers) is allocated on the first step, outside
 * every memory scope; later steps allocate no off-heap memory (see {@link UpdateMath}).
 */
public abstract sealed class Optimizer permits SGD, Adam, RMSprop, Adagrad {
    private final Map<String, Object> defaults;
    private final List<ParamGroup> paramGroups = new ArrayList<>();
    final IdentityHashMap<Tensor, ParamState> state = new IdentityHashMap<>();
    final UpdateMath math = new UpdateMath();

    /** The parameters and the defaults of this optimizer's options (in PyTorch's key order). */
    Optimizer(List<ParamGroup> groups, Map<String, Object> defaults) {
        LinkedHashMap<String, Object> d = new LinkedHashMap<>();
        defaults.forEach((k, v) -> d.put(k, ParamGroup.normalize(k, v)));
        this.defaults = Collections.unmodifiableMap(d);
        ParamGroup probe = new ParamGroup(List.of());
        probe.applyDefaults(this.defaults);
        validate(probe);
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("optimizer got an empty parameter list");
        }
        for (ParamGroup g : groups) {
            addParamGroup(g);
        }
    }

    /** One group of {@code params}, or no group when there are none (the constructor then rejects it). */
    static List<ParamGroup> single(Iterable<? extends Tensor> params) {
        ParamGroup g = new ParamGroup(params);
        return g.params().isEmpty() ? List.of() : List.of(g);
    }

    /** Checks a group's options, throwing PyTorch's {@code ValueError} messages as IllegalArgumentException. */
    abstract void validate(ParamGroup group);

    /** Updates one parameter in place from its gradient (grad mode is off). */
    abstract void update(ParamGroup group, NDArray param, NDArray grad, ParamState state);

    /** Whether this optimizer's per-parameter state has a {@code "step"} entry. */
    abstract boolean tracksStep();

    /** Called when a parameter joins (Adagrad creates its state eagerly, as PyTorch does). */
    void initState(Tensor param, ParamGroup group) {
    }

    /** The defaults of the options, by PyTorch's keys (read-only). */
    public Map<String, Object> defaults() {
        return defaults;
    }

    /** The parameter groups (read-only list; each group's options may be changed, e.g. by a scheduler). */
    public List<ParamGroup> paramGroups() {
        return Collections.unmodifiableList(paramGroups);
    }

    /**
     * Adds a group (PyTorch's {@code add_param_group}): options it does not set come from the defaults. Parameters
     * must be leaves and appear in one group only.
     */
    public void addParamGroup(ParamGroup group) {
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Tensor p : group.params()) {
            if (!p.isLeaf()) {
                throw new IllegalArgumentException("can't optimize a non-leaf Tensor");
            }
            if (!seen.add(p)) {
                throw new IllegalArgumentException("optimizer contains a parameter group with duplicate parameters");
            }
        }
        for (ParamGroup other : paramGroups) {
            for (Tensor p : other.params()) {
                if (seen.contains(p)) {
                    throw new IllegalArgumentException("some parameters appear in more than one parameter group");
                }
            }
        }
        group.applyDefaults(defaults);
        validate(group);
        paramGroups.add(group);
        for (Tensor p : group.params()) {
            initState(p, group);
        }
    }

    /** Clears every gradient, as PyTorch's default {@code zero_grad(set_to_none=True)}. */
    public void zeroGrad() {
        zeroGrad(true);
    }

    /** Clears every parameter's gradient as {@link Gradients#clear(Tensor, boolean)} describes. */
    public void zeroGrad(boolean setToNone) {
        for (ParamGroup group : paramGroups) {
            for (Tensor p : group.params()) {
                Gradients.clear(p, setToNone);
            }
        }
    }

    /** One optimization step over every parameter that has a gradient; parameters without one are skipped. */
    public void step() {
        try (GradMode.Guard g = GradMode.set(false)) {
            for (ParamGroup group : paramGroups) {
                for (Tensor p : group.params()) {
                    Tensor grad = p.grad();
                    if (grad == null) {
                        continue;
                    }
                    ParamState st = state.computeIfAbsent(p, k -> newState());
                    update(group, p.ndarray(), grad.ndarray(), st);
                }
            }
        }
    }

    /** Evaluates {@code closure} (with grad mode on, to compute the loss and gradients), steps, returns the loss. */
    public Tensor step(Supplier<Tensor> closure) {
        Tensor loss;
        try (GradMode.Guard g = GradMode.set(true)) {
            loss = closure.get();
        }
        step();
        return loss;
    }

    ParamState newState() {
        ParamState s = new ParamState();
        s.hasStep = tracksStep();
        return s;
    }

    /**
     * The state of one parameter by PyTorch's names ({@code "step"} as a 0-d float32 tensor, buffers sharing
     * storage with the optimizer); empty before its first step.
     */
    public Map<String, Tensor> state(Tensor param) {
        ParamState st = state.get(param);
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        if (st != null) {
            if (st.hasStep) {
                out.put("step", Tensor.scalar((double) st.step));
            }
            st.buffers().forEach((k, v) -> out.put(k, Tensor.wrap(v)));
        }
        return out;
    }

    /**
     * PyTorch's {@code optimizer.state_dict()}: per-parameter state keyed by the parameter's index (counted across
     * groups in order), and each group's options with {@code "params"} listing those indices. State tensors share
     * storage with the optimizer (copy them to keep a snapshot).
     */
    public StateDict stateDict() {
        LinkedHashMap<Integer, Map<String, Tensor>> st = new LinkedHashMap<>();
        List<Map<String, Object>> groups = new ArrayList<>();
        int index = 0;
        for (ParamGroup group : paramGroups) {
            LinkedHashMap<String, Object> packed = new LinkedHashMap<>(group.options());
            List<Integer> ids = new ArrayList<>();
            for (Tensor p : group.params()) {
                Map<String, Tensor> s = state(p);
                if (!s.isEmpty()) {
                    st.put(index, s);
                }
                ids.add(index++);
            }
            packed.put("params", List.copyOf(ids));
            groups.add(Collections.unmodifiableMap(packed));
        }
        return new StateDict(Collections.unmodifiableMap(st), List.copyOf(groups));
    }

    /**
     * Replaces options and state by {@code dict}'s (PyTorch's {@code load_state_dict}). Groups must match in number
     * and size; state tensors are copied (converted to each parameter's dtype). Nothing changes unless every
     * check passes.
     */
    public void loadStateDict(StateDict dict) {
        StateDicts.load(this, dict);
    }

    /** Parameters in state-dict order. */
    List<Tensor> orderedParams() {
        List<Tensor> out = new ArrayList<>();
        for (ParamGroup g : paramGroups) {
            out.addAll(g.params());
        }
        return out;
    }

    /** Replaces a parameter's state (used when loading). */
    void putState(Tensor param, ParamState st) {
        ParamState old = state.put(param, st);
        if (old != null) {
            old.release();
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append(" (");
        for (int i = 0; i < paramGroups.size(); i++) {
            sb.append("\nParameter Group ").append(i);
            paramGroups.get(i).options().forEach((k, v) -> sb.append("\n    ").append(k).append(": ")
                    .append(v instanceof Double d ? Py.repr(d) : v instanceof Boolean b ? (b ? "True" : "False") : v));
        }
        return sb.append("\n)").toString();
    }

    /**
     * An optimizer's state dict, as PyTorch's {@code {'state': ..., 'param_groups': ...}}.
     *
     * @param state per-parameter state by parameter index: {@code "step"} and named buffers
     * @param paramGroups each group's options by PyTorch's keys, with {@code "params"}: the list of its indices
     */
    public record StateDict(Map<Integer, Map<String, Tensor>> state, List<Map<String, Object>> paramGroups) {
    }
}
