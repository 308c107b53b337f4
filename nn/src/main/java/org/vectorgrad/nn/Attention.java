package org.vectorgrad.nn;

import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.DType;
import org.vectorgrad.engine.Generator;
import org.vectorgrad.engine.Shapes;

/**
 * Scaled dot-product attention, {@code softmax(q k^T * scale + mask) v}, composed from batched matmul and the
 * fused softmax; shared by {@link Functional#scaledDotProductAttention} and {@link MultiheadAttention}.
 */
final class Attention {
    private Attention() {
    }

    /** The attention output {@code [..., L, Ev]} and the (post-dropout) attention weights {@code [..., L, S]}. */
    record Result(Tensor output, Tensor weights) {
    }

    /**
     * @param mask      null; a bool mask where true means "may attend" (SDPA's convention); or a float mask added
     *                  to the scores. Either broadcasts to {@code [..., L, S]}.
     * @param isCausal  query i attends to keys 0..i only (top-left aligned when L != S)
     * @param scale     null for {@code 1 / sqrt(E)}
     */
    static Result attend(Tensor query, Tensor key, Tensor value, Tensor mask, double dropoutP, boolean isCausal,
            Double scale, Generator generator) {
        if (query.dim() < 2 || key.dim() < 2 || value.dim() < 2) {
            throw new IllegalArgumentException("scaled_dot_product_attention expects query, key and value of at least"
                    + " 2 dimensions, got " + Shapes.format(query.shape()) + ", " + Shapes.format(key.shape()) + " and "
                    + Shapes.format(value.shape()));
        }
        if (isCausal && mask != null) {
            throw new IllegalArgumentException("_scaled_dot_product_attention: Explicit attn_mask should not be set when"
                    + " is_causal=True");
        }
        int targetLength = query.size(-2);
        int sourceLength = key.size(-2);
        double factor = scale != null ? scale : 1 / Math.sqrt(query.size(-1));
        Tensor scores = query.matmul(key.transpose(-2, -1)).mul(factor);
        if (isCausal) {
            scores = scores.maskedFill(causalMask(targetLength, sourceLength), Double.NEGATIVE_INFINITY);
        } else if (mask != null) {
            scores = mask.dtype() == DType.BOOL
                    ? scores.maskedFill(mask.logicalNot(), Double.NEGATIVE_INFINITY)
                    : scores.add(mask);
        }
        Tensor weights = scores.softmax(-1);
        if (dropoutP > 0) {
            weights = Functional.dropout(weights, dropoutP, true, generator);
        }
        return new Result(weights.matmul(value), weights);
    }

    /** True above the diagonal: the positions a causal query may not see. */
    static Tensor causalMask(int targetLength, int sourceLength) {
        boolean[] future = new boolean[targetLength * sourceLength];
        for (int i = 0; i < targetLength; i++) {
            for (int j = i + 1; j < sourceLength; j++) {
                future[i * sourceLength + j] = true;
            }
        }
        return Tensor.tensor(future, targetLength, sourceLength);
    }
}
