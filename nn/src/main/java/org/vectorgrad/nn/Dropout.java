package org.vectorgrad.nn;

import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.Generator;

/**
 * In training mode zeroes each element with probability {@code p} and scales the rest by {@code 1 / (1 - p)};
 * in {@link #eval()} mode the identity. As {@code torch.nn.Dropout}; the mask comes from a seedable generator.
 */
public final class Dropout extends Layer {
    private final double p;
    private final Generator generator;

    /** {@code Dropout(p=0.5)}. */
    public Dropout() {
        this(0.5);
    }

    /** Drops with probability {@code p}, drawing from the default generator. */
    public Dropout(double p) {
        this(p, Generator.defaultGenerator());
    }

    /** Drops with probability {@code p}, drawing masks from {@code generator} (for reproducible runs). */
    public Dropout(double p, Generator generator) {
        Functional.checkDropoutProbability(p);
        this.p = p;
        this.generator = generator;
    }

    /** The drop probability. */
    public double p() {
        return p;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.dropout(input, p, isTraining(), generator);
    }

    @Override
    protected String extraRepr() {
        return "p=" + Repr.number(p) + ", inplace=False";
    }
}
