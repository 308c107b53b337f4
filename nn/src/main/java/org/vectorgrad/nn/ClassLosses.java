package org.vectorgrad.nn;

import java.util.Arrays;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.DType;
import org.vectorgrad.engine.Shapes;

/**
 * Negative log-likelihood and cross-entropy with PyTorch's options: class weights, {@code ignore_index}, label
 * smoothing, K-dimensional inputs {@code [N, C, d1, ...]}, unbatched inputs {@code [C]}, and class-probability
 * targets. The loss is a gather from log-probabilities (log-softmax is fused and stable), so no new op is needed.
 */
final class ClassLosses {
    /** PyTorch's default {@code ignore_index}. */
    static final long DEFAULT_IGNORE_INDEX = -100;

    private ClassLosses() {
    }

    /**
     * The parsed class-index targets: safe indices (ignored ones replaced by 0 so that gather stays in bounds),
     * the ignore mask (null when nothing is ignored), each target's class weight (null without weights) and the
     * denominator of the mean (the sum of the weights of the targets that are not ignored).
     */
    private record Targets(Tensor index, Tensor ignored, Tensor weights, double denominator) {
    }

    static Tensor nll(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction) {
        if (input.dim() == 1) {
            return unbatched(input, target, (x, t) -> nll(x, t, weight, ignoreIndex, reduction), reduction);
        }
        Targets t = parse(input, target, weight, ignoreIndex);
        Tensor picked = input.gather(1, t.index().unsqueeze(1)).squeeze(1);
        Tensor loss = t.weights() == null ? picked.neg() : picked.mul(t.weights()).neg();
        if (t.ignored() != null) {
            // Masking (not just a zero weight) keeps an ignored -inf log-probability from turning into NaN.
            loss = loss.maskedFill(t.ignored(), 0.0);
        }
        return reduce(loss, t, reduction);
    }

