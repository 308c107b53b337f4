package org.vectorgrad.engine;

import java.util.EnumSet;
import java.util.Set;

/**
 * The tolerance of a SIMD row against its scalar twin, in units in the last place of the twin's result.
 *
 * <ul>
 *   <li>0 ulp (bit-exact up to the sign of zero) where the math is exact: neg, abs, sign, square, reciprocal,
 *       sqrt, floor, ceil, round, relu, leaky_relu, clamp, logical_not, and all binary arithmetic;</li>
 *   <li>1 ulp for rsqrt (1 / sqrt rounds twice);</li>
 *   <li>2 ulp for the Vector API's lanewise exp, log, log1p, expm1, sin, cos, tanh (each within 1 ulp of exact,
 *       as is the twin);</li>
 *   <li>4 ulp for sigmoid and silu (an exp, an add and a division); softplus {@code 4 + 2|x|} ulp, since for
 *       beta != 1 the rounding of {@code beta x} is amplified by exp (the tests use beta up to 1.5);</li>
 *   <li>16 ulp for erf, erfc and gelu: the row evaluates Cody's rational approximations in its own precision
 *       (with fused multiply-adds) and the twin in double; each is within about 6 ulp of the exact value
 *       (checked against mpmath), so they can be about 12 apart;</li>
 *   <li>gelu with the tanh approximation: {@code 8 + 4|2u|} ulp with {@code u = sqrt(2/pi)(x + 0.044715 x^3)}:
 *       for negative x the result is {@code x exp(2u) / (1 + exp(2u))}, and exp turns the rounding of u into a
 *       relative error of about {@code |2u|} ulp (inherent to evaluating u in the row's precision).</li>
 * </ul>
 * Differences below the smallest normal number of the type always pass (subnormal results carry no ulp-sized
 * precision), and NaN must meet NaN, infinity the same infinity.
 */
final class UlpTolerance {
    static final Set<UnaryOp> EXACT = EnumSet.of(UnaryOp.NEG, UnaryOp.ABS, UnaryOp.SIGN, UnaryOp.SQUARE,
            UnaryOp.RECIPROCAL, UnaryOp.SQRT, UnaryOp.FLOOR, UnaryOp.CEIL, UnaryOp.ROUND, UnaryOp.RELU,
            UnaryOp.LEAKY_RELU, UnaryOp.CLAMP, UnaryOp.LOGICAL_NOT);

    private UlpTolerance() {
    }

    /** Allowed ulps of {@code op} at input x. */
    static double allowed(UnaryOp op, double x) {
        if (EXACT.contains(op)) {
            return 0;
        }
        return switch (op) {
            case RSQRT -> 1;
            case EXP, LOG, LOG1P, EXPM1, SIN, COS, TANH -> 2;
            case SIGMOID, SILU -> 4;
            case SOFTPLUS -> 4 + 2 * Math.abs(x);
            case ERF, ERFC, GELU -> 16;
            case GELU_TANH -> 8 + 8 * Math.abs(0.7978845608028654 * (x + 0.044715 * x * x * x));
            default -> throw new IllegalArgumentException(op.toString());
        };
    }

    /** Null if {@code got} is within {@code ulps} of {@code want}, else a description of the miss. */
    static String check(double got, double want, DType type, double ulps) {
        if (Double.compare(got, want) == 0 || Double.isNaN(got) && Double.isNaN(want) || got == want) {
            return null;
        }
        if (Double.isNaN(got) || Double.isNaN(want) || Double.isInfinite(got) || Double.isInfinite(want)) {
            return "got " + got + ", want " + want;
        }
        double diff = Math.abs(got - want);
        boolean f32 = type == DType.FLOAT32;
        if (diff <= (f32 ? Float.MIN_NORMAL : Double.MIN_NORMAL)) {
            return null;
        }
        double ulp = f32 ? Math.ulp((float) want) : Math.ulp(want);
        double off = diff / ulp;
        return off <= ulps ? null : "got " + got + ", want " + want + " (" + off + " ulp, allowed " + ulps + ")";
    }
}
