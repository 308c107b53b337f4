package org.vectorgrad.engine;

import java.util.function.DoubleUnaryOperator;
import java.util.function.LongUnaryOperator;
import org.vectorgrad.engine.kernel.ActivationF32;
import org.vectorgrad.engine.kernel.ActivationF64;
import org.vectorgrad.engine.kernel.Erf;
import org.vectorgrad.engine.kernel.ErfF32;
import org.vectorgrad.engine.kernel.ErfF64;
import org.vectorgrad.engine.kernel.UnaryF32;
import org.vectorgrad.engine.kernel.UnaryF64;
import org.vectorgrad.engine.kernel.UnaryRow;

/**
 * The elementwise unary ops. Each has a scalar definition on doubles (the twin every SIMD row is tested against;
 * a float32 op is this definition rounded to float), an integer definition where integer inputs keep their type,
 * and SIMD rows for float32 and float64. Parameterised ops take two parameters {@code p, q}, documented per op
 * and defaulted as PyTorch defaults them.
 */
public enum UnaryOp {
    NEG("neg", Kind.KEEP, s(x -> -x), l(x -> -x), UnaryF32::neg, UnaryF64::neg),
    ABS("abs", Kind.KEEP, s(Math::abs), l(Math::abs), UnaryF32::abs, UnaryF64::abs),
    /** 1, 0 or -1; NaN gives 0, as PyTorch's sign does. */
    SIGN("sign", Kind.KEEP, s(x -> x > 0 ? 1 : x < 0 ? -1 : 0), l(Long::signum), UnaryF32::sign, UnaryF64::sign),
    SQUARE("square", Kind.KEEP, s(x -> x * x), l(x -> x * x), UnaryF32::square, UnaryF64::square),
    RECIPROCAL("reciprocal", Kind.FLOAT, s(x -> 1 / x), null, UnaryF32::reciprocal, UnaryF64::reciprocal),
    SQRT("sqrt", Kind.FLOAT, s(Math::sqrt), null, UnaryF32::sqrt, UnaryF64::sqrt),
    RSQRT("rsqrt", Kind.FLOAT, s(x -> 1 / Math.sqrt(x)), null, UnaryF32::rsqrt, UnaryF64::rsqrt),
    EXP("exp", Kind.FLOAT, s(Math::exp), null, UnaryF32::exp, UnaryF64::exp),
    LOG("log", Kind.FLOAT, s(Math::log), null, UnaryF32::log, UnaryF64::log),
    LOG1P("log1p", Kind.FLOAT, s(Math::log1p), null, UnaryF32::log1p, UnaryF64::log1p),
    EXPM1("expm1", Kind.FLOAT, s(Math::expm1), null, UnaryF32::expm1, UnaryF64::expm1),
    SIN("sin", Kind.FLOAT, s(Math::sin), null, UnaryF32::sin, UnaryF64::sin),
    COS("cos", Kind.FLOAT, s(Math::cos), null, UnaryF32::cos, UnaryF64::cos),
    TANH("tanh", Kind.FLOAT, s(Math::tanh), null, UnaryF32::tanh, UnaryF64::tanh),
    ERF("erf", Kind.FLOAT, s(Erf::erf), null, ErfF32::erf, ErfF64::erf),
    ERFC("erfc", Kind.FLOAT, s(Erf::erfc), null, ErfF32::erfc, ErfF64::erfc),
    /** Integer inputs are returned unchanged (as a copy). */
    FLOOR("floor", Kind.KEEP, s(Math::floor), l(x -> x), UnaryF32::floor, UnaryF64::floor),
    CEIL("ceil", Kind.KEEP, s(Math::ceil), l(x -> x), UnaryF32::ceil, UnaryF64::ceil),
    /** Round half to even, as {@code torch.round}. */
    ROUND("round", Kind.KEEP, s(Math::rint), l(x -> x), UnaryF32::round, UnaryF64::round),
    SIGMOID("sigmoid", Kind.FLOAT, s(UnaryOp::sigmoid), null, ActivationF32::sigmoid, ActivationF64::sigmoid),
    RELU("relu", Kind.KEEP, s(x -> Math.max(x, 0.0)), l(x -> Math.max(x, 0)), ActivationF32::relu, ActivationF64::relu),
    /** p: the negative slope (default 0.01). */
    LEAKY_RELU("leaky_relu", Kind.FLOAT_ONLY, (x, p, q) -> x > 0 ? x : x * p, null, ActivationF32::leakyRelu,
            ActivationF64::leakyRelu, 0.01, 0),
    /** p: the lower bound, q: the upper bound; an absent bound is infinite. NaN inputs stay NaN. */
    CLAMP("clamp", Kind.KEEP, (x, p, q) -> Math.min(Math.max(x, p), q),
            (x, p, q) -> Math.min(Math.max(x, (long) p), (long) q), ActivationF32::clamp, ActivationF64::clamp,
            Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY),
    SILU("silu", Kind.FLOAT_ONLY, s(x -> x * sigmoid(x)), null, ActivationF32::silu, ActivationF64::silu),
    /** p: beta (default 1), q: threshold (default 20) above which {@code x * beta} is returned as x. */
    SOFTPLUS("softplus", Kind.FLOAT_ONLY, (x, p, q) -> x * p > q ? x : Math.log1p(Math.exp(x * p)) / p, null,
            ActivationF32::softplus, ActivationF64::softplus, 1, 20),
    /** GELU, {@code approximate='none'}: {@code x * Phi(x)} with the normal CDF Phi. */
    GELU("gelu", Kind.FLOAT_ONLY, s(x -> x * Erf.normalCdf(x)), null, ErfF32::gelu, ErfF64::gelu),
    /** GELU, {@code approximate='tanh'}: {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}. */
    GELU_TANH("gelu", Kind.FLOAT_ONLY, s(UnaryOp::geluTanh), null, ActivationF32::geluTanh, ActivationF64::geluTanh),
    /** True where the input is zero; the result is bool. */
    LOGICAL_NOT("logical_not", Kind.TO_BOOL, s(x -> x == 0 ? 1 : 0), l(x -> x == 0 ? 1 : 0), null, null);

