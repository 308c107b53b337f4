package org.vectorgrad.engine;

/**
 * Elementwise unary ops (PyTorch semantics): out-of-place ({@code exp}), in-place ({@code exp_}) and output-buffer
 * ({@link #into}) forms. Out-of-place forms never modify their input; in-place forms modify only their argument
 * and bump its version once.
 *
 * <p>Types follow PyTorch: the math functions of an integer or bool input compute in float32 ({@code exp} of an
 * int64 array is float32); {@code neg, abs, sign, square, relu, clamp, floor, ceil, round} keep integer types;
 * activation functions ({@code gelu, silu, softplus, leakyRelu}) accept only floating inputs; {@code logicalNot}
 * gives bool. Contiguous float32/float64 rows run SIMD kernels; other layouts and dtypes run the scalar definition
 * of {@link UnaryOp}, which is also the reference the SIMD rows are tested against. Large ops are split over the
 * {@link Parallel} pool.
 */
public final class Unary {
    private Unary() {
    }

    /** {@code op(a)} with the op's default parameters, into a new array. */
    public static NDArray apply(UnaryOp op, NDArray a) {
        return apply(op, a, op.defaultP(), op.defaultQ());
    }

    /** {@code op(a; p, q)} into a new array; {@link UnaryOp} documents each op's parameters. */
    public static NDArray apply(UnaryOp op, NDArray a, double p, double q) {
        return UnaryKernel.compute(op, a, p, q, true);
    }

    /**
     * Writes {@code op(a)} (default parameters) into {@code out}, which may be {@code a} itself; returns out.
     * a must broadcast to out's shape, the result type must be castable to out's dtype (PyTorch's rules: no
     * floating result into an integer output) and out must not be an expanded view. Only out is modified.
     */
    public static NDArray into(UnaryOp op, NDArray a, NDArray out) {
        return into(op, a, out, op.defaultP(), op.defaultQ());
    }

    /** Writes {@code op(a; p, q)} into {@code out}; see {@link #into(UnaryOp, NDArray, NDArray)}. */
    public static NDArray into(UnaryOp op, NDArray a, NDArray out, double p, double q) {
        UnaryKernel.into(op, a, out, p, q);
        return out;
    }

    /** In place: {@code a = op(a)} with the default parameters. Modifies and returns a. */
    public static NDArray inPlace(UnaryOp op, NDArray a) {
        return into(op, a, a);
    }

    /** In place: {@code a = op(a; p, q)}. Modifies and returns a. */
    public static NDArray inPlace(UnaryOp op, NDArray a, double p, double q) {
        return into(op, a, a, p, q);
    }

    /** The scalar-twin path: the result of {@link #apply(UnaryOp, NDArray, double, double)} without SIMD. For tests. */
    static NDArray reference(UnaryOp op, NDArray a, double p, double q) {
        return UnaryKernel.compute(op, a, p, q, false);
    }

    /** Elementwise {@code -a}; a new array (integer inputs: see {@link UnaryOp#NEG}). */
    public static NDArray neg(NDArray a) {
        return apply(UnaryOp.NEG, a);
    }

    /** In place: {@code a = neg(a)}. Modifies a, bumps its version once; returns a. */
    public static NDArray neg_(NDArray a) {
        return inPlace(UnaryOp.NEG, a);
    }

    /** Elementwise {@code |a|}; a new array (integer inputs: see {@link UnaryOp#ABS}). */
    public static NDArray abs(NDArray a) {
        return apply(UnaryOp.ABS, a);
    }

    /** In place: {@code a = abs(a)}. Modifies a, bumps its version once; returns a. */
    public static NDArray abs_(NDArray a) {
        return inPlace(UnaryOp.ABS, a);
    }

    /** Elementwise the sign of a: 1, 0 or -1 (NaN gives 0, as in PyTorch); a new array (integer inputs: see {@link UnaryOp#SIGN}). */
    public static NDArray sign(NDArray a) {
        return apply(UnaryOp.SIGN, a);
    }

    /** In place: {@code a = sign(a)}. Modifies a, bumps its version once; returns a. */
    public static NDArray sign_(NDArray a) {
        return inPlace(UnaryOp.SIGN, a);
    }

