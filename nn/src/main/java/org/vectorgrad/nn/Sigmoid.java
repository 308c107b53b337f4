package org.vectorgrad.nn;

import org.vectorgrad.autograd.Tensor;

/** {@code 1 / (1 + exp(-x))} elementwise, as {@code torch.nn.Sigmoid}. */
public final class Sigmoid extends Layer {
    @Override
    public Tensor forward(Tensor input) {
        return Functional.sigmoid(input);
    }
}
