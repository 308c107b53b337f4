package org.vectorgrad.autograd;

import org.vectorgrad.autograd.ops.Reductions;
import org.vectorgrad.autograd.ops.Softmax;
import org.vectorgrad.engine.Reduce;

/** Reductions of {@link Tensor} over all or some dims, with keepdim, and softmax-family ops. */
public interface TensorReductions {
    /** This tensor. */
    Tensor self();

    /** Sum of all elements (a 0-d tensor). */
    default Tensor sum() {
        return new Reductions.Sum(null, false).apply(self());
    }

    /** Sum over {@code dims} (negative allowed). */
    default Tensor sum(int[] dims, boolean keepdim) {
        return new Reductions.Sum(dims, keepdim).apply(self());
    }

    default Tensor sum(int dim) {
        return sum(new int[]{dim}, false);
    }

    default Tensor mean() {
        return new Reductions.Mean(null, false).apply(self());
    }

    default Tensor mean(int[] dims, boolean keepdim) {
        return new Reductions.Mean(dims, keepdim).apply(self());
    }

    default Tensor mean(int dim) {
        return mean(new int[]{dim}, false);
    }

    /** Largest element; ties share the gradient evenly. */
    default Tensor max() {
        return new Reductions.Extremum(null, false, true, "MaxBackward1").apply(self());
    }

    default Tensor min() {
        return new Reductions.Extremum(null, false, false, "MinBackward1").apply(self());
    }

    default Tensor amax(int[] dims, boolean keepdim) {
        return new Reductions.Extremum(dims, keepdim, true, "AmaxBackward0").apply(self());
    }

    default Tensor amin(int[] dims, boolean keepdim) {
        return new Reductions.Extremum(dims, keepdim, false, "AminBackward0").apply(self());
    }

    /** Index of the largest element along {@code dim} (int64, not differentiable). */
    default Tensor argmax(int dim, boolean keepdim) {
        return Tensor.wrap(Reduce.argmax(self().ndarray(), dim, keepdim));
    }

    default Tensor argmin(int dim, boolean keepdim) {
        return Tensor.wrap(Reduce.argmin(self().ndarray(), dim, keepdim));
    }

    /** Variance over dims; {@code unbiased} divides by N-1 as PyTorch's default. */
    default Tensor var(int[] dims, boolean unbiased, boolean keepdim) {
        return new Reductions.Moment(dims, unbiased ? 1 : 0, keepdim, false).apply(self());
    }

    default Tensor var() {
        return var(null, true, false);
    }

    default Tensor std(int[] dims, boolean unbiased, boolean keepdim) {
        return new Reductions.Moment(dims, unbiased ? 1 : 0, keepdim, true).apply(self());
    }

    default Tensor std() {
        return std(null, true, false);
    }

    default Tensor logsumexp(int[] dims, boolean keepdim) {
        return new Reductions.LogSumExp(dims, keepdim).apply(self());
    }

    /** The p-norm over all elements (p = 2 is the Euclidean norm). */
    default Tensor norm(double p) {
        return norm(p, null, false);
    }

    default Tensor norm() {
        return norm(2.0);
    }

    /** The p-norm over dims, built from differentiable ops (abs, pow, sum). */
    default Tensor norm(double p, int[] dims, boolean keepdim) {
        Tensor x = self();
        if (p == 2.0) {
            return x.square().sum(dims, keepdim).sqrt();
        }
        if (p == 1.0) {
            return x.abs().sum(dims, keepdim);
        }
        if (Double.isInfinite(p)) {
            return p > 0 ? x.abs().amax(dims, keepdim) : x.abs().amin(dims, keepdim);
        }
        return x.abs().pow(p).sum(dims, keepdim).pow(1.0 / p);
    }

    default Tensor cumsum(int dim) {
        return new Reductions.Cumsum(dim).apply(self());
    }

    default Tensor softmax(int dim) {
        return new Softmax.Soft(dim).apply(self());
    }

    default Tensor logSoftmax(int dim) {
        return new Softmax.LogSoft(dim).apply(self());
    }
}