    /** Elementwise {@code a * a}; a new array (integer inputs: see {@link UnaryOp#SQUARE}). */
    public static NDArray square(NDArray a) {
        return apply(UnaryOp.SQUARE, a);
    }

    /** In place: {@code a = square(a)}. Modifies a, bumps its version once; returns a. */
    public static NDArray square_(NDArray a) {
        return inPlace(UnaryOp.SQUARE, a);
    }

    /** Elementwise {@code 1 / a}; a new array (integer inputs: see {@link UnaryOp#RECIPROCAL}). */
    public static NDArray reciprocal(NDArray a) {
        return apply(UnaryOp.RECIPROCAL, a);
    }

    /** In place: {@code a = reciprocal(a)}. Modifies a, bumps its version once; returns a. */
    public static NDArray reciprocal_(NDArray a) {
        return inPlace(UnaryOp.RECIPROCAL, a);
    }

    /** Elementwise the square root; a new array (integer inputs: see {@link UnaryOp#SQRT}). */
    public static NDArray sqrt(NDArray a) {
        return apply(UnaryOp.SQRT, a);
    }

    /** In place: {@code a = sqrt(a)}. Modifies a, bumps its version once; returns a. */
    public static NDArray sqrt_(NDArray a) {
        return inPlace(UnaryOp.SQRT, a);
    }

    /** Elementwise {@code 1 / sqrt(a)}; a new array (integer inputs: see {@link UnaryOp#RSQRT}). */
    public static NDArray rsqrt(NDArray a) {
        return apply(UnaryOp.RSQRT, a);
    }

    /** In place: {@code a = rsqrt(a)}. Modifies a, bumps its version once; returns a. */
    public static NDArray rsqrt_(NDArray a) {
        return inPlace(UnaryOp.RSQRT, a);
    }

    /** Elementwise {@code e^a}; a new array (integer inputs: see {@link UnaryOp#EXP}). */
    public static NDArray exp(NDArray a) {
        return apply(UnaryOp.EXP, a);
    }

    /** In place: {@code a = exp(a)}. Modifies a, bumps its version once; returns a. */
    public static NDArray exp_(NDArray a) {
        return inPlace(UnaryOp.EXP, a);
    }

    /** Elementwise the natural logarithm; a new array (integer inputs: see {@link UnaryOp#LOG}). */
    public static NDArray log(NDArray a) {
        return apply(UnaryOp.LOG, a);
    }

    /** In place: {@code a = log(a)}. Modifies a, bumps its version once; returns a. */
    public static NDArray log_(NDArray a) {
        return inPlace(UnaryOp.LOG, a);
    }

    /** Elementwise {@code log(1 + a)}, accurate for small a; a new array (integer inputs: see {@link UnaryOp#LOG1P}). */
    public static NDArray log1p(NDArray a) {
        return apply(UnaryOp.LOG1P, a);
    }

    /** In place: {@code a = log1p(a)}. Modifies a, bumps its version once; returns a. */
    public static NDArray log1p_(NDArray a) {
        return inPlace(UnaryOp.LOG1P, a);
    }

    /** Elementwise {@code exp(a) - 1}, accurate for small a; a new array (integer inputs: see {@link UnaryOp#EXPM1}). */
    public static NDArray expm1(NDArray a) {
        return apply(UnaryOp.EXPM1, a);
    }

    /** In place: {@code a = expm1(a)}. Modifies a, bumps its version once; returns a. */
    public static NDArray expm1_(NDArray a) {
        return inPlace(UnaryOp.EXPM1, a);
    }

    /** Elementwise the sine; a new array (integer inputs: see {@link UnaryOp#SIN}). */
    public static NDArray sin(NDArray a) {
        return apply(UnaryOp.SIN, a);
    }

    /** In place: {@code a = sin(a)}. Modifies a, bumps its version once; returns a. */
    public static NDArray sin_(NDArray a) {
        return inPlace(UnaryOp.SIN, a);
    }

    /** Elementwise the cosine; a new array (integer inputs: see {@link UnaryOp#COS}). */
    public static NDArray cos(NDArray a) {
        return apply(UnaryOp.COS, a);
    }

    /** In place: {@code a = cos(a)}. Modifies a, bumps its version once; returns a. */
    public static NDArray cos_(NDArray a) {
        return inPlace(UnaryOp.COS, a);
    }