    static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction,
            double labelSmoothing) {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("label_smoothing must be between 0.0 and 1.0. Got: " + labelSmoothing);
        }
        checkRank(input);
        int classDim = input.dim() == 1 ? 0 : 1;
        if (target.dtype().isFloatingPoint() && Arrays.equals(input.shape(), target.shape())) {
            if (ignoreIndex != DEFAULT_IGNORE_INDEX) {
                throw new IllegalArgumentException("ignore_index is not supported for floating point target");
            }
            return probabilityTargets(input, target, weight, reduction, labelSmoothing, classDim);
        }
        if (input.dim() == 1) {
            return unbatched(input, target, (x, t) -> crossEntropy(x, t, weight, ignoreIndex, reduction,
                    labelSmoothing), reduction);
        }
        Tensor logProbabilities = input.logSoftmax(1);
        Tensor nll = nll(logProbabilities, target, weight, ignoreIndex, reduction);
        if (labelSmoothing == 0) {
            return nll;
        }
        // PyTorch's formula: (1 - eps) nll + eps / C * (the weighted sum of -log p over all classes, masked and
        // reduced with the same denominator as nll).
        int classes = input.size(1);
        Targets t = parse(input, target, weight, ignoreIndex);
        Tensor weighted = weight == null ? logProbabilities : logProbabilities.mul(alongClassDim(weight, input.dim()));
        Tensor smooth = weighted.sum(1).neg();
        if (t.ignored() != null) {
            smooth = smooth.maskedFill(t.ignored(), 0.0);
        }
        return nll.mul(1 - labelSmoothing).add(reduce(smooth, t, reduction).mul(labelSmoothing / classes));
    }

    /** Targets that are class probabilities of the input's shape: {@code -sum_c w_c y_c log p_c}. */
    private static Tensor probabilityTargets(Tensor input, Tensor target, Tensor weight, Reduction reduction,
            double labelSmoothing, int classDim) {
        int classes = input.size(classDim);
        checkWeight(weight, classes);
        Tensor y = labelSmoothing > 0 ? target.mul(1 - labelSmoothing).add(labelSmoothing / classes) : target;
        Tensor terms = input.logSoftmax(classDim).mul(y);
        if (weight != null) {
            terms = terms.mul(classDim == 0 ? weight : alongClassDim(weight, input.dim()));
        }
        Tensor loss = terms.sum(classDim).neg();
        return switch (reduction) {
            case NONE -> loss;
            case SUM -> loss.sum();
            case MEAN -> loss.sum().div((double) (input.numel() / classes));
        };
    }

    private static Tensor reduce(Tensor loss, Targets t, Reduction reduction) {
        return switch (reduction) {
            case NONE -> loss;
            case SUM -> loss.sum();
            case MEAN -> t.weights() == null && t.ignored() == null ? loss.mean() : loss.sum().div(t.denominator());
        };
    }

    /** Runs {@code batched} on {@code [1, C]} and a target of shape {@code [1]}, then drops the batch dim again. */
    private static Tensor unbatched(Tensor input, Tensor target, java.util.function.BinaryOperator<Tensor> batched,
            Reduction reduction) {
        if (target.dim() != 0) {
            throw new IllegalArgumentException("size mismatch (got input: " + Shapes.format(input.shape())
                    + ", target: " + Shapes.format(target.shape()) + ")");
        }
        Tensor loss = batched.apply(input.unsqueeze(0), target.unsqueeze(0));
        return reduction == Reduction.NONE ? loss.squeeze(0) : loss;
    }

    private static void checkRank(Tensor input) {
        if (input.dim() == 0) {
            throw new IllegalArgumentException("Expected 1 or more dimensions (got 0)");
        }
    }

    private static void checkWeight(Tensor weight, int classes) {
        if (weight != null && (weight.dim() != 1 || weight.numel() != classes)) {
            throw new IllegalArgumentException("weight tensor should be defined either for all " + classes
                    + " classes or no classes but got weight tensor of shape: " + Shapes.format(weight.shape()));
        }
    }

    /** A weight of shape {@code [C]} viewed as {@code [1, C, 1, ...]} to broadcast along dim 1 of a rank-r input. */
    private static Tensor alongClassDim(Tensor weight, int rank) {
        int[] shape = new int[rank];
        Arrays.fill(shape, 1);
        shape[1] = weight.size(0);
        return weight.view(shape);
    }

    /** Checks shapes, dtype and every class index, and builds the gather index, ignore mask and weights. */
    private static Targets parse(Tensor input, Tensor target, Tensor weight, long ignoreIndex) {
        checkRank(input);
        if (target.dtype() != DType.INT64) {
            throw new IllegalArgumentException("expected scalar type Long but found " + scalarTypeName(target.dtype()));
        }
        if (target.dim() > 0 && input.size(0) != target.size(0)) {
            throw new IllegalArgumentException("Expected input batch_size (" + input.size(0)
                    + ") to match target batch_size (" + target.size(0) + ").");
        }
        if (input.dim() == 2 && target.dim() != 1) {
            throw new IllegalArgumentException("0D or 1D target tensor expected, multi-target not supported");
        }
        int[] expected = new int[input.dim() - 1];
        expected[0] = input.size(0);
        System.arraycopy(input.shape(), 2, expected, 1, input.dim() - 2);
        if (!Arrays.equals(expected, target.shape())) {
            throw new IllegalArgumentException("Expected target size " + Shapes.format(expected) + ", got "
                    + Shapes.format(target.shape()));
        }
        int classes = input.size(1);
        checkWeight(weight, classes);
        double[] classWeights = weight == null ? null : weight.toDoubleArray();
        long[] raw = target.toLongArray();
        long[] safe = new long[raw.length];
        boolean[] ignored = new boolean[raw.length];
        double[] perTarget = classWeights == null ? null : new double[raw.length];
        boolean anyIgnored = false;
        double denominator = 0;
        for (int i = 0; i < raw.length; i++) {
            long c = raw[i];
            if (c == ignoreIndex) {
                ignored[i] = true;
                anyIgnored = true;
                continue;
            }
            if (c < 0 || c >= classes) {
                throw new IndexOutOfBoundsException("Target " + c + " is out of bounds.");
            }
            safe[i] = c;
            double w = classWeights == null ? 1 : classWeights[(int) c];
            if (perTarget != null) {
                perTarget[i] = w;
            }
            denominator += w;
        }
        int[] shape = target.shape();
        Tensor weights = perTarget == null ? null : Tensor.tensor(perTarget, shape).to(input.dtype());
        return new Targets(Tensor.tensor(safe, shape), anyIgnored ? Tensor.tensor(ignored, shape) : null, weights,
                denominator);
    }

    /** PyTorch's C++ scalar type names, as its dtype errors print them. */
    private static String scalarTypeName(DType type) {
        return switch (type) {
            case FLOAT32 -> "Float";
            case FLOAT64 -> "Double";
            case INT32 -> "Int";
            case INT64 -> "Long";
            case BOOL -> "Bool";
        };
    }
}
