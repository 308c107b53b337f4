package org.vectorgrad.autograd.ops;

import org.vectorgrad.autograd.Context;
import org.vectorgrad.autograd.Function;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.Conv;
import org.vectorgrad.engine.Conv2dSpec;
import org.vectorgrad.engine.NDArray;

/**
 * conv2d and the two products of its backward, as three differentiable Functions that differentiate into each
 * other. All three are bilinear, so each backward is made of the others and gradients of every order work
 * ({@code createGraph}): with {@code T} the transposed convolution (the input gradient) and {@code W} the weight
 * gradient, {@code <g, conv(x, w)> = <T(g, w), x> = <W(g, x), w>}.
 */
public final class Convolution {
    private Convolution() {
    }

    /**
     * {@code conv2d(input, weight[, bias])}: {@code ConvolutionBackward0}. When the weight needs a gradient, the
     * forward keeps the input's im2col matrix (if small, see {@link Conv#conv2dForTraining}) for the backward.
     */
    public static final class Conv2d extends Function {
        private final Conv2dSpec spec;
        private int[] inputShape;
        private int[] weightShape;
        private boolean hasBias;
        private NDArray columns;

        public Conv2d(Conv2dSpec spec) {
            this.spec = spec;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            hasBias = in.length > 2 && in[2] != null;
            inputShape = in[0].shape();
            weightShape = in[1].shape();
            ctx.saveForBackward(in[0], in[1]);
            NDArray b = hasBias ? in[2].ndarray() : null;
            if (!ctx.needsInputGrad(1)) {
                return Tensor.wrap(Conv.conv2d(in[0].ndarray(), in[1].ndarray(), b, spec));
            }
            Conv.Forward f = Conv.conv2dForTraining(in[0].ndarray(), in[1].ndarray(), b, spec);
            columns = f.columns();
            return Tensor.wrap(f.output());
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            Tensor[] s = ctx.savedTensors();
            Tensor gx = ctx.needsInputGrad(0) ? new InputGrad(spec, inputShape).apply(g, s[1]) : null;
            boolean biasGrad = hasBias && ctx.needsInputGrad(2);
            int[] biasDims = g.dim() == 3 ? new int[]{1, 2} : new int[]{0, 2, 3};
            Tensor gw = null;
            Tensor gb = null;
            if (ctx.needsInputGrad(1)) {
                // the bias gradient from the same pass over g where the engine can (a first layer, a Winograd layer)
                WeightGrad w = new WeightGrad(spec, weightShape, columns, biasGrad);
                gw = w.apply(g, s[0]);
                if (biasGrad) {
                    gb = new Reductions.Sum(biasDims, false, w.takeBias()).apply(g);
                }
            } else if (biasGrad) {
                gb = g.sum(biasDims, false);
            }
            return hasBias ? new Tensor[]{gx, gw, gb} : new Tensor[]{gx, gw};
        }

        @Override
        protected String backwardName() {
            return "ConvolutionBackward0";
        }
    }

    /**
     * The gradient of conv2d with respect to its input, {@code T(gradOutput, weight)} (a transposed convolution),
     * as a Function of both operands. Its backward: {@code d/dgradOutput = conv2d(gg, weight)},
     * {@code d/dweight = W(gradOutput, gg)}.
     */
    public static final class InputGrad extends Function {
        private final Conv2dSpec spec;
        private final int[] inputShape;
        private int[] weightShape;

        public InputGrad(Conv2dSpec spec, int[] inputShape) {
            this.spec = spec;
            this.inputShape = inputShape.clone();
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            weightShape = in[1].shape();
            ctx.saveForBackward(in[0], in[1]);
            return Tensor.wrap(Conv.conv2dBackwardInput(in[0].ndarray(), in[1].ndarray(), inputShape, spec));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor gg) {
            Tensor[] s = ctx.savedTensors();
            Tensor dg = ctx.needsInputGrad(0) ? new Conv2d(spec).apply(gg, s[1]) : null;
            Tensor dw = ctx.needsInputGrad(1) ? new WeightGrad(spec, weightShape).apply(s[0], gg) : null;
            return new Tensor[]{dg, dw};
        }

        @Override
        protected String backwardName() {
            return "ConvolutionBackwardBackward0";
        }
    }

    /**
     * The gradient of conv2d with respect to its weight, {@code W(gradOutput, input)}, as a Function of both
     * operands. Its backward: {@code d/dgradOutput = conv2d(input, gg)}, {@code d/dinput = T(gradOutput, gg)}.
     */
    public static final class WeightGrad extends Function {
        private final Conv2dSpec spec;
        private final int[] weightShape;
        private final NDArray columns;
        private final boolean withBias;
        private int[] inputShape;
        private NDArray bias;

        public WeightGrad(Conv2dSpec spec, int[] weightShape) {
            this(spec, weightShape, null);
        }

        /** With the im2col matrix of the input that the forward kept (or null), so it need not be gathered again. */
        public WeightGrad(Conv2dSpec spec, int[] weightShape, NDArray columns) {
            this(spec, weightShape, columns, false);
        }

        /** With {@code withBias}, the forward also computes the bias gradient, for {@link #takeBias}. */
        WeightGrad(Conv2dSpec spec, int[] weightShape, NDArray columns, boolean withBias) {
            this.spec = spec;
            this.weightShape = weightShape.clone();
            this.columns = columns;
            this.withBias = withBias;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            inputShape = in[1].shape();
            ctx.saveForBackward(in[0], in[1]);
            if (!withBias) {
                return Tensor.wrap(Conv.conv2dBackwardWeight(in[0].ndarray(), in[1].ndarray(), columns, weightShape,
                        spec));
            }
            Conv.WeightAndBias both = Conv.conv2dBackwardWeightAndBias(in[0].ndarray(), in[1].ndarray(), columns,
                    weightShape, spec);
            bias = both.bias();
            return Tensor.wrap(both.weight());
        }

        /** The bias gradient the forward computed (with {@code withBias}); the caller takes it over. */
        NDArray takeBias() {
            NDArray b = bias;
            bias = null;
            return b;
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor gg) {
            Tensor[] s = ctx.savedTensors();
            Tensor dg = ctx.needsInputGrad(0) ? new Conv2d(spec).apply(s[1], gg) : null;
            Tensor dx = ctx.needsInputGrad(1) ? new InputGrad(spec, inputShape).apply(s[0], gg) : null;
            return new Tensor[]{dg, dx};
        }

        @Override
        protected String backwardName() {
            return "ConvolutionBackwardBackward0";
        }
    }
}
