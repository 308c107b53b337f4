package org.vectorgrad.nn;

import org.vectorgrad.autograd.Tensor;

/** How a loss reduces its per-element values, as PyTorch's {@code reduction='none'|'mean'|'sum'}. */
public enum Reduction {
    /** One loss value per element (or per sample, for the class losses). */
    NONE("none"),
    /** The mean (for weighted class losses: the weighted mean). PyTorch's default. */
    MEAN("mean"),
    /** The sum. */
    SUM("sum");

    private final String pytorchName;

    Reduction(String pytorchName) {
        this.pytorchName = pytorchName;
    }

    /** The name PyTorch uses for this reduction. */
    public String pytorchName() {
        return pytorchName;
    }

    /** Parses PyTorch's string form; anything else is PyTorch's error {@code foo is not a valid value for reduction}. */
    public static Reduction of(String name) {
        for (Reduction r : values()) {
            if (r.pytorchName.equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException(name + " is not a valid value for reduction");
    }

    /** Applies this reduction to unreduced values: the plain mean for {@link #MEAN}. */
    Tensor apply(Tensor unreduced) {
        return switch (this) {
            case NONE -> unreduced;
            case MEAN -> unreduced.mean();
            case SUM -> unreduced.sum();
        };
    }
}
