package org.vectorgrad.autograd.ops;

import org.vectorgrad.autograd.Context;
import org.vectorgrad.autograd.Function;
import org.vectorgrad.autograd.Tensor;

/**
 * Loss terms that need a fused op for numerical stability. Everything else about losses (reductions, weights,
 * masks) is composed from ordinary differentiable ops in {@code org.vectorgrad.nn}.
 */
public final class Losses {
    private Losses() {
    }

    /** The floor PyTorch puts under each log of binary cross-entropy. */
    public static final double LOG_FLOOR = -100;
    /** The floor PyTorch puts under {@code x (1 - x)} in the gradient of binary cross-entropy. */
    public static final double GRAD_EPSILON = 1e-12f; // a float constant in PyTorch too: gradients match to the bit

    /**
     * Elementwise, unreduced binary cross-entropy of probabilities {@code x} against targets {@code y}:
     * {@code -(y max(log x, -100) + (1 - y) max(log(1 - x), -100))} ({@code BinaryCrossEntropyBackward0}).
     *
     * <p>Fused because the composed form fails exactly where it matters: a saturated sigmoid gives {@code x = 1}
     * in float32, {@code log(1 - x) = -inf} is clamped, and the chain rule then multiplies a zero clamp gradient
     * by {@code 1 / 0}, giving NaN. PyTorch's own gradient {@code (x - y) / max(x (1 - x), 1e-12)} stays finite.
     */
    public static final class BinaryCrossEntropy extends Function {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            Tensor x = in[0];
            Tensor y = in[1];
            ctx.saveForBackward(x, y);
            Tensor logX = x.log().clamp(LOG_FLOOR, Double.POSITIVE_INFINITY);
            Tensor log1mX = x.neg().log1p().clamp(LOG_FLOOR, Double.POSITIVE_INFINITY);
            return y.sub(1.0).mul(log1mX).sub(y.mul(logX));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            Tensor[] s = ctx.savedTensors();
            Tensor x = s[0];
            Tensor y = s[1];
            Tensor gx = null;
            Tensor gy = null;
            if (ctx.needsInputGrad(0)) {
                Tensor denominator = x.mul(x.rsub(1.0)).clamp(GRAD_EPSILON, Double.POSITIVE_INFINITY);
                gx = g.mul(x.sub(y)).div(denominator);
            }
            if (ctx.needsInputGrad(1)) {
                // The derivative of the clamped forward in y: the difference of the two clamped logs.
                Tensor logX = x.log().clamp(LOG_FLOOR, Double.POSITIVE_INFINITY);
                Tensor log1mX = x.neg().log1p().clamp(LOG_FLOOR, Double.POSITIVE_INFINITY);
                gy = g.mul(log1mX.sub(logX));
            }
            return new Tensor[]{gx, gy};
        }
    }
}
