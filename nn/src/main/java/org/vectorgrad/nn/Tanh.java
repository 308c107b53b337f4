package org.vectorgrad.nn;

import org.vectorgrad.autograd.Tensor;

/** Hyperbolic tangent elementwise, as {@code torch.nn.Tanh}. */
public final class Tanh extends Layer {
    @Override
    public Tensor forward(Tensor input) {
        return Functional.tanh(input);
    }
}
