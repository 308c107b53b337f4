package org.vectorgrad.autograd.ops;

import org.vectorgrad.autograd.Context;
import org.vectorgrad.autograd.Function;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.Pool;
import org.vectorgrad.engine.Pool2dSpec;
import org.vectorgrad.engine.ValuesIndices;

/**
 * The pooling ops. Each backward is itself a Function whose backward is linear in the incoming gradient and
 * written with differentiable ops (the forward pooling again for the averages, a gather at the saved indices for
 * max), so gradients of every order work. Max pooling's gradient is piecewise constant in the input: as in
 * PyTorch, its second derivative with respect to the input is zero.
 */
public final class Pooling {
    private Pooling() {
    }

    /** {@code max_pool2d}: {@code MaxPool2DWithIndicesBackward0}; {@link #indices()} after apply. */
    public static final class MaxPool2d extends Function {
        private final Pool2dSpec spec;
        private int[] inputShape;
        private Tensor indices;

        public MaxPool2d(Pool2dSpec spec) {
            this.spec = spec;
        }

        /** The int64 argmax of each window (flat within its input plane), set by forward. */
        public Tensor indices() {
            return indices;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            inputShape = in[0].shape();
            ValuesIndices r = Pool.maxPool2d(in[0].ndarray(), spec);
            indices = Tensor.wrap(r.indices());
            ctx.saveForBackward(indices, in[0]);
            return Tensor.wrap(r.values());
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            Tensor[] saved = ctx.savedTensors();
            return new Tensor[]{new MaxPool2dBackward(inputShape).apply(g, saved[0], saved[1])};
        }

        @Override
        protected String backwardName() {
            return "MaxPool2DWithIndicesBackward0";
        }
    }

    /**
     * Scatters the output gradient ({@code in[0]}) to the argmax positions ({@code in[1]}); its backward gathers from
     * them. The pooled input ({@code in[2]}) is an input only so that the node is recorded as PyTorch records it;
     * its gradient is zero.
     */
    public static final class MaxPool2dBackward extends Function {
        private final int[] inputShape;
        private int[] outputShape;

        public MaxPool2dBackward(int[] inputShape) {
            this.inputShape = inputShape.clone();
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            outputShape = in[0].shape();
            ctx.saveForBackward(in[1]);
            return Tensor.wrap(Pool.maxPool2dBackward(in[0].ndarray(), in[1].ndarray(), inputShape));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor gg) {
            Tensor indices = ctx.savedTensors()[0];
            Tensor dg = ctx.needsInputGrad(0) ? gg.flatten(-2, -1).gather(-1, indices.flatten(-2, -1)).view(outputShape)
                    : null;
            return new Tensor[]{dg, null, ctx.needsInputGrad(2) ? Tensor.zeros(gg.dtype(), inputShape) : null};
        }

        @Override
        protected String backwardName() {
            return "MaxPool2DWithIndicesBackwardBackward0";
        }
    }

    /** {@code avg_pool2d}: {@code AvgPool2DBackward0}. A null divisor override means none. */
    public static final class AvgPool2d extends Function {
        private final Pool2dSpec spec;
        private final boolean countIncludePad;
        private final Integer divisorOverride;
        private int[] inputShape;

        public AvgPool2d(Pool2dSpec spec, boolean countIncludePad, Integer divisorOverride) {
            this.spec = spec;
            this.countIncludePad = countIncludePad;
            this.divisorOverride = divisorOverride;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            inputShape = in[0].shape();
            ctx.saveForBackward(in[0]);
            return Tensor.wrap(Pool.avgPool2d(in[0].ndarray(), spec, countIncludePad, divisorOverride));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            return new Tensor[]{new AvgPool2dBackward(spec, countIncludePad, divisorOverride, inputShape)
                    .apply(g, ctx.savedTensors()[0])};
        }

        @Override
        protected String backwardName() {
            return "AvgPool2DBackward0";
        }
    }

    /**
     * Spreads the gradient ({@code in[0]}) over the windows; linear, its adjoint is avg_pool2d itself. The pooled
     * input ({@code in[1]}) is an input only so that the node is recorded as PyTorch records it; its gradient is zero.
     */
    public static final class AvgPool2dBackward extends Function {
        private final Pool2dSpec spec;
        private final boolean countIncludePad;
        private final Integer divisorOverride;
        private final int[] inputShape;

        public AvgPool2dBackward(Pool2dSpec spec, boolean countIncludePad, Integer divisorOverride, int[] inputShape) {
            this.spec = spec;
            this.countIncludePad = countIncludePad;
            this.divisorOverride = divisorOverride;
            this.inputShape = inputShape.clone();
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            return Tensor.wrap(Pool.avgPool2dBackward(in[0].ndarray(), inputShape, spec, countIncludePad,
                    divisorOverride));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor gg) {
            Tensor dg = ctx.needsInputGrad(0) ? new AvgPool2d(spec, countIncludePad, divisorOverride).apply(gg) : null;
            return new Tensor[]{dg, ctx.needsInputGrad(1) ? Tensor.zeros(gg.dtype(), inputShape) : null};
        }

        @Override
        protected String backwardName() {
            return "AvgPool2DBackwardBackward0";
        }
    }

    /** {@code adaptive_avg_pool2d}: {@code AdaptiveAvgPool2DBackward0}. */
    public static final class AdaptiveAvgPool2d extends Function {
        private final int outH;
        private final int outW;
        private int[] inputShape;

        public AdaptiveAvgPool2d(int outH, int outW) {
            this.outH = outH;
            this.outW = outW;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            inputShape = in[0].shape();
            ctx.saveForBackward(in[0]);
            return Tensor.wrap(Pool.adaptiveAvgPool2d(in[0].ndarray(), outH, outW));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            return new Tensor[]{new AdaptiveAvgPool2dBackward(inputShape).apply(g, ctx.savedTensors()[0])};
        }

        @Override
        protected String backwardName() {
            return "AdaptiveAvgPool2DBackward0";
        }
    }

    /**
     * Spreads the gradient ({@code in[0]}) over the adaptive windows; its adjoint is adaptive_avg_pool2d itself. The
     * pooled input ({@code in[1]}) is an input only to record the node as PyTorch does; its gradient is zero.
     */
    public static final class AdaptiveAvgPool2dBackward extends Function {
        private final int[] inputShape;
        private int[] outputShape;

        public AdaptiveAvgPool2dBackward(int[] inputShape) {
            this.inputShape = inputShape.clone();
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            outputShape = in[0].shape();
            return Tensor.wrap(Pool.adaptiveAvgPool2dBackward(in[0].ndarray(), inputShape));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor gg) {
            int n = outputShape.length;
            Tensor dg = ctx.needsInputGrad(0) ? new AdaptiveAvgPool2d(outputShape[n - 2], outputShape[n - 1]).apply(gg)
                    : null;
            return new Tensor[]{dg, ctx.needsInputGrad(1) ? Tensor.zeros(gg.dtype(), inputShape) : null};
        }

        @Override
        protected String backwardName() {
            return "AdaptiveAvgPool2DBackwardBackward0";
        }
    }
}
