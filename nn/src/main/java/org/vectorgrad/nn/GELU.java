package org.vectorgrad.nn;

import org.vectorgrad.autograd.Tensor;

/** GELU, exact ({@code approximate="none"}, the default) or the tanh approximation, as {@code torch.nn.GELU}. */
public final class GELU extends Layer {
    private final String approximate;

    /** The exact form, {@code approximate='none'}. */
    public GELU() {
        this("none");
    }

    /** {@code approximate} is {@code "none"} or {@code "tanh"}. */
    public GELU(String approximate) {
        this.approximate = Functional.checkApproximate(approximate);
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.gelu(input, approximate);
    }

    @Override
    protected String extraRepr() {
        return "approximate='" + approximate + "'";
    }
}
