package org.vectorgrad.autograd;

import org.vectorgrad.autograd.ops.Pointwise;
import org.vectorgrad.autograd.ops.Selection;
import org.vectorgrad.engine.UnaryOp;

/** Unary math, activations and selection ops of {@link Tensor}. */
public interface TensorFunctions {
    /** This tensor. */
    Tensor self();

    private Tensor unary(UnaryOp op) {
        return Pointwise.of(op).apply(self());
    }

    default Tensor exp() {
        return unary(UnaryOp.EXP);
    }

    default Tensor log() {
        return unary(UnaryOp.LOG);
    }

    default Tensor log1p() {
        return unary(UnaryOp.LOG1P);
    }

    default Tensor expm1() {
        return unary(UnaryOp.EXPM1);
    }

    default Tensor sqrt() {
        return unary(UnaryOp.SQRT);
    }

    default Tensor rsqrt() {
        return unary(UnaryOp.RSQRT);
    }

    default Tensor reciprocal() {
        return unary(UnaryOp.RECIPROCAL);
    }

    default Tensor square() {
        return unary(UnaryOp.SQUARE);
    }

    default Tensor sin() {
        return unary(UnaryOp.SIN);
    }

    default Tensor cos() {
        return unary(UnaryOp.COS);
    }

    default Tensor tanh() {
        return unary(UnaryOp.TANH);
    }

    default Tensor sigmoid() {
        return unary(UnaryOp.SIGMOID);
    }

    default Tensor relu() {
        return unary(UnaryOp.RELU);
    }

    /** GELU, exact (erf) form. */
    default Tensor gelu() {
        return unary(UnaryOp.GELU);
    }

    /** GELU, {@code approximate='tanh'} form. */
    default Tensor geluTanh() {
        return unary(UnaryOp.GELU_TANH);
    }

    default Tensor silu() {
        return unary(UnaryOp.SILU);
    }

    default Tensor softplus() {
        return unary(UnaryOp.SOFTPLUS);
    }

    default Tensor erf() {
        return unary(UnaryOp.ERF);
    }

    default Tensor abs() {
        return unary(UnaryOp.ABS);
    }

    default Tensor sign() {
        return unary(UnaryOp.SIGN);
    }

    default Tensor floor() {
        return unary(UnaryOp.FLOOR);
    }

    default Tensor ceil() {
        return unary(UnaryOp.CEIL);
    }

    default Tensor round() {
        return unary(UnaryOp.ROUND);
    }

    default Tensor leakyRelu(double negativeSlope) {
        return new Pointwise.LeakyRelu(negativeSlope).apply(self());
    }

    /** Clamps into {@code [min, max]}; either bound may be null. */
    default Tensor clamp(Double min, Double max) {
        return new Pointwise.Clamp(min, max).apply(self());
    }

    default Tensor clamp(double min, double max) {
        return clamp(Double.valueOf(min), Double.valueOf(max));
    }

    /** This tensor where {@code condition} holds, else {@code other} (PyTorch's {@code Tensor.where}). */
    default Tensor where(Tensor condition, Tensor other) {
        return new Selection.Where().apply(condition, self(), other);
    }

    default Tensor where(Tensor condition, double other) {
        return where(condition, Tensor.scalar(self().dtype(), other));
    }

    /** Replaces elements where {@code mask} is true with {@code value}. */
    default Tensor maskedFill(Tensor mask, double value) {
        return new Selection.MaskedFill(value).apply(self(), mask);
    }

    default Tensor maximum(Tensor other) {
        return new Selection.Extremum(true).apply(self(), other);
    }

    default Tensor minimum(Tensor other) {
        return new Selection.Extremum(false).apply(self(), other);
    }

    default Tensor logicalNot() {
        return Tensor.wrap(org.vectorgrad.engine.Unary.apply(UnaryOp.LOGICAL_NOT, self().ndarray()));
    }

    /** Zeroes elements with probability p and scales the rest by 1/(1-p) when {@code training}. */
    default Tensor dropout(double p, boolean training, org.vectorgrad.engine.Generator generator) {
        if (!training || p == 0) {
            return self();
        }
        if (p < 0 || p > 1) {
            throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + p);
        }
        if (p == 1) {
            return self().mul(0.0);
        }
        Tensor keep = Tensor.rand(generator, self().dtype(), self().shape()).ge(p).to(self().dtype());
        return self().mul(keep.div(1 - p));
    }
}
