package org.vectorgrad.nn;

import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.DType;
import org.vectorgrad.engine.Generator;

/**
 * PyTorch's {@code torch.nn.functional} as static methods: activations, dropout, embedding, normalisation,
 * attention and losses on Tensors, with PyTorch's semantics, defaults and error messages. Every method is
 * differentiable (built from autograd ops), returns a new tensor and modifies none of its arguments, except
 * {@link #batchNorm}, which updates the running statistics it is given in place when training.
 *
 * <pre>{@code
 * Tensor loss = Functional.crossEntropy(model.forward(x), labels);
 * }</pre>
 */
public final class Functional {
    private Functional() {
    }

    // ---- activations ----

    /** {@code max(x, 0)}. */
    public static Tensor relu(Tensor input) {
        return input.relu();
    }

    /** {@code x} for positive x, {@code negativeSlope * x} otherwise (PyTorch's default slope is 0.01). */
    public static Tensor leakyRelu(Tensor input, double negativeSlope) {
        return input.leakyRelu(negativeSlope);
    }

    /** {@link #leakyRelu(Tensor, double)} with slope 0.01. */
    public static Tensor leakyRelu(Tensor input) {
        return leakyRelu(input, 0.01);
    }

    /** GELU, exact form {@code x Phi(x)}. */
    public static Tensor gelu(Tensor input) {
        return input.gelu();
    }

    /** GELU with {@code approximate} {@code "none"} (exact, erf) or {@code "tanh"}. */
    public static Tensor gelu(Tensor input, String approximate) {
        return switch (checkApproximate(approximate)) {
            case "tanh" -> input.geluTanh();
            default -> input.gelu();
        };
    }

    static String checkApproximate(String approximate) {
        if (!"none".equals(approximate) && !"tanh".equals(approximate)) {
            throw new IllegalArgumentException("approximate argument must be either none or tanh.");
        }
        return approximate;
    }

    /** SiLU (swish), {@code x sigmoid(x)}. */
    public static Tensor silu(Tensor input) {
        return input.silu();
    }

    /** Hyperbolic tangent. */
    public static Tensor tanh(Tensor input) {
        return input.tanh();
    }

    /** {@code 1 / (1 + exp(-x))}. */
    public static Tensor sigmoid(Tensor input) {
        return input.sigmoid();
    }

    /** Softmax along {@code dim} (fused, stable for large logits). */
    public static Tensor softmax(Tensor input, int dim) {
        return input.softmax(dim);
    }

    /** Log-softmax along {@code dim} (fused, stable: never the log of an underflowed softmax). */
    public static Tensor logSoftmax(Tensor input, int dim) {
        return input.logSoftmax(dim);
    }

    // ---- dropout, embedding, linear ----

    /**
     * When {@code training}, zeroes each element with probability {@code p} (drawn from {@code generator}) and
     * scales the rest by {@code 1 / (1 - p)}, so the expectation is unchanged; otherwise returns the input.
     */
    public static Tensor dropout(Tensor input, double p, boolean training, Generator generator) {
        checkDropoutProbability(p);
        return input.dropout(p, training, generator);
    }

    /** {@link #dropout(Tensor, double, boolean, Generator)} with the default generator. */
    public static Tensor dropout(Tensor input, double p, boolean training) {
        return dropout(input, p, training, Generator.defaultGenerator());
    }

