package org.vectorgrad.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.DType;

/**
 * Base of every model part, as {@code torch.nn.Module}: parameters, buffers and submodules are registered in
 * declaration order with one call each, and named as PyTorch names them ({@code fc1.weight}, {@code layers.0.bias}).
 * Registration is explicit (no reflection), so it works under the module system.
 *
 * <pre>{@code
 * class MyLinear extends Module {
 *     final Parameter weight, bias;
 *     MyLinear(int in, int out) {
 *         weight = register("weight", new Parameter(Tensor.randn(in, out)));
 *         bias = register("bias", new Parameter(Tensor.randn(out)));
 *     }
 *     Tensor forward(Tensor input) { return input.matmul(weight).add(bias); }
 * }
 * }</pre>
 *
 * A module with one input and one output extends {@link Layer}, which fixes {@code forward(Tensor)} so that
 * containers such as {@link Sequential} can call it.
 */
public abstract class Module {
    private final LinkedHashMap<String, Parameter> parameters = new LinkedHashMap<>();
    private final LinkedHashMap<String, Tensor> buffers = new LinkedHashMap<>();
    private final LinkedHashMap<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** Registers a parameter under {@code name} and returns it. */
    protected <P extends Parameter> P register(String name, P parameter) {
        checkName(name);
        parameters.put(name, parameter);
        return parameter;
    }

    /** Registers a submodule under {@code name} and returns it. */
    protected <M extends Module> M register(String name, M module) {
        checkName(name);
        children.put(name, module);
        return module;
    }

    /** Registers a buffer: state saved in the state dict but not trained (e.g. BatchNorm's running mean). */
    protected Tensor registerBuffer(String name, Tensor buffer) {
        checkName(name);
        buffer.ndarray().keepForever();
        buffers.put(name, buffer);
        return buffer;
    }

    /** Replaces a registered buffer's tensor (e.g. after an update that is not in place). */
    protected void setBuffer(String name, Tensor buffer) {
        if (!buffers.containsKey(name)) {
            throw new IllegalArgumentException("attribute '" + name + "' is not a registered buffer");
        }
        buffer.ndarray().keepForever();
        buffers.put(name, buffer);
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("module name can't be empty or contain \".\", got: \"" + name + "\"");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("attribute '" + name + "' already exists");
        }
    }

    /** All parameters of this module and its submodules, in registration order. */
    public List<Parameter> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Parameters by their dotted names ({@code fc1.weight}). A parameter shared by two modules appears once. */
    public Map<String, Parameter> namedParameters() {
        LinkedHashMap<String, Parameter> out = new LinkedHashMap<>();
        java.util.Set<Parameter> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        collect("", out, seen);
        return out;
    }

    private void collect(String prefix, Map<String, Parameter> out, java.util.Set<Parameter> seen) {
        parameters.forEach((n, p) -> {
            if (seen.add(p)) {
                out.put(prefix + n, p);
            }
        });
        children.forEach((n, m) -> m.collect(prefix + n + ".", out, seen));
    }

    /** Buffers by dotted name. */
    public Map<String, Tensor> namedBuffers() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        collectBuffers("", out);
        return out;
    }

    private void collectBuffers(String prefix, Map<String, Tensor> out) {
        buffers.forEach((n, b) -> out.put(prefix + n, b));
        children.forEach((n, m) -> m.collectBuffers(prefix + n + ".", out));
    }

    /** Direct submodules. */
    public List<Module> children() {
        return new ArrayList<>(children.values());
    }

    /** Direct submodules by name. */
    public Map<String, Module> namedChildren() {
        return new LinkedHashMap<>(children);
    }

    /** This module and every module below it, depth first. */
    public List<Module> modules() {
        List<Module> out = new ArrayList<>();
        out.add(this);
        for (Module c : children.values()) {
            out.addAll(c.modules());
        }
        return out;
    }

    /** Training mode on (dropout active, batch norm uses batch statistics). Returns this. */
    public Module train() {
        return train(true);
    }

    public Module train(boolean mode) {
        for (Module m : modules()) {
            m.training = mode;
        }
        return this;
    }

    /** Evaluation mode. Returns this. */
    public Module eval() {
        return train(false);
    }

    public boolean isTraining() {
        return training;
    }

    /** Clears every parameter's gradient (set to null, PyTorch's default {@code set_to_none=True}). */
    public void zeroGrad() {
        zeroGrad(true);
    }

    /** Clears every parameter's gradient as {@link Gradients#clear(Tensor, boolean)} describes. */
    public void zeroGrad(boolean setToNone) {
        for (Parameter p : parameters()) {
            Gradients.clear(p, setToNone);
        }
    }

    /** Calls {@code fn} on every submodule and then this one (e.g. custom initialisation). Returns this. */
    public Module apply(Consumer<Module> fn) {
        for (Module c : children.values()) {
            c.apply(fn);
        }
        fn.accept(this);
        return this;
    }

    /** Converts floating parameters and buffers to {@code dtype}, in place. Returns this. */
    public Module to(DType dtype) {
        try (var g = Tensor.noGrad()) {
            for (Module m : modules()) {
                for (Tensor t : m.parameters.values()) {
                    convert(t, dtype);
                }
                for (Tensor t : m.buffers.values()) {
                    convert(t, dtype);
                }
            }
        }
        return this;
    }

    private static void convert(Tensor t, DType dtype) {
        if (t.dtype().isFloatingPoint() && t.dtype() != dtype) {
            t.set_(Tensor.wrap(t.ndarray().to(dtype).keepForever()));
        }
    }

    /** Total number of parameter elements (shared parameters counted once). */
    public long numParameters() {
        long n = 0;
        for (Parameter p : parameters()) {
            n += p.numel();
        }
        return n;
    }

    /** Parameters and buffers by dotted name, sharing storage with the module (as PyTorch's state_dict). */
    public Map<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        stateInto("", out);
        return out;
    }

    private void stateInto(String prefix, Map<String, Tensor> out) {
        parameters.forEach((n, p) -> out.put(prefix + n, p.detach()));
        buffers.forEach((n, b) -> out.put(prefix + n, b.detach()));
        children.forEach((n, m) -> m.stateInto(prefix + n + ".", out));
    }

    /**
     * Copies values from {@code state} into this module's parameters and buffers. With {@code strict}, missing or
     * unexpected keys are an error; mismatched shapes always are. Nothing is modified unless every check passes.
     */
    public void loadStateDict(Map<String, Tensor> state, boolean strict) {
        StateDicts.load(this, state, strict);
    }

    /** The name PyTorch prints for this module: its class name. */
    protected String moduleName() {
        return getClass().getSimpleName();
    }

    /** The part inside the parentheses of {@code toString}, e.g. {@code in_features=4, out_features=2, bias=True}. */
    protected String extraRepr() {
        return "";
    }

    /** The module tree as PyTorch prints it. */
    @Override
    public String toString() {
        if (children.isEmpty()) {
            return moduleName() + "(" + extraRepr() + ")";
        }
        StringBuilder sb = new StringBuilder(moduleName()).append("(");
        String extra = extraRepr();
        if (!extra.isEmpty()) {
            sb.append("\n  ").append(extra);
        }
        children.forEach((n, m) -> sb.append("\n  (").append(n).append("): ")
                .append(m.toString().replace("\n", "\n  ")));
        return sb.append("\n)").toString();
    }
}
