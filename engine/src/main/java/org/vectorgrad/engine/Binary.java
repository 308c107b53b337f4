package org.vectorgrad.engine;

/**
 * Elementwise binary ops with broadcasting and PyTorch's type promotion: out-of-place ({@code add}),
 * in-place ({@code add_}) and output-buffer ({@link #into}) forms, each taking an array or a Java scalar.
 *
 * <p>Contiguous float32/float64 rows of the arithmetic and comparison ops run SIMD kernels; every other layout and
 * dtype runs the scalar definition of {@link BinaryOp}, which is also the reference the SIMD rows are tested
 * against.
 * Large ops are split over the {@link Parallel} pool; results do not depend on the number of threads.
 * Out-of-place forms never modify their inputs; in-place forms modify only their first argument.
 */
public final class Binary {
    private Binary() {
    }

    /** {@code op(a, b)} into a new array of the broadcast shape and promoted dtype. */
    public static NDArray apply(BinaryOp op, NDArray a, NDArray b) {
        return BinaryKernel.compute(op, a, b, true);
    }

    /** {@code op(a, scalar)}: the scalar does not widen a's dtype within its category. */
    public static NDArray apply(BinaryOp op, NDArray a, double scalar) {
        return apply(op, a, BinaryKernel.scalarLike(a.dtype(), scalar));
    }

    /** {@code op(scalar, a)}, e.g. {@code 1 - a}. */
    public static NDArray apply(BinaryOp op, double scalar, NDArray a) {
        return apply(op, BinaryKernel.scalarLike(a.dtype(), scalar), a);
    }

    /**
     * Writes {@code op(a, b)} into {@code out} (which may be {@code a} itself for in-place) and returns out.
     * out must have the broadcast shape, a dtype the result can be cast to (PyTorch's rules: no floating result
     * into an integer output), and no expanded dimensions. Only out is modified; its version is bumped once.
     */
    public static NDArray into(BinaryOp op, NDArray a, NDArray b, NDArray out) {
        BinaryKernel.into(op, a, b, out);
        return out;
    }

    /** Writes {@code op(a, scalar)} into {@code out}, as {@link #into(BinaryOp, NDArray, NDArray, NDArray)}. */
    public static NDArray into(BinaryOp op, NDArray a, double scalar, NDArray out) {
        return into(op, a, BinaryKernel.scalarLike(a.dtype(), scalar), out);
    }

    /** In place: {@code a = op(a, b)}; b must broadcast to a's shape. Modifies and returns a. */
    public static NDArray inPlace(BinaryOp op, NDArray a, NDArray b) {
        return into(op, a, b, a);
    }

    /** In place: {@code a = op(a, scalar)}. Modifies and returns a. */
    public static NDArray inPlace(BinaryOp op, NDArray a, double scalar) {
        return into(op, a, BinaryKernel.scalarLike(a.dtype(), scalar), a);
    }

    /** The scalar-twin path: same result as {@link #apply(BinaryOp, NDArray, NDArray)}, no SIMD. For tests. */
    static NDArray reference(BinaryOp op, NDArray a, NDArray b) {
        return BinaryKernel.compute(op, a, b, false);
    }

    /** Elementwise {@code a + b}, broadcasting and promoting; a new array. */
    public static NDArray add(NDArray a, NDArray b) {
        return apply(BinaryOp.ADD, a, b);
    }

    /** Elementwise {@code a + b} with a scalar {@code b} (it does not widen a's dtype within its category). */
    public static NDArray add(NDArray a, double b) {
        return apply(BinaryOp.ADD, a, b);
    }

    /** In place {@code a = add(a, b)}; b must broadcast to a's shape. Modifies a, bumps its version; returns a. */
    public static NDArray add_(NDArray a, NDArray b) {
        return inPlace(BinaryOp.ADD, a, b);
    }

    /** In place {@code a = add(a, b)} with a scalar b. Modifies a, bumps its version; returns a. */
    public static NDArray add_(NDArray a, double b) {
        return inPlace(BinaryOp.ADD, a, b);
    }