    /** Elementwise the hyperbolic tangent; a new array (integer inputs: see {@link UnaryOp#TANH}). */
    public static NDArray tanh(NDArray a) {
        return apply(UnaryOp.TANH, a);
    }

    /** In place: {@code a = tanh(a)}. Modifies a, bumps its version once; returns a. */
    public static NDArray tanh_(NDArray a) {
        return inPlace(UnaryOp.TANH, a);
    }

    /** Elementwise the error function; a new array (integer inputs: see {@link UnaryOp#ERF}). */
    public static NDArray erf(NDArray a) {
        return apply(UnaryOp.ERF, a);
    }

    /** In place: {@code a = erf(a)}. Modifies a, bumps its version once; returns a. */
    public static NDArray erf_(NDArray a) {
        return inPlace(UnaryOp.ERF, a);
    }

    /** Elementwise the complementary error function {@code 1 - erf(a)}; a new array (integer inputs: see {@link UnaryOp#ERFC}). */
    public static NDArray erfc(NDArray a) {
        return apply(UnaryOp.ERFC, a);
    }

    /** In place: {@code a = erfc(a)}. Modifies a, bumps its version once; returns a. */
    public static NDArray erfc_(NDArray a) {
        return inPlace(UnaryOp.ERFC, a);
    }

    /** Elementwise the largest integer value not above a (integers unchanged); a new array (integer inputs: see {@link UnaryOp#FLOOR}). */
    public static NDArray floor(NDArray a) {
        return apply(UnaryOp.FLOOR, a);
    }

    /** In place: {@code a = floor(a)}. Modifies a, bumps its version once; returns a. */
    public static NDArray floor_(NDArray a) {
        return inPlace(UnaryOp.FLOOR, a);
    }

    /** Elementwise the smallest integer value not below a (integers unchanged); a new array (integer inputs: see {@link UnaryOp#CEIL}). */
    public static NDArray ceil(NDArray a) {
        return apply(UnaryOp.CEIL, a);
    }

    /** In place: {@code a = ceil(a)}. Modifies a, bumps its version once; returns a. */
    public static NDArray ceil_(NDArray a) {
        return inPlace(UnaryOp.CEIL, a);
    }

    /** Elementwise the nearest integer value, ties to even as {@code torch.round} ({@code round(2.5) = 2}); a new array (integer inputs: see {@link UnaryOp#ROUND}). */
    public static NDArray round(NDArray a) {
        return apply(UnaryOp.ROUND, a);
    }

    /** In place: {@code a = round(a)}. Modifies a, bumps its version once; returns a. */
    public static NDArray round_(NDArray a) {
        return inPlace(UnaryOp.ROUND, a);
    }

    /** Elementwise the logistic sigmoid {@code 1 / (1 + exp(-a))}; a new array (integer inputs: see {@link UnaryOp#SIGMOID}). */
    public static NDArray sigmoid(NDArray a) {
        return apply(UnaryOp.SIGMOID, a);
    }

    /** In place: {@code a = sigmoid(a)}. Modifies a, bumps its version once; returns a. */
    public static NDArray sigmoid_(NDArray a) {
        return inPlace(UnaryOp.SIGMOID, a);
    }

    /** Elementwise {@code max(a, 0)} (NaN stays NaN; integers keep their type); a new array (integer inputs: see {@link UnaryOp#RELU}). */
    public static NDArray relu(NDArray a) {
        return apply(UnaryOp.RELU, a);
    }

    /** In place: {@code a = relu(a)}. Modifies a, bumps its version once; returns a. */
    public static NDArray relu_(NDArray a) {
        return inPlace(UnaryOp.RELU, a);
    }

    /** Elementwise SiLU (swish) {@code a * sigmoid(a)}; a new array (integer inputs: see {@link UnaryOp#SILU}). */
    public static NDArray silu(NDArray a) {
        return apply(UnaryOp.SILU, a);
    }

    /** In place: {@code a = silu(a)}. Modifies a, bumps its version once; returns a. */
    public static NDArray silu_(NDArray a) {
        return inPlace(UnaryOp.SILU, a);
    }

    /** Elementwise {@code a == 0} as a bool array; a new array (integer inputs: see {@link UnaryOp#LOGICAL_NOT}). */
    public static NDArray logicalNot(NDArray a) {
        return apply(UnaryOp.LOGICAL_NOT, a);
    }

