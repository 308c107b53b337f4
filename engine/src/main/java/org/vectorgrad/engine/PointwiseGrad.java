package org.vectorgrad.engine;

import java.util.Arrays;
import org.vectorgrad.engine.kernel.ErfF32;
import org.vectorgrad.engine.kernel.PassGradF32;
import org.vectorgrad.engine.kernel.PassGradF64;

/**
 * Fused backward kernels of activations: relu and clamp (the incoming gradient or zero) and GELU. One pass over two
 * arrays instead of a chain of comparisons, casts, transcendental functions and products: these run once per
 * activation per training step.
 * Float32 and float64 arrays of one dtype and one contiguous shape take the SIMD kernels; anything else computes the
 * same definition with {@link Ternary#where} (the scalar twin the tests compare against).
 */
public final class PointwiseGrad {
    private static final long GRAIN = 1 << 15;

    private PointwiseGrad() {
    }

    /**
     * PyTorch's {@code threshold_backward(grad, input, threshold)}: {@code input <= threshold ? 0 : grad}, so a NaN
     * input passes the gradient. relu's backward is {@code thresholdBackward(grad, relu(x), 0)}.
     */
    public static NDArray thresholdBackward(NDArray grad, NDArray input, double threshold) {
        checkShapes("threshold_backward", grad, input);
        if (!dense(grad, input)) {
            return reference(grad, input, threshold);
        }
        NDArray out = NDArray.allocate(grad.dtype(), grad.shape());
        boolean f64 = grad.dtype() == DType.FLOAT64;
        var sg = grad.segment();
        var sx = input.segment();
        var so = out.segment();
        long go = grad.offset();
        long xo = input.offset();
        long oo = out.offset();
        Parallel.range(out.numel(), GRAIN, (start, end) -> {
            int n = (int) (end - start);
            if (f64) {
                PassGradF64.threshold(sg, go + start, sx, xo + start, threshold, so, oo + start, n);
            } else {
                PassGradF32.threshold(sg, go + start, sx, xo + start, (float) threshold, so, oo + start, n);
            }
        });
        return out;
    }

    /**
     * clamp's backward: the gradient where {@code min <= input <= max} (a null bound is no bound), else 0; a NaN
     * input gives 0, as PyTorch.
     */
    public static NDArray clampBackward(NDArray grad, NDArray input, Double min, Double max) {
        checkShapes("clamp_backward", grad, input);
        double lo = min == null ? Double.NEGATIVE_INFINITY : min;
        double hi = max == null ? Double.POSITIVE_INFINITY : max;
        if (!dense(grad, input)) {
            return reference(grad, input, lo, hi);
        }
        NDArray out = NDArray.allocate(grad.dtype(), grad.shape());
        boolean f64 = grad.dtype() == DType.FLOAT64;
        var sg = grad.segment();
        var sx = input.segment();
        var so = out.segment();
        long go = grad.offset();
        long xo = input.offset();
        long oo = out.offset();
        Parallel.range(out.numel(), GRAIN, (start, end) -> {
            int n = (int) (end - start);
            if (f64) {
                PassGradF64.between(sg, go + start, sx, xo + start, lo, hi, so, oo + start, n);
            } else {
                // float bounds: the comparison happens in float32 as the forward's does; +-inf stay infinite
                PassGradF32.between(sg, go + start, sx, xo + start, (float) lo, (float) hi, so, oo + start, n);
            }
        });
        return out;
    }

    /**
     * GELU's backward (the erf form): {@code grad * (Phi(x) + x phi(x))}, Phi and phi the standard normal's
     * distribution and density.
     */
    public static NDArray geluBackward(NDArray grad, NDArray input) {
        checkShapes("gelu_backward", grad, input);
        if (!dense(grad, input) || grad.dtype() != DType.FLOAT32) {
            return geluReference(grad, input);
        }
        NDArray out = NDArray.allocate(grad.dtype(), grad.shape());
        var sg = grad.segment();
        var sx = input.segment();
        var so = out.segment();
        long go = grad.offset();
        long xo = input.offset();
        long oo = out.offset();
        Parallel.range(out.numel(), GRAIN / 8, (start, end) -> ErfF32.geluBackward(sg, go + start, sx, xo + start, so,
                oo + start, (int) (end - start)));
        return out;
    }

    // ---- the scalar twins: the definitions through where and the unary kernels ----

    static NDArray geluReference(NDArray grad, NDArray input) {
        try (NDArray scaled = Binary.mul(input, Math.sqrt(0.5)); NDArray erf = Unary.apply(UnaryOp.ERF, scaled);
                NDArray onePlus = Binary.add(erf, 1.0); NDArray cdf = Binary.mul(onePlus, 0.5);
                NDArray square = Binary.mul(input, input); NDArray half = Binary.mul(square, -0.5);
                NDArray e = Unary.apply(UnaryOp.EXP, half); NDArray pdf = Binary.mul(e, 1 / Math.sqrt(2 * Math.PI));
                NDArray xPdf = Binary.mul(input, pdf); NDArray slope = Binary.add(cdf, xPdf)) {
            return Binary.mul(grad, slope);
        }
    }

    static NDArray reference(NDArray grad, NDArray input, double threshold) {
        try (NDArray stop = Binary.le(input, threshold)) {
            return Ternary.where(stop, 0.0, grad);
        }
    }

    static NDArray reference(NDArray grad, NDArray input, double lo, double hi) {
        try (NDArray above = Binary.ge(input, lo); NDArray below = Binary.le(input, hi);
                NDArray pass = Binary.logicalAnd(above, below)) {
            return Ternary.where(pass, grad, 0.0);
        }
    }

    private static boolean dense(NDArray grad, NDArray input) {
        DType t = grad.dtype();
        return (t == DType.FLOAT32 || t == DType.FLOAT64) && input.dtype() == t && Dense.sameLayout(grad, input)
                && grad.numel() > 0;
    }

    private static void checkShapes(String op, NDArray grad, NDArray input) {
        if (!Arrays.equals(grad.shape(), input.shape())) {
            throw new IllegalArgumentException(op + ": grad of shape " + Shapes.format(grad.shape())
                    + " does not match input of shape " + Shapes.format(input.shape()));
        }
    }
}
