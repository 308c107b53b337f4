package org.vectorgrad.engine;

import org.vectorgrad.engine.kernel.UpdateF32;
import org.vectorgrad.engine.kernel.UpdateF64;

/**
 * Fused optimizer updates: the arithmetic of several in-place elementwise steps in one pass over the arrays, with
 * the same floating-point operations in the same order, so the results are the bits the separate steps give (the
 * optimizer falls back to those steps whenever a fused form does not apply).
 */
public final class Updates {
    private static final long GRAIN = 1 << 15;

    private Updates() {
    }

    /**
     * SGD with momentum, no dampening and no Nesterov: {@code buf = buf * momentum + grad} then
     * {@code param = param + buf * (-lr)}, both in place (versions bumped), the scalars in the arrays' dtype as the
     * engine's scalar forms take them. Returns false, changing nothing, unless all three arrays are contiguous float32
     * or float64 arrays of one dtype and shape (then do it step by step).
     */
    public static boolean sgdMomentum(NDArray param, NDArray grad, NDArray buf, double momentum, double lr) {
        DType t = param.dtype();
        if ((t != DType.FLOAT32 && t != DType.FLOAT64) || grad.dtype() != t || buf.dtype() != t
                || !Dense.sameLayout(grad, param) || !Dense.sameLayout(buf, param) || param.numel() == 0) {
            return false;
        }
        var p = param.segment();
        var g = grad.segment();
        var b = buf.segment();
        long po = param.offset();
        long go = grad.offset();
        long bo = buf.offset();
        Parallel.range(param.numel(), GRAIN, (start, end) -> {
            int n = (int) (end - start);
            if (t == DType.FLOAT32) {
                UpdateF32.momentum(p, po + start, g, go + start, b, bo + start, (float) momentum, (float) -lr, n);
            } else {
                UpdateF64.momentum(p, po + start, g, go + start, b, bo + start, momentum, -lr, n);
            }
        });
        param.bumpVersion();
        buf.bumpVersion();
        return true;
    }

    /**
     * One Adam/AdamW step without amsgrad, in place (versions bumped): {@code param *= paramScale} (AdamW's decoupled
     * weight decay; 1 for none), {@code m = m * beta1 + grad * (1 - beta1)}, {@code v = v * beta2 + grad * grad *
     * (1 - beta2)}, {@code param += m / (sqrt(v) / sqrtBiasCorrection2 + eps) * stepSize} with {@code stepSize =
     * -lr / biasCorrection1}; every scalar in the arrays' dtype and every operation rounded as the separate steps
     * round it. Returns false, changing nothing, unless all four arrays are contiguous float32 or float64 arrays
     * of one dtype and shape.
     */
    public static boolean adam(NDArray param, NDArray grad, NDArray m, NDArray v, double paramScale, double beta1,
            double beta2, double sqrtBiasCorrection2, double eps, double stepSize) {
        DType t = param.dtype();
        if ((t != DType.FLOAT32 && t != DType.FLOAT64) || grad.dtype() != t || m.dtype() != t || v.dtype() != t
                || !Dense.sameLayout(grad, param) || !Dense.sameLayout(m, param) || !Dense.sameLayout(v, param)
                || param.numel() == 0) {
            return false;
        }
        var p = param.segment();
        var g = grad.segment();
        var sm = m.segment();
        var sv = v.segment();
        long po = param.offset();
        long go = grad.offset();
        long mo = m.offset();
        long vo = v.offset();
        double[] c = {paramScale, beta1, 1 - beta1, beta2, 1 - beta2, sqrtBiasCorrection2, eps, stepSize};
        Parallel.range(param.numel(), GRAIN, (start, end) -> {
            int n = (int) (end - start);
            if (t == DType.FLOAT32) {
                UpdateF32.adam(p, po + start, g, go + start, sm, mo + start, sv, vo + start, c, n);
            } else {
                UpdateF64.adam(p, po + start, g, go + start, sm, mo + start, sv, vo + start, c, n);
            }
        });
        param.bumpVersion();
        m.bumpVersion();
        v.bumpVersion();
        return true;
    }
}
