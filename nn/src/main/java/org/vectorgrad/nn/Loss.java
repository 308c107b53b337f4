package org.vectorgrad.nn;

import org.vectorgrad.autograd.Tensor;

/**
 * Base of the loss modules (PyTorch's {@code _Loss}): a two-argument {@link #forward(Tensor, Tensor)} and a
 * {@link Reduction}. Losses print as PyTorch prints them, e.g. {@code CrossEntropyLoss()}.
 */
public abstract class Loss extends Module {
    private final Reduction reduction;

    protected Loss(Reduction reduction) {
        this.reduction = java.util.Objects.requireNonNull(reduction, "reduction");
    }

    /** The loss of {@code input} against {@code target}, reduced as configured. Modifies neither. */
    public abstract Tensor forward(Tensor input, Tensor target);

    /** How this loss reduces. */
    public Reduction reduction() {
        return reduction;
    }

    /** Registers an optional tensor (class weights) as a buffer, as PyTorch does; null stays unregistered. */
    protected Tensor optionalBuffer(String name, Tensor value) {
        return value == null ? null : registerBuffer(name, value);
    }
}