    /** Elementwise {@code a - b}, broadcasting and promoting; a new array. */
    public static NDArray sub(NDArray a, NDArray b) {
        return apply(BinaryOp.SUB, a, b);
    }

    /** Elementwise {@code a - b} with a scalar {@code b} (it does not widen a's dtype within its category). */
    public static NDArray sub(NDArray a, double b) {
        return apply(BinaryOp.SUB, a, b);
    }

    /** Elementwise {@code a - b} with a scalar {@code a}, e.g. {@code sub(1, x)}. */
    public static NDArray sub(double a, NDArray b) {
        return apply(BinaryOp.SUB, a, b);
    }

    /** In place {@code a = sub(a, b)}; b must broadcast to a's shape. Modifies a, bumps its version; returns a. */
    public static NDArray sub_(NDArray a, NDArray b) {
        return inPlace(BinaryOp.SUB, a, b);
    }

    /** In place {@code a = sub(a, b)} with a scalar b. Modifies a, bumps its version; returns a. */
    public static NDArray sub_(NDArray a, double b) {
        return inPlace(BinaryOp.SUB, a, b);
    }

    /** Elementwise {@code a * b}, broadcasting and promoting; a new array. */
    public static NDArray mul(NDArray a, NDArray b) {
        return apply(BinaryOp.MUL, a, b);
    }

    /** Elementwise {@code a * b} with a scalar {@code b} (it does not widen a's dtype within its category). */
    public static NDArray mul(NDArray a, double b) {
        return apply(BinaryOp.MUL, a, b);
    }

    /** In place {@code a = mul(a, b)}; b must broadcast to a's shape. Modifies a, bumps its version; returns a. */
    public static NDArray mul_(NDArray a, NDArray b) {
        return inPlace(BinaryOp.MUL, a, b);
    }

    /** In place {@code a = mul(a, b)} with a scalar b. Modifies a, bumps its version; returns a. */
    public static NDArray mul_(NDArray a, double b) {
        return inPlace(BinaryOp.MUL, a, b);
    }

    /** Elementwise {@code a / b}, true division: integer inputs give float32, broadcasting and promoting; a new array. */
    public static NDArray div(NDArray a, NDArray b) {
        return apply(BinaryOp.DIV, a, b);
    }

    /** Elementwise {@code a / b}, true division: integer inputs give float32 with a scalar {@code b} (it does not widen a's dtype within its category). */
    public static NDArray div(NDArray a, double b) {
        return apply(BinaryOp.DIV, a, b);
    }

    /** Elementwise {@code a / b}, true division: integer inputs give float32 with a scalar {@code a}, e.g. {@code div(1, x)}. */
    public static NDArray div(double a, NDArray b) {
        return apply(BinaryOp.DIV, a, b);
    }

    /** In place {@code a = div(a, b)}; b must broadcast to a's shape. Modifies a, bumps its version; returns a. */
    public static NDArray div_(NDArray a, NDArray b) {
        return inPlace(BinaryOp.DIV, a, b);
    }

    /** In place {@code a = div(a, b)} with a scalar b. Modifies a, bumps its version; returns a. */
    public static NDArray div_(NDArray a, double b) {
        return inPlace(BinaryOp.DIV, a, b);
    }

    /** Elementwise {@code a} to the power {@code b} (integers to negative integer powers throw, as in PyTorch), broadcasting and promoting; a new array. */
    public static NDArray pow(NDArray a, NDArray b) {
        return apply(BinaryOp.POW, a, b);
    }

    /** Elementwise {@code a} to the power {@code b} (integers to negative integer powers throw, as in PyTorch) with a scalar {@code b} (it does not widen a's dtype within its category). */
    public static NDArray pow(NDArray a, double b) {
        return apply(BinaryOp.POW, a, b);
    }

