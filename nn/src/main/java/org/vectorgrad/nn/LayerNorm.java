package org.vectorgrad.nn;

import org.vectorgrad.autograd.Tensor;

/**
 * Normalises over the trailing {@code normalizedShape} dims, then scales and shifts by learnable weight (ones)
 * and bias (zeros) of that shape, as {@code torch.nn.LayerNorm}.
 */
public final class LayerNorm extends Layer {
    /** Null without {@code elementwiseAffine}. */
    public final Parameter weight;
    /** Null without {@code elementwiseAffine}. */
    public final Parameter bias;
    private final int[] normalizedShape;
    private final double eps;

    /** {@code LayerNorm(normalizedShape, eps=1e-5, elementwise_affine=True)} over the last dim. */
    public LayerNorm(int normalizedShape) {
        this(new int[]{normalizedShape}, 1e-5, true);
    }

    /**
     * @param normalizedShape   the trailing dims to normalise over
     * @param eps               added to the variance
     * @param elementwiseAffine whether to learn a weight and bias of {@code normalizedShape}
     */
    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine) {
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        if (elementwiseAffine) {
            weight = register("weight", new Parameter(Tensor.ones(normalizedShape)));
            bias = register("bias", new Parameter(Tensor.zeros(normalizedShape)));
        } else {
            weight = null;
            bias = null;
        }
    }

    /** A copy of the normalised trailing shape. */
    public int[] normalizedShape() {
        return normalizedShape.clone();
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.layerNorm(input, normalizedShape, weight, bias, eps);
    }

    @Override
    protected String extraRepr() {
        return Repr.tuple(normalizedShape) + ", eps=" + Repr.number(eps) + ", elementwise_affine="
                + (weight != null ? "True" : "False");
    }
}
