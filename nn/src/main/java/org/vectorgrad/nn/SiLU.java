package org.vectorgrad.nn;

import org.vectorgrad.autograd.Tensor;

/** {@code x sigmoid(x)} elementwise (swish), as {@code torch.nn.SiLU}. */
public final class SiLU extends Layer {
    @Override
    public Tensor forward(Tensor input) {
        return Functional.silu(input);
    }
}
