package org.vectorgrad.nn;

import org.vectorgrad.autograd.Tensor;

/** {@code x} for positive x, {@code negativeSlope * x} otherwise, as {@code torch.nn.LeakyReLU}. */
public final class LeakyReLU extends Layer {
    private final double negativeSlope;

    /** PyTorch's default slope, 0.01. */
    public LeakyReLU() {
        this(0.01);
    }

    /** The slope applied to non-positive inputs. */
    public LeakyReLU(double negativeSlope) {
        this.negativeSlope = negativeSlope;
    }

    /** The slope applied to non-positive inputs. */
    public double negativeSlope() {
        return negativeSlope;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.leakyRelu(input, negativeSlope);
    }

    @Override
    protected String extraRepr() {
        return "negative_slope=" + Repr.number(negativeSlope);
    }
}
