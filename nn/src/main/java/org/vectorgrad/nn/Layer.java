package org.vectorgrad.nn;

import org.vectorgrad.autograd.Tensor;

/** A module with one input and one output, so that containers such as {@link Sequential} can call it. */
public abstract class Layer extends Module {
    /** Computes the output; called once per use, so reusing a layer in one step sums its gradients. */
    public abstract Tensor forward(Tensor input);
}
