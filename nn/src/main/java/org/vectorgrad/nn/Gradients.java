package org.vectorgrad.nn;

import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.Ternary;

/** Clearing a parameter's gradient the one way {@link Module#zeroGrad()} and the optimizers both do it. */
public final class Gradients {
    private Gradients() {
    }

    /**
     * With {@code setToNone} the gradient becomes null and its memory is released at once (PyTorch frees it when
     * its last reference goes; here a gradient kept from {@code p.grad()} must not be used afterwards), except a
     * gradient that is itself part of a graph ({@code createGraph}), which may be shared. Otherwise the gradient is
     * detached and filled with zeros in place.
     */
    public static void clear(Tensor p, boolean setToNone) {
        Tensor g = p.grad();
        if (g == null) {
            return;
        }
        if (setToNone) {
            p.setGrad(null);
            if (!g.requiresGrad()) {
                g.close();
            }
        } else {
            if (g.requiresGrad()) {
                g = g.detach();
                p.setGrad(g);
            }
            Ternary.zero_(g.ndarray());
        }
    }
}
