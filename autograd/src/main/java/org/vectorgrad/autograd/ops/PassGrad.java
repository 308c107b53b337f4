package org.vectorgrad.autograd.ops;

import org.vectorgrad.autograd.Context;
import org.vectorgrad.autograd.Function;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.PointwiseGrad;

/**
 * The backward nodes of relu and clamp, each one fused engine pass ({@link PointwiseGrad}). Both are linear in the
 * incoming gradient, so the backward of each is the op itself applied to the gradient's gradient; the saved input
 * only selects, and gets no gradient (PyTorch's zero).
 */
final class PassGrad {
    private PassGrad() {
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
}