    /** Elementwise {@code a} to the power {@code b} (integers to negative integer powers throw, as in PyTorch) with a scalar {@code a}, e.g. {@code pow(1, x)}. */
    public static NDArray pow(double a, NDArray b) {
        return apply(BinaryOp.POW, a, b);
    }

    /** In place {@code a = pow(a, b)}; b must broadcast to a's shape. Modifies a, bumps its version; returns a. */
    public static NDArray pow_(NDArray a, NDArray b) {
        return inPlace(BinaryOp.POW, a, b);
    }

    /** In place {@code a = pow(a, b)} with a scalar b. Modifies a, bumps its version; returns a. */
    public static NDArray pow_(NDArray a, double b) {
        return inPlace(BinaryOp.POW, a, b);
    }

    /** Elementwise larger of {@code a} and {@code b}, NaN if either is NaN ({@code torch.maximum}), broadcasting and promoting; a new array. */
    public static NDArray maximum(NDArray a, NDArray b) {
        return apply(BinaryOp.MAXIMUM, a, b);
    }

    /** Elementwise larger of {@code a} and {@code b}, NaN if either is NaN ({@code torch.maximum}) with a scalar {@code b} (it does not widen a's dtype within its category). */
    public static NDArray maximum(NDArray a, double b) {
        return apply(BinaryOp.MAXIMUM, a, b);
    }

    /** In place {@code a = maximum(a, b)}; b must broadcast to a's shape. Modifies a, bumps its version; returns a. */
    public static NDArray maximum_(NDArray a, NDArray b) {
        return inPlace(BinaryOp.MAXIMUM, a, b);
    }

    /** In place {@code a = maximum(a, b)} with a scalar b. Modifies a, bumps its version; returns a. */
    public static NDArray maximum_(NDArray a, double b) {
        return inPlace(BinaryOp.MAXIMUM, a, b);
    }

    /** Elementwise smaller of {@code a} and {@code b}, NaN if either is NaN ({@code torch.minimum}), broadcasting and promoting; a new array. */
    public static NDArray minimum(NDArray a, NDArray b) {
        return apply(BinaryOp.MINIMUM, a, b);
    }

    /** Elementwise smaller of {@code a} and {@code b}, NaN if either is NaN ({@code torch.minimum}) with a scalar {@code b} (it does not widen a's dtype within its category). */
    public static NDArray minimum(NDArray a, double b) {
        return apply(BinaryOp.MINIMUM, a, b);
    }

    /** In place {@code a = minimum(a, b)}; b must broadcast to a's shape. Modifies a, bumps its version; returns a. */
    public static NDArray minimum_(NDArray a, NDArray b) {
        return inPlace(BinaryOp.MINIMUM, a, b);
    }

    /** In place {@code a = minimum(a, b)} with a scalar b. Modifies a, bumps its version; returns a. */
    public static NDArray minimum_(NDArray a, double b) {
        return inPlace(BinaryOp.MINIMUM, a, b);
    }

    /** Elementwise Python modulus {@code a % b}: the result has the sign of {@code b}, broadcasting and promoting; a new array. */
    public static NDArray remainder(NDArray a, NDArray b) {
        return apply(BinaryOp.REMAINDER, a, b);
    }

    /** Elementwise Python modulus {@code a % b}: the result has the sign of {@code b} with a scalar {@code b} (it does not widen a's dtype within its category). */
    public static NDArray remainder(NDArray a, double b) {
        return apply(BinaryOp.REMAINDER, a, b);
    }

    /** Elementwise Python modulus {@code a % b}: the result has the sign of {@code b} with a scalar {@code a}, e.g. {@code remainder(1, x)}. */
    public static NDArray remainder(double a, NDArray b) {
        return apply(BinaryOp.REMAINDER, a, b);
    }

    /** In place {@code a = remainder(a, b)}; b must broadcast to a's shape. Modifies a, bumps its version; returns a. */
    public static NDArray remainder_(NDArray a, NDArray b) {
        return inPlace(BinaryOp.REMAINDER, a, b);
    }

