package org.vectorgrad.autograd;

import org.vectorgrad.autograd.ops.Arithmetic;
import org.vectorgrad.engine.Binary;
import org.vectorgrad.engine.BinaryOp;

/**
 * Arithmetic and comparison ops of {@link Tensor}, with PyTorch's broadcasting and type promotion. Java scalars
 * work wherever PyTorch takes a Python number and do not widen a float32 tensor.
 */
public interface TensorMath {
    /** This tensor. */
    Tensor self();

    default Tensor add(Tensor other) {
        return new Arithmetic.Add().apply(self(), other);
    }

    default Tensor add(double other) {
        return new Arithmetic.AddScalar(other).apply(self());
    }

    default Tensor sub(Tensor other) {
        return new Arithmetic.Sub().apply(self(), other);
    }

    default Tensor sub(double other) {
        return new Arithmetic.AddScalar(-other).apply(self());
    }

    /** {@code scalar - this}. */
    default Tensor rsub(double scalar) {
        return new Arithmetic.RSub(scalar).apply(self());
    }

    default Tensor mul(Tensor other) {
        return new Arithmetic.Mul().apply(self(), other);
    }

    default Tensor mul(double other) {
        return new Arithmetic.MulScalar(other).apply(self());
    }

    /** True division (integer tensors give float32). */
    default Tensor div(Tensor other) {
        return new Arithmetic.Div().apply(self(), other);
    }

    default Tensor div(double other) {
        return new Arithmetic.DivScalar(other).apply(self());
    }

    default Tensor neg() {
        return new Arithmetic.Neg().apply(self());
    }

    /** {@code this ^ exponent} elementwise ({@code PowBackward1}). */
    default Tensor pow(Tensor exponent) {
        return new Arithmetic.Pow().apply(self(), exponent);
    }

    /** {@code this ^ exponent} ({@code PowBackward0}). */
    default Tensor pow(double exponent) {
        return new Arithmetic.PowScalar(exponent).apply(self());
    }

    /** {@code base ^ this}. */
    default Tensor rpow(double base) {
        return new Arithmetic.RPow(base).apply(self());
    }

    // ---- comparisons and logic: never differentiable, give bool tensors ----

    private Tensor compare(BinaryOp op, Tensor other) {
        return Tensor.wrap(Binary.apply(op, self().ndarray(), other.ndarray()));
    }

    private Tensor compare(BinaryOp op, double other) {
        return Tensor.wrap(Binary.apply(op, self().ndarray(), other));
    }

    default Tensor eq(Tensor other) {
        return compare(BinaryOp.EQ, other);
    }

    default Tensor eq(double other) {
        return compare(BinaryOp.EQ, other);
    }

    default Tensor ne(Tensor other) {
        return compare(BinaryOp.NE, other);
    }

    default Tensor ne(double other) {
        return compare(BinaryOp.NE, other);
    }

    default Tensor lt(Tensor other) {
        return compare(BinaryOp.LT, other);
    }

    default Tensor lt(double other) {
        return compare(BinaryOp.LT, other);
    }

    default Tensor le(Tensor other) {
        return compare(BinaryOp.LE, other);
    }

    default Tensor le(double other) {
        return compare(BinaryOp.LE, other);
    }

    default Tensor gt(Tensor other) {
        return compare(BinaryOp.GT, other);
    }

    default Tensor gt(double other) {
        return compare(BinaryOp.GT, other);
    }

    default Tensor ge(Tensor other) {
        return compare(BinaryOp.GE, other);
    }

    default Tensor ge(double other) {
        return compare(BinaryOp.GE, other);
    }

    default Tensor logicalAnd(Tensor other) {
        return compare(BinaryOp.LOGICAL_AND, other);
    }

    default Tensor logicalOr(Tensor other) {
        return compare(BinaryOp.LOGICAL_OR, other);
    }

    /** Python's {@code %} (sign of the divisor); differentiable in the dividend like PyTorch (gradient 1). */
    default Tensor remainder(double other) {
        return Tensor.wrap(Binary.apply(BinaryOp.REMAINDER, self().ndarray(), other));
    }

    // ---- in place: modify this tensor's storage and bump its version ----

    /** {@code this += other} in place. Throws for a leaf that requires grad while grad mode is on. */
    default Tensor add_(Tensor other) {
        return InPlace.binary(self(), other, BinaryOp.ADD, Tensor::add);
    }

    default Tensor add_(double other) {
        return InPlace.scalar(self(), other, BinaryOp.ADD, Tensor::add);
    }

    default Tensor sub_(Tensor other) {
        return InPlace.binary(self(), other, BinaryOp.SUB, Tensor::sub);
    }

    default Tensor sub_(double other) {
        return InPlace.scalar(self(), other, BinaryOp.SUB, Tensor::sub);
    }

    default Tensor mul_(Tensor other) {
        return InPlace.binary(self(), other, BinaryOp.MUL, Tensor::mul);
    }

    default Tensor mul_(double other) {
        return InPlace.scalar(self(), other, BinaryOp.MUL, Tensor::mul);
    }

    default Tensor div_(Tensor other) {
        return InPlace.binary(self(), other, BinaryOp.DIV, Tensor::div);
    }

    default Tensor div_(double other) {
        return InPlace.scalar(self(), other, BinaryOp.DIV, Tensor::div);
    }
}
