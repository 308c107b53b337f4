package org.vectorgrad.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vectorgrad.autograd.Tensor;

/**
 * One parameter group of an {@link Optimizer}: its parameters and its own options, as a dict in PyTorch's
 * {@code optimizer.param_groups}. Options use PyTorch's keys ({@code "lr"}, {@code "weight_decay"},
 * {@code "betas"}, ...), so that state dicts read like PyTorch's; values are {@code Double}, {@code Boolean} or an
 * immutable {@code List<Double>} (betas).
 *
 * <pre>{@code
 * var opt = new SGD(List.of(new ParamGroup(base.parameters()),
 *                           new ParamGroup(head.parameters()).lr(1e-3)),
 *                   new SGD.Options().lr(1e-2).momentum(0.9));
 * }</pre>
 *
 * Options not given for a group are taken from the optimizer's defaults when the group is added. Schedulers
 * change {@code "lr"} (and momentum or betas) here between steps.
 */
public final class ParamGroup {
    private final List<Tensor> params;
    private final LinkedHashMap<String, Object> options = new LinkedHashMap<>();

    /** A group of {@code params} with no options of its own yet. */
    public ParamGroup(Iterable<? extends Tensor> params) {
        List<Tensor> list = new ArrayList<>();
        for (Tensor p : params) {
            list.add(p);
        }
        this.params = Collections.unmodifiableList(list);
    }

    /** The parameters, in order (unmodifiable). */
    public List<Tensor> params() {
        return params;
    }

    /** The learning rate {@code "lr"}. */
    public double lr() {
        return getDouble("lr");
    }

    /** Sets {@code "lr"} and returns this. */
    public ParamGroup lr(double lr) {
        return set("lr", lr);
    }

    /** True if the option is set in this group. */
    public boolean has(String key) {
        return options.containsKey(key);
    }

    /** An option's value, or null. */
    public Object get(String key) {
        return options.get(key);
    }

    /** A numeric option; throws if it is absent. */
    public double getDouble(String key) {
        Object v = options.get(key);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("parameter group has no numeric option '" + key + "'");
        }
        return n.doubleValue();
    }

    /** A boolean option; throws if it is absent. */
    public boolean getBoolean(String key) {
        Object v = options.get(key);
        if (!(v instanceof Boolean b)) {
            throw new IllegalArgumentException("parameter group has no boolean option '" + key + "'");
        }
        return b;
    }

    /** {@code "betas"}: {@code (beta1, beta2)}. */
    public double[] betas() {
        Object v = options.get("betas");
        if (!(v instanceof List<?> l) || l.size() != 2) {
            throw new IllegalArgumentException("parameter group has no option 'betas'");
        }
        return new double[]{((Number) l.get(0)).doubleValue(), ((Number) l.get(1)).doubleValue()};
    }

    /**
     * Sets an option and returns this. Numbers are stored as Double, arrays of doubles as an immutable list; other
     * values must be Boolean, String or a list of numbers.
     */
    public ParamGroup set(String key, Object value) {
        if ("params".equals(key)) {
            throw new IllegalArgumentException("'params' is not an option: give the parameters to the constructor");
        }
        options.put(key, normalize(key, value));
        return this;
    }

    /** The options (a read-only view, in insertion order). */
    public Map<String, Object> options() {
        return Collections.unmodifiableMap(options);
    }

    /** Adds every default this group does not set yet (PyTorch's {@code param_group.setdefault}). */
    void applyDefaults(Map<String, Object> defaults) {
        // Rebuild in the defaults' order so that every group lists its options as PyTorch does.
        LinkedHashMap<String, Object> merged = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : defaults.entrySet()) {
            merged.put(e.getKey(), options.getOrDefault(e.getKey(), e.getValue()));
        }
        for (Map.Entry<String, Object> e : options.entrySet()) {
            merged.putIfAbsent(e.getKey(), e.getValue());
        }
        options.clear();
        options.putAll(merged);
    }

    /** Replaces every option by {@code loaded}'s (loading a state dict). */
    void replaceOptions(Map<String, Object> loaded) {
        options.clear();
        for (Map.Entry<String, Object> e : loaded.entrySet()) {
            if (!"params".equals(e.getKey())) {
                options.put(e.getKey(), normalize(e.getKey(), e.getValue()));
            }
        }
    }

    static Object normalize(String key, Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof Boolean || value instanceof String) {
            return value;
        }
        if (value instanceof double[] a) {
            List<Double> l = new ArrayList<>();
            for (double d : a) {
                l.add(d);
            }
            return List.copyOf(l);
        }
        if (value instanceof List<?> l) {
            List<Double> out = new ArrayList<>();
            for (Object o : l) {
                if (!(o instanceof Number n)) {
                    throw new IllegalArgumentException("option '" + key + "' must be a list of numbers, got " + l);
                }
                out.add(n.doubleValue());
            }
            return List.copyOf(out);
        }
        throw new IllegalArgumentException("option '" + key + "' must be a number, a boolean, a string or a list of "
                + "numbers, got " + (value == null ? "null" : value.getClass().getSimpleName()));
    }

    @Override
    public String toString() {
        return "ParamGroup(" + params.size() + " params, " + options + ")";
    }
}