    /** In place: {@code a = logicalNot(a)}. Modifies a, bumps its version once; returns a. */
    public static NDArray logicalNot_(NDArray a) {
        return inPlace(UnaryOp.LOGICAL_NOT, a);
    }


    // ---- parameterised activations ----

    /** GELU with the exact erf form ({@code approximate='none'}): {@code a * Phi(a)}. Floating inputs only. */
    public static NDArray gelu(NDArray a) {
        return apply(UnaryOp.GELU, a);
    }

    /**
     * GELU as {@code torch.nn.functional.gelu(a, approximate=...)}: {@code "none"} for the exact erf form,
     * {@code "tanh"} for {@code 0.5 a (1 + tanh(sqrt(2/pi) (a + 0.044715 a^3)))}.
     */
    public static NDArray gelu(NDArray a, String approximate) {
        return apply(geluOp(approximate), a);
    }

    /** The op for gelu's {@code approximate} argument, or PyTorch's error. */
    public static UnaryOp geluOp(String approximate) {
        return switch (approximate) {
            case "none" -> UnaryOp.GELU;
            case "tanh" -> UnaryOp.GELU_TANH;
            default -> throw new IllegalArgumentException("approximate argument must be either none or tanh.");
        };
    }

    /** Leaky ReLU with PyTorch's default negative slope 0.01. */
    public static NDArray leakyRelu(NDArray a) {
        return apply(UnaryOp.LEAKY_RELU, a);
    }

    /** Leaky ReLU: {@code a > 0 ? a : a * negativeSlope}. Floating inputs only. */
    public static NDArray leakyRelu(NDArray a, double negativeSlope) {
        return apply(UnaryOp.LEAKY_RELU, a, negativeSlope, 0);
    }

    /** In place leaky ReLU. Modifies and returns a. */
    public static NDArray leakyRelu_(NDArray a, double negativeSlope) {
        return inPlace(UnaryOp.LEAKY_RELU, a, negativeSlope, 0);
    }

    /** Softplus with PyTorch's defaults beta=1, threshold=20. */
    public static NDArray softplus(NDArray a) {
        return apply(UnaryOp.SOFTPLUS, a);
    }

    /** Softplus: {@code log(1 + exp(beta a)) / beta}, or {@code a} where {@code beta a > threshold}. */
    public static NDArray softplus(NDArray a, double beta, double threshold) {
        return apply(UnaryOp.SOFTPLUS, a, beta, threshold);
    }

    // ---- clamp ----

    /**
     * {@code torch.clamp}: {@code min(max(a, min), max)}; either bound may be null (absent), not both. If
     * {@code min > max} every element becomes max. NaN elements stay NaN. An integer array with a fractional
     * bound gives float32, as PyTorch's type promotion does.
     */
    public static NDArray clamp(NDArray a, Double min, Double max) {
        return apply(UnaryOp.CLAMP, a, lower(min, max), upper(max));
    }

    /** In place {@link #clamp(NDArray, Double, Double)}. Modifies and returns a. */
    public static NDArray clamp_(NDArray a, Double min, Double max) {
        return inPlace(UnaryOp.CLAMP, a, lower(min, max), upper(max));
    }

    /** {@code clamp(a, min, null)}. */
    public static NDArray clampMin(NDArray a, double min) {
        return clamp(a, min, null);
    }

    /** {@code clamp(a, null, max)}. */
    public static NDArray clampMax(NDArray a, double max) {
        return clamp(a, null, max);
    }

    /** In place {@code clamp(a, min, null)}. Modifies and returns a. */
    public static NDArray clampMin_(NDArray a, double min) {
        return clamp_(a, min, null);
    }

    /** In place {@code clamp(a, null, max)}. Modifies and returns a. */
    public static NDArray clampMax_(NDArray a, double max) {
        return clamp_(a, null, max);
    }

    private static double lower(Double min, Double max) {
        if (min == null && max == null) {
            throw new IllegalArgumentException("torch.clamp: At least one of 'min' or 'max' must not be None");
        }
        return min == null ? Double.NEGATIVE_INFINITY : min;
    }

    private static double upper(Double max) {
        return max == null ? Double.POSITIVE_INFINITY : max;
    }
}
