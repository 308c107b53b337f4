package org.vectorgrad.nn;

import org.vectorgrad.autograd.Tensor;

/** {@code max(x, 0)} elementwise, as {@code torch.nn.ReLU}. */
public final class ReLU extends Layer {
    @Override
    public Tensor forward(Tensor input) {
        return Functional.relu(input);
    }
}
