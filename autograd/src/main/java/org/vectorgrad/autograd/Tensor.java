package org.vectorgrad.autograd;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.vectorgrad.engine.DType;
import org.vectorgrad.engine.NDArray;

/**
 * A differentiable n-dimensional array: an engine {@link NDArray} plus PyTorch's {@code requires_grad},
 * {@code grad} and {@code grad_fn}.
 *
 * <pre>{@code
 * Tensor x = Tensor.randn(5).requiresGrad(true);
 * Tensor y = x.pow(x).sum();
 * y.backward();                 // x.grad() now holds dy/dx
 * }</pre>
 *
 * <p>The ops (arithmetic, shape, reductions, activations, indexing, linear algebra, convolution) come from the
 * {@link TensorMath}, {@link TensorShape}, {@link TensorReductions}, {@link TensorFunctions}, {@link TensorIndexing}
 * and {@link TensorConvolution} interfaces. Memory is the engine's: a Tensor's data belongs to the {@link
 * org.vectorgrad.engine.MemoryScope} open when it was created; {@link #close()} releases it early.
 */
public class Tensor extends TensorFactories implements TensorMath, TensorShape, TensorReductions,
        TensorFunctions, TensorIndexing, TensorConvolution, AutoCloseable {
    private NDArray data;
    private boolean requiresGrad;
    private Tensor grad;
    private Node gradFn;
    private AccumulateGrad accumulator;
    private List<UnaryOperator<Tensor>> hooks;
    private boolean retainsGrad;

    protected Tensor(NDArray data) {
        this.data = data;
    }

    /** Wraps an engine array (no copy); the result is a leaf that does not require grad. */
    public static Tensor wrap(NDArray data) {
        return new Tensor(data);
    }

    @Override
    public Tensor self() {
        return this;
    }

    // ---- autograd state ----

    /** Whether gradients are computed for this tensor. False by default. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /**
     * Sets {@code requires_grad} in place and returns this, as PyTorch's {@code requires_grad_()}.
     * Only floating leaves may require grad.
     */
    public Tensor requiresGrad(boolean value) {
        if (!isLeaf()) {
            if (!value) {
                throw new IllegalStateException("you can only change requires_grad flags of leaf variables. If you want"
                        + " to use a computed variable in a subgraph that doesn't require differentiation use"
                        + " var_no_grad = var.detach().");
            }
            return this;
        }
        if (value && !data.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("Only Tensors of floating point dtype can require gradients");
        }
        requiresGrad = value;
        return this;
    }

    /** True for tensors created by the user (not by a recorded op), and for every tensor that does not require grad. */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /** The node that created this tensor, or null for leaves. */
    public Node gradFn() {
        return gradFn;
    }

    /** The accumulated gradient: set by backward on leaves that require grad (and on tensors that retain grad). */
    public Tensor grad() {
        return grad;
    }

    /** Replaces the gradient (null clears it, as {@code zero_grad(set_to_none=True)}). */
    public void setGrad(Tensor g) {
        if (g != null && !java.util.Arrays.equals(g.shape(), shape())) {
            throw new IllegalArgumentException("assigned grad has data of a different size");
        }
        this.grad = g;
    }

    /** Makes backward also store this non-leaf's gradient in {@link #grad()}. No effect on leaves. */
    public Tensor retainGrad() {
        if (!requiresGrad) {
            throw new IllegalStateException("can't retain_grad on Tensor that has requires_grad=False");
        }
        if (!isLeaf() && !retainsGrad) {
            retainsGrad = true;
            gradFn.addPreHook(g -> {
                grad = grad == null ? g.detach() : grad.add(g).detach();
                return g;
            });
        }
        return this;
    }

    /** True for a leaf that requires grad or a non-leaf after {@link #retainGrad()}. */
    public boolean retainsGrad() {
        return isLeaf() ? requiresGrad : retainsGrad;
    }

    /**
     * Registers a hook called with this tensor's gradient during backward; a non-null return replaces it.
     * Returns a handle whose {@code close()} removes the hook.
     */
    public AutoCloseable registerHook(UnaryOperator<Tensor> hook) {
        if (!requiresGrad) {
            throw new IllegalStateException("cannot register a hook on a tensor that doesn't require gradient");
        }
        boolean[] active = {true};
        UnaryOperator<Tensor> guarded = g -> active[0] ? hook.apply(g) : g;
        if (isLeaf()) {
            if (hooks == null) {
                hooks = new ArrayList<>();
            }
            hooks.add(guarded);
        } else {
            gradFn.addPreHook(guarded);
        }
        return () -> active[0] = false;
    }

    Tensor runHooks(Tensor g) {
        if (hooks == null) {
            return g;
        }
        Tensor out = g;
        for (UnaryOperator<Tensor> h : hooks) {
            Tensor r = h.apply(out);
            if (r != null) {
                out = r;
            }
        }
        return out;
    }

    /** Where gradients for this tensor go: its gradFn, or the AccumulateGrad node of a leaf. */
    Edge gradientEdge() {
        if (gradFn != null) {
            return new Edge(gradFn, 0);
        }
        if (accumulator == null) {
            accumulator = new AccumulateGrad(this);
        }
        return new Edge(accumulator, 0);
    }

    void attachGradFn(Node node) {
        this.gradFn = node;
        this.requiresGrad = true;
    }

    // ---- backward ----

    /** Backward from a scalar: accumulates d(this)/d(leaf) into every leaf's grad. Frees the graph. */
    public void backward() {
        backward(null, false, false);
    }

    /** Backward with an explicit gradient of this tensor's shape. */
    public void backward(Tensor gradient) {
        backward(gradient, false, false);
    }

    /** Backward with the graph kept ({@code retainGraph}) and/or recorded ({@code createGraph}). */
    public void backward(Tensor gradient, boolean retainGraph, boolean createGraph) {
        Autograd.backward(new Tensor[]{this}, new Tensor[]{gradient}, retainGraph || createGraph, createGraph);
    }

    // ---- data ----

    /** The engine array behind this tensor (shared, not a copy). */
    public NDArray ndarray() {
        return data;
    }

    /**
     * A new tensor sharing this one's storage that does not require grad and has no history. Each call returns a
     * new object, so {@code w.detach().requiresGrad(true)} leaves {@code w} unchanged.
     */
    public Tensor detach() {
        return new Tensor(data);
    }

    /**
     * PyTorch's {@code .data}: a new tensor object each call, sharing storage, not requiring grad. Setting
     * {@code requiresGrad} on it changes nothing about this tensor.
     */
    public Tensor data() {
        return new Tensor(data);
    }

    public int[] shape() {
        return data.shape();
    }

    public int size(int dim) {
        return data.size(dim);
    }

    public int dim() {
        return data.dim();
    }

    public long numel() {
        return data.numel();
    }

    public DType dtype() {
        return data.dtype();
    }

    /** The value of a one-element tensor. */
    public double item() {
        return data.item();
    }

    public float[] toFloatArray() {
        return data.toFloatArray();
    }

    public double[] toDoubleArray() {
        return data.toDoubleArray();
    }

    public long[] toLongArray() {
        return data.toLongArray();
    }

    boolean hasNaN() {
        if (!dtype().isFloatingPoint()) {
            return false;
        }
        for (double v : data.toDoubleArray()) {
            if (Double.isNaN(v)) {
                return true;
            }
        }
        return false;
    }

    /** Throws PyTorch's error for an in-place op on a leaf that requires grad while grad mode is on. */
    void checkInPlaceAllowed() {
        if (requiresGrad && isLeaf() && GradMode.isEnabled()) {
            throw new IllegalStateException("a leaf Variable that requires grad is being used in an in-place operation.");
        }
    }

    /**
     * Makes this tensor use {@code source}'s data (shared, as PyTorch's {@code set_}), e.g. to change a
     * parameter's dtype in place. Only for tensors outside any recorded graph.
     */
    public Tensor set_(Tensor source) {
        if (!isLeaf() || (requiresGrad && GradMode.isEnabled())) {
            checkInPlaceAllowed();
            throw new IllegalStateException("set_ is not allowed on a Tensor created from .data or .detach() in a graph");
        }
        if (requiresGrad && !source.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("Only Tensors of floating point dtype can require gradients");
        }
        this.data = source.data;
        this.grad = null;
        return this;
    }

    /** A copy with its own storage, differentiable ({@code CloneBackward0}). */
    @Override
    public Tensor clone() {
        return new org.vectorgrad.autograd.ops.Shaping.Clone().apply(this);
    }

    /** Releases the data now (see the engine's memory model); further use throws. */
    @Override
    public void close() {
        data.close();
    }

    /** Keeps the data alive past the current memory scope (engine {@code keep()}); returns this. */
    public Tensor keep() {
        data.keep();
        return this;
    }

    /** PyTorch's printing: {@code tensor([1., 2.], requires_grad=True)} or {@code ..., grad_fn=<AddBackward0>)}. */
    @Override
    public String toString() {
        String s = data.toString();
        if (gradFn != null) {
            return s.substring(0, s.length() - 1) + ", grad_fn=<" + gradFn.name() + ">)";
        }
        if (requiresGrad) {
            return s.substring(0, s.length() - 1) + ", requires_grad=True)";
        }
        return s;
    }

    /** The backward graph that produced this tensor, in Graphviz DOT (render with {@code dot -Tpng}). */
    public String toDot() {
        return Dot.render(this);
    }
}
