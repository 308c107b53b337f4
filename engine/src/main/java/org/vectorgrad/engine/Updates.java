package org.vectorgrad.engine;

import org.vectorgrad.engine.kernel.SgdF32;
import org.vectorgrad.engine.kernel.SgdF64;

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
                SgdF32.momentum(p, po + start, g, go + start, b, bo + start, (float) momentum, (float) -lr, n);
            } else {
                SgdF64.momentum(p, po + start, g, go + start, b, bo + start, momentum, -lr, n);
            }
        });
        param.bumpVersion();
        buf.bumpVersion();
        return true;
    }
}