    /** In place {@code a = remainder(a, b)} with a scalar b. Modifies a, bumps its version; returns a. */
    public static NDArray remainder_(NDArray a, double b) {
        return inPlace(BinaryOp.REMAINDER, a, b);
    }

    /** Elementwise {@code a == b} as a bool array, broadcasting and promoting; a new array. */
    public static NDArray eq(NDArray a, NDArray b) {
        return apply(BinaryOp.EQ, a, b);
    }

    /** Elementwise {@code a == b} as a bool array with a scalar {@code b} (it does not widen a's dtype within its category). */
    public static NDArray eq(NDArray a, double b) {
        return apply(BinaryOp.EQ, a, b);
    }

    /** In place {@code a = eq(a, b)}; b must broadcast to a's shape. Modifies a, bumps its version; returns a. */
    public static NDArray eq_(NDArray a, NDArray b) {
        return inPlace(BinaryOp.EQ, a, b);
    }

    /** In place {@code a = eq(a, b)} with a scalar b. Modifies a, bumps its version; returns a. */
    public static NDArray eq_(NDArray a, double b) {
        return inPlace(BinaryOp.EQ, a, b);
    }

    /** Elementwise {@code a != b} as a bool array, broadcasting and promoting; a new array. */
    public static NDArray ne(NDArray a, NDArray b) {
        return apply(BinaryOp.NE, a, b);
    }

    /** Elementwise {@code a != b} as a bool array with a scalar {@code b} (it does not widen a's dtype within its category). */
    public static NDArray ne(NDArray a, double b) {
        return apply(BinaryOp.NE, a, b);
    }

    /** In place {@code a = ne(a, b)}; b must broadcast to a's shape. Modifies a, bumps its version; returns a. */
    public static NDArray ne_(NDArray a, NDArray b) {
        return inPlace(BinaryOp.NE, a, b);
    }

    /** In place {@code a = ne(a, b)} with a scalar b. Modifies a, bumps its version; returns a. */
    public static NDArray ne_(NDArray a, double b) {
        return inPlace(BinaryOp.NE, a, b);
    }

    /** Elementwise {@code a < b} as a bool array, broadcasting and promoting; a new array. */
    public static NDArray lt(NDArray a, NDArray b) {
        return apply(BinaryOp.LT, a, b);
    }

    /** Elementwise {@code a < b} as a bool array with a scalar {@code b} (it does not widen a's dtype within its category). */
    public static NDArray lt(NDArray a, double b) {
        return apply(BinaryOp.LT, a, b);
    }

    /** In place {@code a = lt(a, b)}; b must broadcast to a's shape. Modifies a, bumps its version; returns a. */
    public static NDArray lt_(NDArray a, NDArray b) {
        return inPlace(BinaryOp.LT, a, b);
    }

    /** In place {@code a = lt(a, b)} with a scalar b. Modifies a, bumps its version; returns a. */
    public static NDArray lt_(NDArray a, double b) {
        return inPlace(BinaryOp.LT, a, b);
    }

    /** Elementwise {@code a <= b} as a bool array, broadcasting and promoting; a new array. */
    public static NDArray le(NDArray a, NDArray b) {
        return apply(BinaryOp.LE, a, b);
    }

    /** Elementwise {@code a <= b} as a bool array with a scalar {@code b} (it does not widen a's dtype within its category). */
    public static NDArray le(NDArray a, double b) {
        return apply(BinaryOp.LE, a, b);
    }

    /** In place {@code a = le(a, b)}; b must broadcast to a's shape. Modifies a, bumps its version; returns a. */
    public static NDArray le_(NDArray a, NDArray b) {
        return inPlace(BinaryOp.LE, a, b);
    }

    /** In place {@code a = le(a, b)} with a scalar b. Modifies a, bumps its version; returns a. */
    public static NDArray le_(NDArray a, double b) {
        return inPlace(BinaryOp.LE, a, b);
    }