    /** How the compute and result dtypes follow from the input dtype. */
    public enum Kind {
        /** Integer inputs keep their type (computed by the integer definition). */
        KEEP,
        /** Integer and bool inputs are computed in float32, as PyTorch's unary float ops. */
        FLOAT,
        /** Only floating inputs are accepted (activation functions). */
        FLOAT_ONLY,
        /** Any input; the result is bool. */
        TO_BOOL
    }

    /** The scalar definition with the op's parameters. */
    @FunctionalInterface
    interface Scalar {
        double apply(double x, double p, double q);
    }

    /** The integer definition with the op's parameters. */
    @FunctionalInterface
    interface Integral {
        long apply(long x, double p, double q);
    }

    private final String opName;
    private final Kind kind;
    private final Scalar scalar;
    private final Integral integer;
    private final UnaryRow f32;
    private final UnaryRow f64;
    private final double defaultP;
    private final double defaultQ;

    UnaryOp(String opName, Kind kind, Scalar scalar, Integral integer, UnaryRow f32, UnaryRow f64) {
        this(opName, kind, scalar, integer, f32, f64, 0, 0);
    }

    UnaryOp(String opName, Kind kind, Scalar scalar, Integral integer, UnaryRow f32, UnaryRow f64, double defaultP,
            double defaultQ) {
        this.opName = opName;
        this.kind = kind;
        this.scalar = scalar;
        this.integer = integer;
        this.f32 = f32;
        this.f64 = f64;
        this.defaultP = defaultP;
        this.defaultQ = defaultQ;
    }

    private static Scalar s(DoubleUnaryOperator f) {
        return (x, p, q) -> f.applyAsDouble(x);
    }

    private static Integral l(LongUnaryOperator f) {
        return (x, p, q) -> f.applyAsLong(x);
    }

    /** {@code 1 / (1 + exp(-x))}, as {@code exp(x) / (1 + exp(x))} for negative x so tiny results do not flush to 0. */
    private static double sigmoid(double x) {
        double e = Math.exp(-Math.abs(x));
        return (x < 0 ? e : 1) / (1 + e);
    }

    private static double geluTanh(double x) {
        double u = 0.7978845608028654 * (x + 0.044715 * x * x * x);
        // 0.5 (1 + tanh(u)) = sigmoid(2u), which does not cancel for negative u
        return x * sigmoid(2 * u);
    }

    /** PyTorch's name of the op, used in error messages. */
    public String opName() {
        return opName;
    }

    /** How the op's result dtype follows from its input's. */
    public Kind kind() {
        return kind;
    }

    /** The first parameter PyTorch defaults to (e.g. 0.01 for leaky_relu's slope); 0 for ops without one. */
    public double defaultP() {
        return defaultP;
    }

    /** The second parameter PyTorch defaults to (e.g. 20 for softplus's threshold); 0 for ops without one. */
    public double defaultQ() {
        return defaultQ;
    }

    /** The reference definition on doubles. */
    public double apply(double x, double p, double q) {
        return scalar.apply(x, p, q);
    }

    /** The reference definition with the default parameters. */
    public double apply(double x) {
        return scalar.apply(x, defaultP, defaultQ);
    }

    /** The integer definition, or null where integers compute in float32. */
    Integral integer() {
        return integer;
    }

    /** The SIMD row for {@code type}, or null. */
    UnaryRow simdRow(DType type) {
        return type == DType.FLOAT32 ? f32 : type == DType.FLOAT64 ? f64 : null;
    }

    /** True for ops whose arithmetic costs more than moving the data (split over threads at a smaller size). */
    boolean expensive() {
        return kind == Kind.FLOAT || kind == Kind.FLOAT_ONLY;
    }

    /** The dtype the input is converted to before computing; throws PyTorch's errors for unsupported inputs. */
    DType computeType(DType in, double p, double q) {
        switch (kind) {
            case FLOAT:
                return in.isFloatingPoint() ? in : DType.FLOAT32;
            case FLOAT_ONLY:
                if (!in.isFloatingPoint()) {
                    throw notImplemented(in);
                }
                return in;
            case TO_BOOL:
                return in;
            default:
                break;
        }
        if (in == DType.BOOL) {
            if (this == NEG) {
                throw new IllegalArgumentException("Negation, the `-` operator, on a bool tensor is not supported. "
                        + "If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.");
            }
            if (this == RELU || this == CLAMP) {
                throw notImplemented(in);
            }
            if (this == SQUARE) {
                return DType.INT64;
            }
        }
        if (this == CLAMP && !in.isFloatingPoint() && (fractional(p) || fractional(q))) {
            return DType.FLOAT32;
        }
        return in;
    }

    /** The dtype of the result. */
    DType resultType(DType compute) {
        return kind == Kind.TO_BOOL ? DType.BOOL : compute;
    }

    private IllegalArgumentException notImplemented(DType in) {
        return new IllegalArgumentException("\"" + opName + "\" not implemented for '" + Outputs.typeName(in) + "'");
    }

    /** A bound that makes an integer clamp produce floats: not integral (NaN included) and not an absent bound. */
    private static boolean fractional(double v) {
        return !Double.isInfinite(v) && v != Math.rint(v);
    }
}
