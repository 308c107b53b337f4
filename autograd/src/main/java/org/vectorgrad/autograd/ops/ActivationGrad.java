package org.vectorgrad.autograd.ops;

import org.vectorgrad.autograd.Context;
import org.vectorgrad.autograd.Function;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.PointwiseGrad;

/**
 * The backward nodes of relu, clamp and GELU, each one fused engine pass ({@link PointwiseGrad}). All are linear in
 * the incoming gradient, so the gradient's gradient goes through the node itself; relu's and clamp's saved input
 * only selects and gets no gradient (PyTorch's zero), GELU's gets {@code gg * g * gelu''(x)}.
 */
final class ActivationGrad {
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    private ActivationGrad() {
    }

    /** {@code threshold_backward(grad, input, threshold)}: relu's backward with the relu output as input. */
    static final class Threshold extends Function {
        private final double threshold;

        Threshold(double threshold) {
            this.threshold = threshold;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[1]);
            return Tensor.wrap(PointwiseGrad.thresholdBackward(in[0].ndarray(), in[1].ndarray(), threshold));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor gg) {
            Tensor input = ctx.savedTensors()[0];
            return new Tensor[]{ctx.needsInputGrad(0) ? new Threshold(threshold).apply(gg, input) : null, null};
        }

        @Override
        protected String backwardName() {
            return "ThresholdBackwardBackward0";
        }
    }

    /** clamp's backward: the gradient where {@code min <= input <= max}, else 0; a null bound is no bound. */
    static final class Clamp extends Function {
        private final Double min;
        private final Double max;

        Clamp(Double min, Double max) {
            this.min = min;
            this.max = max;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[1]);
            return Tensor.wrap(PointwiseGrad.clampBackward(in[0].ndarray(), in[1].ndarray(), min, max));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor gg) {
            Tensor input = ctx.savedTensors()[0];
            return new Tensor[]{ctx.needsInputGrad(0) ? new Clamp(min, max).apply(gg, input) : null, null};
        }

        @Override
        protected String backwardName() {
            return "ClampBackwardBackward0";
        }
    }

    /** GELU's backward (erf form): {@code g * gelu'(x)}, {@code gelu'(x) = Phi(x) + x phi(x)}. */
    static final class Gelu extends Function {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0], in[1]);
            return Tensor.wrap(PointwiseGrad.geluBackward(in[0].ndarray(), in[1].ndarray()));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor gg) {
            Tensor[] s = ctx.savedTensors();
            Tensor g = s[0];
            Tensor x = s[1];
            Tensor dg = ctx.needsInputGrad(0) ? new Gelu().apply(gg, x) : null;
            Tensor dx = null;
            if (ctx.needsInputGrad(1)) {
                // gelu''(x) = phi(x) (2 - x^2)
                Tensor pdf = x.square().mul(-0.5).exp().mul(INV_SQRT_2PI);
                dx = gg.mul(g).mul(pdf.mul(x.square().rsub(2.0)));
            }
            return new Tensor[]{dg, dx};
        }

        @Override
        protected String backwardName() {
            return "GeluBackwardBackward0";
        }
    }
}
