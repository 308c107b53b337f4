package org.vectorgrad.autograd;

import java.util.List;

/**
 * A node of the backward graph: PyTorch's {@code grad_fn} object. Given the gradient of its output it returns
 * one gradient per input ({@code null} where none is needed), which the engine routes along {@link #nextFunctions()}.
 */
public abstract class Node {
    private static final java.util.concurrent.atomic.AtomicLong SEQUENCE = new java.util.concurrent.atomic.AtomicLong();

    /** Creation order; the engine runs later nodes first when several are ready, as PyTorch does. */
    final long sequenceNr = SEQUENCE.getAndIncrement();

    /** PyTorch's name, e.g. {@code MulBackward0} or {@code AccumulateGrad}. */
    public abstract String name();

    /** The edges to the nodes of this node's inputs; an entry with a null node is an input that needs no grad. */
    public abstract List<Edge> nextFunctions();

    /** Computes input gradients from the output gradient. */
    abstract Tensor[] apply(Tensor gradOutput);

    private java.util.List<java.util.function.UnaryOperator<Tensor>> preHooks;

    /** Adds a hook run on the gradient of this node's output before the node uses it (non-leaf tensor hooks). */
    void addPreHook(java.util.function.UnaryOperator<Tensor> hook) {
        if (preHooks == null) {
            preHooks = new java.util.ArrayList<>();
        }
        preHooks.add(hook);
    }

    Tensor runPreHooks(Tensor grad) {
        if (preHooks == null) {
            return grad;
        }
        Tensor g = grad;
        for (var hook : preHooks) {
            Tensor replaced = hook.apply(g);
            if (replaced != null) {
                g = replaced;
            }
        }
        return g;
    }

    /** Frees saved tensors after a backward pass that did not retain the graph. */
    void release() {
    }

    /** Shape each input gradient must have (null for inputs without an edge). */
    abstract int[][] inputShapes();

    @Override
    public String toString() {
        return "<" + name() + ">";
    }
}
