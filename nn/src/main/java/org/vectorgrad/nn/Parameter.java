package org.vectorgrad.nn;

import org.vectorgrad.autograd.Tensor;

/**
 * A tensor that is a module's learnable state: it requires grad by default (as {@code torch.nn.Parameter}), so
 * nobody sets {@code requiresGrad} on a model's weights. It shares the given tensor's data, which is taken out of
 * every {@link org.vectorgrad.engine.MemoryScope}: parameters outlive training steps.
 */
public class Parameter extends Tensor {
    /** A parameter that requires grad. */
    public Parameter(Tensor data) {
        this(data, true);
    }

    /** A parameter with an explicit {@code requiresGrad}; integer data cannot require grad. */
    public Parameter(Tensor data, boolean requiresGrad) {
        super(data.ndarray().keepForever());
        requiresGrad(requiresGrad);
    }

    /** PyTorch's printing: {@code Parameter containing:} and the tensor. */
    @Override
    public String toString() {
        return "Parameter containing:\n" + super.toString();
    }
}
