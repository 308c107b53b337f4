package org.vectorgrad.nn;

import java.util.Arrays;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.autograd.ops.Losses;
import org.vectorgrad.engine.Shapes;

/**
 * The elementwise losses (regression and binary classification): each builds its per-element loss from
 * differentiable ops, then applies the reduction. {@link Functional} is their public face.
 */
final class PointLosses {
    private PointLosses() {
    }

    /**
     * PyTorch broadcasts a target of another shape with a warning ("This will likely lead to incorrect results");
     * a library without warnings makes the classic {@code [N, 1]} against {@code [N]} mistake an error instead.
     */
    static void checkSameSize(Tensor input, Tensor target) {
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new IllegalArgumentException("Using a target size (" + Shapes.format(target.shape())
                    + ") that is different to the input size (" + Shapes.format(input.shape()) + "). This will likely"
                    + " lead to incorrect results due to broadcasting. Please ensure they have the same size.");
        }
    }

    static Tensor mse(Tensor input, Tensor target, Reduction reduction) {
        checkSameSize(input, target);
        return reduction.apply(input.sub(target).square());
    }

    static Tensor l1(Tensor input, Tensor target, Reduction reduction) {
        checkSameSize(input, target);
        return reduction.apply(input.sub(target).abs());
    }

    /** {@code 0.5 d^2} where {@code |d| < delta}, else {@code delta (|d| - delta / 2)}. */
    static Tensor huber(Tensor input, Tensor target, Reduction reduction, double delta) {
        if (!(delta > 0)) {
            throw new IllegalArgumentException("huber_loss does not support non-positive values for delta.");
        }
        checkSameSize(input, target);
        Tensor d = input.sub(target);
        Tensor abs = d.abs();
        Tensor quadratic = d.square().mul(0.5);
        Tensor linear = abs.sub(0.5 * delta).mul(delta);
        return reduction.apply(quadratic.where(abs.lt(delta), linear));
    }

    /** {@code 0.5 d^2 / beta} where {@code |d| < beta}, else {@code |d| - beta / 2}; plain L1 for beta 0. */
    static Tensor smoothL1(Tensor input, Tensor target, Reduction reduction, double beta) {
        if (beta < 0) {
            throw new IllegalArgumentException("smooth_l1_loss does not support negative values for beta.");
        }
        checkSameSize(input, target);
        Tensor d = input.sub(target);
        Tensor abs = d.abs();
        if (beta == 0) {
            return reduction.apply(abs);
        }
        Tensor quadratic = d.square().mul(0.5 / beta);
        Tensor linear = abs.sub(0.5 * beta);
        return reduction.apply(quadratic.where(abs.lt(beta), linear));
    }

    /** Binary cross-entropy of probabilities; {@code weight} (broadcast to the input) may be null. */
    static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new IllegalArgumentException("Using a target size (" + Shapes.format(target.shape())
                    + ") that is different to the input size (" + Shapes.format(input.shape()) + ") is deprecated."
                    + " Please ensure they have the same size.");
        }
        checkProbabilities(input);
        Tensor loss = new Losses.BinaryCrossEntropy().apply(input, target);
        if (weight != null) {
            loss = loss.mul(weight);
        }
        return reduction.apply(loss);
    }

    private static void checkProbabilities(Tensor input) {
        if (input.numel() == 0) {
            return;
        }
        try (var off = Tensor.noGrad()) {
            // A NaN input fails too: it is not between 0 and 1 (both comparisons are false).
            boolean inRange = input.ge(0.0).logicalAnd(input.le(1.0)).to(org.vectorgrad.engine.DType.FLOAT64).min()
                    .item() == 1.0;
            if (!inRange) {
                throw new IllegalArgumentException("all elements of input should be between 0 and 1");
            }
        }
    }

    /**
     * Binary cross-entropy on logits, {@code (1 - y) x + (1 + (pw - 1) y) softplus(-x)}: softplus never overflows
     * and its gradient {@code -sigmoid(-x)} is exact for logits of any size. {@code weight} and {@code posWeight}
     * (one per class, broadcast along the last dim) may be null.
     */
    static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight,
            Reduction reduction) {
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new IllegalArgumentException("Target size (" + Shapes.format(target.shape())
                    + ") must be the same as input size (" + Shapes.format(input.shape()) + ")");
        }
        Tensor softplusNeg = input.neg().softplus();
        Tensor logWeight = posWeight == null ? null : posWeight.sub(1.0).mul(target).add(1.0);
        Tensor loss = target.rsub(1.0).mul(input).add(logWeight == null ? softplusNeg : logWeight.mul(softplusNeg));
        if (weight != null) {
            loss = loss.mul(weight);
        }
        return reduction.apply(loss);
    }
}