    /** Elementwise {@code a > b} as a bool array, broadcasting and promoting; a new array. */
    public static NDArray gt(NDArray a, NDArray b) {
        return apply(BinaryOp.GT, a, b);
    }

    /** Elementwise {@code a > b} as a bool array with a scalar {@code b} (it does not widen a's dtype within its category). */
    public static NDArray gt(NDArray a, double b) {
        return apply(BinaryOp.GT, a, b);
    }

    /** In place {@code a = gt(a, b)}; b must broadcast to a's shape. Modifies a, bumps its version; returns a. */
    public static NDArray gt_(NDArray a, NDArray b) {
        return inPlace(BinaryOp.GT, a, b);
    }

    /** In place {@code a = gt(a, b)} with a scalar b. Modifies a, bumps its version; returns a. */
    public static NDArray gt_(NDArray a, double b) {
        return inPlace(BinaryOp.GT, a, b);
    }

    /** Elementwise {@code a >= b} as a bool array, broadcasting and promoting; a new array. */
    public static NDArray ge(NDArray a, NDArray b) {
        return apply(BinaryOp.GE, a, b);
    }

    /** Elementwise {@code a >= b} as a bool array with a scalar {@code b} (it does not widen a's dtype within its category). */
    public static NDArray ge(NDArray a, double b) {
        return apply(BinaryOp.GE, a, b);
    }

    /** In place {@code a = ge(a, b)}; b must broadcast to a's shape. Modifies a, bumps its version; returns a. */
    public static NDArray ge_(NDArray a, NDArray b) {
        return inPlace(BinaryOp.GE, a, b);
    }

    /** In place {@code a = ge(a, b)} with a scalar b. Modifies a, bumps its version; returns a. */
    public static NDArray ge_(NDArray a, double b) {
        return inPlace(BinaryOp.GE, a, b);
    }

    /** Elementwise {@code a && b} (non-zero is true) as a bool array, broadcasting and promoting; a new array. */
    public static NDArray logicalAnd(NDArray a, NDArray b) {
        return apply(BinaryOp.LOGICAL_AND, a, b);
    }

    /** Elementwise {@code a && b} (non-zero is true) as a bool array with a scalar {@code b} (it does not widen a's dtype within its category). */
    public static NDArray logicalAnd(NDArray a, double b) {
        return apply(BinaryOp.LOGICAL_AND, a, b);
    }

    /** In place {@code a = logicalAnd(a, b)}; b must broadcast to a's shape. Modifies a, bumps its version; returns a. */
    public static NDArray logicalAnd_(NDArray a, NDArray b) {
        return inPlace(BinaryOp.LOGICAL_AND, a, b);
    }

    /** In place {@code a = logicalAnd(a, b)} with a scalar b. Modifies a, bumps its version; returns a. */
    public static NDArray logicalAnd_(NDArray a, double b) {
        return inPlace(BinaryOp.LOGICAL_AND, a, b);
    }

    /** Elementwise {@code a || b} (non-zero is true) as a bool array, broadcasting and promoting; a new array. */
    public static NDArray logicalOr(NDArray a, NDArray b) {
        return apply(BinaryOp.LOGICAL_OR, a, b);
    }

    /** Elementwise {@code a || b} (non-zero is true) as a bool array with a scalar {@code b} (it does not widen a's dtype within its category). */
    public static NDArray logicalOr(NDArray a, double b) {
        return apply(BinaryOp.LOGICAL_OR, a, b);
    }

    /** In place {@code a = logicalOr(a, b)}; b must broadcast to a's shape. Modifies a, bumps its version; returns a. */
    public static NDArray logicalOr_(NDArray a, NDArray b) {
        return inPlace(BinaryOp.LOGICAL_OR, a, b);
    }

    /** In place {@code a = logicalOr(a, b)} with a scalar b. Modifies a, bumps its version; returns a. */
    public static NDArray logicalOr_(NDArray a, double b) {
        return inPlace(BinaryOp.LOGICAL_OR, a, b);
    }
}