    static void checkDropoutProbability(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + p);
        }
    }

    /** Rows of {@code weight} {@code [num, dim]} at the int64/int32 {@code input} indices: shape {@code input + [dim]}. */
    public static Tensor embedding(Tensor input, Tensor weight) {
        return embedding(input, weight, null);
    }

    /**
     * As {@link #embedding(Tensor, Tensor)}; positions whose index is {@code paddingIdx} (negative counts from the
     * end; null for none) pass no gradient to the weight, as in PyTorch.
     */
    public static Tensor embedding(Tensor input, Tensor weight, Integer paddingIdx) {
        if (input.dtype() != DType.INT64 && input.dtype() != DType.INT32) {
            throw new IllegalArgumentException("Expected tensor for argument #1 'indices' to have one of the following"
                    + " scalar types: Long, Int; but got " + tensorTypeName(input.dtype())
                    + " instead (while checking arguments for embedding)");
        }
        if (weight.dim() != 2) {
            throw new IllegalArgumentException("'weight' must be 2-D");
        }
        Integer padding = paddingIdx == null ? null : Embedding.normalizePaddingIdx(paddingIdx, weight.size(0));
        Tensor rows;
        try {
            rows = weight.indexSelect(0, input.reshape(-1));
        } catch (IndexOutOfBoundsException e) {
            IndexOutOfBoundsException pytorch = new IndexOutOfBoundsException("index out of range in self");
            pytorch.initCause(e);
            throw pytorch;
        }
        int[] shape = java.util.Arrays.copyOf(input.shape(), input.dim() + 1);
        shape[input.dim()] = weight.size(1);
        Tensor out = rows.view(shape);
        if (padding != null && out.requiresGrad()) {
            // Same values either way; the detached branch keeps the gradient away from the padding row.
            out = out.where(input.ne(padding).unsqueeze(-1), out.detach());
        }
        return out;
    }

    private static String tensorTypeName(DType type) {
        return switch (type) {
            case FLOAT32 -> "torch.FloatTensor";
            case FLOAT64 -> "torch.DoubleTensor";
            case INT32 -> "torch.IntTensor";
            case INT64 -> "torch.LongTensor";
            case BOOL -> "torch.BoolTensor";
        };
    }

    /** {@code x W^T + b} with {@code weight [out, in]}; {@code bias} may be null. */
    public static Tensor linear(Tensor input, Tensor weight, Tensor bias) {
        return input.linear(weight, bias);
    }

    // ---- normalisation ----

    /**
     * Normalises over the trailing dims given by {@code normalizedShape} (mean 0, biased variance 1, plus
     * {@code eps}), then applies {@code weight} and {@code bias} (of that shape; either may be null).
     */
    public static Tensor layerNorm(Tensor input, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        return Normalization.layerNorm(input, normalizedShape, weight, bias, eps);
    }

    /** {@link #layerNorm(Tensor, int[], Tensor, Tensor, double)} without affine parameters and eps 1e-5. */
    public static Tensor layerNorm(Tensor input, int... normalizedShape) {
        return layerNorm(input, normalizedShape, null, null, 1e-5);
    }

    /**
     * Batch normalisation of {@code [N, C, *]} over every dim except the channel dim. When {@code training}, the
     * batch statistics normalise and the running statistics (if not null) are updated in place with
     * {@code momentum}, the variance unbiased; otherwise the running statistics normalise. Any of the four
     * per-channel tensors may be null (the running ones only when training).
     */
    public static Tensor batchNorm(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
            boolean training, double momentum, double eps) {
        return Normalization.batchNorm(input, runningMean, runningVar, weight, bias, training, momentum, eps);
    }

    // ---- attention ----

    /**
     * {@code softmax(q k^T / sqrt(E) + mask) v} for {@code query [..., L, E]}, {@code key [..., S, E]},
     * {@code value [..., S, Ev]}. {@code attnMask} (may be null) is a bool mask where true means the position
     * takes part in attention, or a float mask added to the scores; {@code isCausal} masks the future instead.
     * Dropout with probability {@code dropoutP} applies to the attention weights (always, as in PyTorch; pass 0
     * in evaluation).
     */
    public static Tensor scaledDotProductAttention(Tensor query, Tensor key, Tensor value, Tensor attnMask,
            double dropoutP, boolean isCausal) {
        return scaledDotProductAttention(query, key, value, attnMask, dropoutP, isCausal, null,
                Generator.defaultGenerator());
    }

    /** As the six-argument form with an explicit {@code scale} (null for {@code 1 / sqrt(E)}) and generator. */
    public static Tensor scaledDotProductAttention(Tensor query, Tensor key, Tensor value, Tensor attnMask,
            double dropoutP, boolean isCausal, Double scale, Generator generator) {
        checkDropoutProbability(dropoutP);
        return Attention.attend(query, key, value, attnMask, dropoutP, isCausal, scale, generator).output();
    }

    /** Plain attention: no mask, no dropout. */
    public static Tensor scaledDotProductAttention(Tensor query, Tensor key, Tensor value) {
        return scaledDotProductAttention(query, key, value, null, 0, false);
    }

    // ---- losses ----

    /** Squared error {@code (x - y)^2}; input and target must have the same shape. */
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        return PointLosses.mse(input, target, reduction);
    }

    /** Mean squared error. */
    public static Tensor mseLoss(Tensor input, Tensor target) {
        return mseLoss(input, target, Reduction.MEAN);
    }

    /** Absolute error {@code |x - y|}. */
    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
        return PointLosses.l1(input, target, reduction);
    }

    /** Mean absolute error. */
    public static Tensor l1Loss(Tensor input, Tensor target) {
        return l1Loss(input, target, Reduction.MEAN);
    }

    /** Huber loss: quadratic below {@code delta} (which must be positive), linear with slope delta above. */
    public static Tensor huberLoss(Tensor input, Tensor target, Reduction reduction, double delta) {
        return PointLosses.huber(input, target, reduction, delta);
    }

    /** Smooth L1: {@code 0.5 d^2 / beta} below {@code beta}, {@code |d| - beta / 2} above; L1 for beta 0. */
    public static Tensor smoothL1Loss(Tensor input, Tensor target, Reduction reduction, double beta) {
        return PointLosses.smoothL1(input, target, reduction, beta);
    }

    /**
     * Cross-entropy of logits {@code [N, C, d1, ...]} (or unbatched {@code [C]}) against int64 class indices
     * {@code [N, d1, ...]}, or against class probabilities of the input's shape. Class {@code weight} {@code [C]}
     * may be null; targets equal to {@code ignoreIndex} contribute nothing; the mean is weighted, dividing by the
     * sum of the weights of the counted targets; {@code labelSmoothing} in [0, 1] mixes in the uniform
     * distribution as PyTorch does.
     */
    public static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, long ignoreIndex,
            Reduction reduction, double labelSmoothing) {
        return ClassLosses.crossEntropy(input, target, weight, ignoreIndex, reduction, labelSmoothing);
    }

    /** Mean cross-entropy with PyTorch's defaults (no weights, ignore_index -100, no smoothing). */
    public static Tensor crossEntropy(Tensor input, Tensor target) {
        return crossEntropy(input, target, null, ClassLosses.DEFAULT_IGNORE_INDEX, Reduction.MEAN, 0);
    }

    /** Negative log-likelihood of log-probabilities against int64 class indices, options as {@link #crossEntropy}. */
    public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction) {
        return ClassLosses.nll(input, target, weight, ignoreIndex, reduction);
    }

    /** Mean negative log-likelihood with PyTorch's defaults. */
    public static Tensor nllLoss(Tensor input, Tensor target) {
        return nllLoss(input, target, null, ClassLosses.DEFAULT_IGNORE_INDEX, Reduction.MEAN);
    }

    /**
     * Binary cross-entropy of probabilities in [0, 1] against targets of the same shape; each log is clamped to
     * at least -100 as in PyTorch, so saturated inputs give finite losses and gradients. {@code weight} (may be
     * null) broadcasts to the input.
     */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        return PointLosses.binaryCrossEntropy(input, target, weight, reduction);
    }

    /** Mean binary cross-entropy, unweighted. */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target) {
        return binaryCrossEntropy(input, target, null, Reduction.MEAN);
    }

    /**
     * Binary cross-entropy on logits, stable for logits of any size. {@code posWeight} (may be null) weighs the
     * positive term per class (broadcast along the last dim); {@code weight} (may be null) weighs each element.
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight,
            Reduction reduction) {
        return PointLosses.binaryCrossEntropyWithLogits(input, target, weight, posWeight, reduction);
    }

    /** Mean binary cross-entropy on logits, unweighted. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target) {
        return binaryCrossEntropyWithLogits(input, target, null, null, Reduction.MEAN);
    }
}
