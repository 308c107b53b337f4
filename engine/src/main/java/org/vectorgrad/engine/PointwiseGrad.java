package org.vectorgrad.engine;

import java.lang.foreign.MemorySegment;
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
        float t = (float) threshold;
        return pass(grad, input, GRAIN, grad.dtype() == DType.FLOAT64
                ? (g, go, x, xo, o, oo, n) -> PassGradF64.threshold(g, go, x, xo, threshold, o, oo, n)
                : (g, go, x, xo, o, oo, n) -> PassGradF32.threshold(g, go, x, xo, t, o, oo, n));
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
        // float bounds: the comparison happens in float32 as the forward's does; +-inf stay infinite
        float flo = (float) lo;
        float fhi = (float) hi;
        return pass(grad, input, GRAIN, grad.dtype() == DType.FLOAT64
                ? (g, go, x, xo, o, oo, n) -> PassGradF64.between(g, go, x, xo, lo, hi, o, oo, n)
                : (g, go, x, xo, o, oo, n) -> PassGradF32.between(g, go, x, xo, flo, fhi, o, oo, n));
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
        // the erf approximation is heavy: smaller chunks per thread than the selects above
        return pass(grad, input, GRAIN / 8, ErfF32::geluBackward);
    }

    /** A kernel row over contiguous gradient, input and output runs of {@code n} elements at the given offsets. */
    @FunctionalInterface
    private interface Row {
        void run(MemorySegment g, long go, MemorySegment x, long xo, MemorySegment o, long oo, int n);
    }

    /** A new array of {@code row} over dense {@code grad} and {@code input}, split over the pool by {@code grain}. */
    private static NDArray pass(NDArray grad, NDArray input, long grain, Row row) {
        NDArray out = NDArray.allocate(grad.dtype(), grad.shape());
        MemorySegment sg = grad.segment();
        MemorySegment sx = input.segment();
        MemorySegment so = out.segment();
        long go = grad.offset();
        long xo = input.offset();
        long oo = out.offset();
        Parallel.range(out.numel(), grain, (start, end) -> row.run(sg, go + start, sx, xo + start, so, oo + start,
                (int) (end - start)));
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
