package org.vectorgrad.engine;

import org.vectorgrad.engine.kernel.ConvReference;
import org.vectorgrad.engine.kernel.ConvShape;

/**
 * 2-d convolution as PyTorch's {@code torch.nn.functional.conv2d}, and the three products of its backward: the
 * gradients with respect to input (the transposed convolution), weight and bias.
 *
 * <p>Input is NCHW ({@code [n, cin, h, w]}, or unbatched {@code [cin, h, w]}), weight {@code [cout, cin/groups,
 * kh, kw]}, bias {@code [cout]} or null; float32 or float64, all of one dtype. The work is im2col + GEMM (see
 * {@code ConvGemm}; for most float32 layers an implicit GEMM that never stores the im2col matrix), or for float32
 * 3 x 3 stride-1 layers with 16 to 320 channels Winograd's F(4x4, 3x3) ({@link #setWinogradEnabled}); the
 * definition as plain loops is kept as the scalar twin that tests compare against. Errors use PyTorch's wording.
 * No method modifies its arguments; each returns a new array.
 */
public final class Conv {
    private static volatile boolean winograd = true;

    private Conv() {
    }

    /**
     * Whether float32 3 x 3 convolutions of stride 1 and dilation 1, one group, padding at most 2 and 16 to 320
     * channels on both sides run by Winograd's F(4x4, 3x3), forward and both gradients (default: yes). It does a
     * quarter of the multiplications; its roundoff is larger, up to about 1e-5 of the sum of the terms' magnitudes
     * (for the weight gradient, of the whole 3 x 3 kernel's terms: a tap's error follows its kernel's size)
     * against about 1e-7 for direct sums (the kind of trade PyTorch makes by default with
     * {@code torch.backends.cudnn.allow_tf32}). Off, these layers take the im2col GEMM. float64 never takes it.
     */
    public static void setWinogradEnabled(boolean enabled) {
        winograd = enabled;
    }

    /** Whether Winograd convolutions are enabled ({@link #setWinogradEnabled}). */
    public static boolean winogradEnabled() {
        return winograd;
    }

    /**
     * The output of {@link #conv2dForTraining}, and the im2col matrix of the input when it was small enough to keep
     * (else null) for {@link #conv2dBackwardWeight(NDArray, NDArray, NDArray, int[], Conv2dSpec)}. Closing it
     * closes both.
     */
    public record Forward(NDArray output, NDArray columns) implements AutoCloseable {
        @Override
        public void close() {
            output.close();
            if (columns != null) {
                columns.close();
            }
        }
    }

    /** {@code conv2d(input, weight, bias)} with stride 1, no padding, no dilation, one group. */
    public static NDArray conv2d(NDArray input, NDArray weight, NDArray bias) {
        return conv2d(input, weight, bias, Conv2dSpec.DEFAULT);
    }

    /**
     * The convolution {@code out[n, co] = bias[co] + sum_ci input[n, g*cin/groups + ci] (*) weight[co, ci]} where
     * {@code g} is the group of {@code co}, with the spec's stride, zero padding and dilation. Output shape
     * {@code [n, cout, oh, ow]} (3-d for an unbatched input) with {@code oh = (h + 2 padH - dilationH (kh - 1) - 1)
     * / strideH + 1}, likewise {@code ow}.
     */
    public static NDArray conv2d(NDArray input, NDArray weight, NDArray bias, Conv2dSpec spec) {
        int[] in = ConvChecks.batched("conv2d", input.shape());
        ConvChecks.checkTypes(input, weight, bias);
        ConvShape s = ConvChecks.geometry(in, weight.shape(), bias == null ? null : bias.shape(), spec);
        NDArray out;
        try (NDArray x = contiguous(input, in); NDArray w = weight.contiguous();
                NDArray b = bias == null ? null : bias.contiguous()) {
            out = ConvGemm.forward(x, w, b, s, ConvGemm.COLUMN_BUDGET, false).output();
        }
        return unbatch(out, input.dim());
    }

    /**
     * {@link #conv2d(NDArray, NDArray, NDArray, Conv2dSpec)} for a training step: also hands back the input's im2col
     * matrix when it is small enough to keep (16 MiB of float32), so that the weight gradient need not gather it
     * again. The columns belong to the caller (the current memory scope), like the output.
     */
    public static Forward conv2dForTraining(NDArray input, NDArray weight, NDArray bias, Conv2dSpec spec) {
        int[] in = ConvChecks.batched("conv2d", input.shape());
        ConvChecks.checkTypes(input, weight, bias);
        ConvShape s = ConvChecks.geometry(in, weight.shape(), bias == null ? null : bias.shape(), spec);
        Forward f;
        try (NDArray x = contiguous(input, in); NDArray w = weight.contiguous();
                NDArray b = bias == null ? null : bias.contiguous()) {
            f = ConvGemm.forward(x, w, b, s, ConvGemm.COLUMN_BUDGET, true);
        }
        return new Forward(unbatch(f.output(), input.dim()), f.columns());
    }

    /**
     * The gradient of conv2d with respect to its input, given the output gradient: the transposed convolution of
     * {@code gradOutput} with {@code weight}, of shape {@code inputShape} (needed because several input sizes give
     * the same output size when the stride is above 1).
     */
    public static NDArray conv2dBackwardInput(NDArray gradOutput, NDArray weight, int[] inputShape, Conv2dSpec spec) {
        int[] in = ConvChecks.batched("conv2d", inputShape);
        ConvChecks.checkGradientType(weight, gradOutput);
        ConvShape s = ConvChecks.geometry(in, weight.shape(), null, spec);
        NDArray gx;
        try (NDArray g = gradient(gradOutput, s, inputShape.length); NDArray w = weight.contiguous()) {
            gx = ConvGemm.backwardInput(g, w, s, ConvGemm.COLUMN_BUDGET);
        }
        return unbatch(gx, inputShape.length);
    }

    /** The gradient of conv2d with respect to its weight (shape {@code weightShape}), given the output gradient. */
    public static NDArray conv2dBackwardWeight(NDArray gradOutput, NDArray input, int[] weightShape, Conv2dSpec spec) {
        return conv2dBackwardWeight(gradOutput, input, null, weightShape, spec);
    }

    /**
     * The weight gradient reusing the {@code columns} that {@link #conv2dForTraining} kept for this same input
     * (unchanged since; null to gather them again). The columns are not modified nor closed.
     */
    public static NDArray conv2dBackwardWeight(NDArray gradOutput, NDArray input, NDArray columns, int[] weightShape,
            Conv2dSpec spec) {
        return weightGradient(gradOutput, input, columns, weightShape, spec,
                (g, x, s) -> ConvGemm.backwardWeight(g, x, columns, s, ConvGemm.COLUMN_BUDGET));
    }

    /** A weight-gradient product of the checked, batched and contiguous operands. */
    private interface WeightProduct<T> {
        T compute(NDArray gradOutput, NDArray input, ConvShape s);
    }

    private static <T> T weightGradient(NDArray gradOutput, NDArray input, NDArray columns, int[] weightShape,
            Conv2dSpec spec, WeightProduct<T> product) {
        int[] in = ConvChecks.batched("conv2d", input.shape());
        ConvChecks.checkGradientType(input, gradOutput);
        ConvShape s = ConvChecks.geometry(in, weightShape, null, spec);
        if (columns != null) {
            ConvChecks.checkShape("columns", new int[]{s.rows(), s.n() * s.area()}, columns);
        }
        try (NDArray g = gradient(gradOutput, s, input.dim()); NDArray x = contiguous(input, in)) {
            return product.compute(g, x, s);
        }
    }

    /** The weight and bias gradients of conv2d, as {@link #conv2dBackwardWeightAndBias} returns them. */
    public record WeightAndBias(NDArray weight, NDArray bias) {
    }

    /**
     * {@link #conv2dBackwardWeight(NDArray, NDArray, NDArray, int[], Conv2dSpec)} and
     * {@link #conv2dBackwardBias} together: a first layer's (few im2col rows, float32) and a Winograd layer's come
     * from one pass over the output gradient, which is as large as the layer's output.
     */
    public static WeightAndBias conv2dBackwardWeightAndBias(NDArray gradOutput, NDArray input, NDArray columns,
            int[] weightShape, Conv2dSpec spec) {
        return weightGradient(gradOutput, input, columns, weightShape, spec,
                (g, x, s) -> ConvGemm.backwardWeightAndBias(g, x, columns, s, ConvGemm.COLUMN_BUDGET));
    }

    /** The gradient of conv2d with respect to its bias: the output gradient summed over all but the channel dim. */
    public static NDArray conv2dBackwardBias(NDArray gradOutput) {
        if (gradOutput.dim() == 3) {
            return Reduce.sum(gradOutput, new int[]{1, 2}, false);
        }
        return Reduce.sum(gradOutput, new int[]{0, 2, 3}, false);
    }

    // ---- the scalar twin: same checks and shapes, the definition as loops ----

    static NDArray conv2dReference(NDArray input, NDArray weight, NDArray bias, Conv2dSpec spec) {
        int[] in = ConvChecks.batched("conv2d", input.shape());
        ConvChecks.checkTypes(input, weight, bias);
        ConvShape s = ConvChecks.geometry(in, weight.shape(), bias == null ? null : bias.shape(), spec);
        double[] out = ConvReference.forward(s, input.toDoubleArray(), weight.toDoubleArray(),
                bias == null ? null : bias.toDoubleArray());
        return unbatch(fromDoubles(out, input.dtype(), s.outputShape()), input.dim());
    }

    static NDArray conv2dBackwardInputReference(NDArray gradOutput, NDArray weight, int[] inputShape, Conv2dSpec spec) {
        ConvShape s = ConvChecks.geometry(ConvChecks.batched("conv2d", inputShape), weight.shape(), null, spec);
        double[] gx = ConvReference.backwardInput(s, gradOutput.toDoubleArray(), weight.toDoubleArray());
        return fromDoubles(gx, weight.dtype(), inputShape);
    }

    static NDArray conv2dBackwardWeightReference(NDArray gradOutput, NDArray input, int[] weightShape,
            Conv2dSpec spec) {
        ConvShape s = ConvChecks.geometry(ConvChecks.batched("conv2d", input.shape()), weightShape, null, spec);
        double[] gw = ConvReference.backwardWeight(s, gradOutput.toDoubleArray(), input.toDoubleArray());
        return fromDoubles(gw, input.dtype(), weightShape);
    }

    // ---- helpers ----

    /** A contiguous 4-d view (or copy) of an input of batched shape {@code batched}. */
    private static NDArray contiguous(NDArray a, int[] batched) {
        try (NDArray c = a.contiguous()) {
            return c.view(batched);
        }
    }

    /** The output gradient as a contiguous 4-d array, after checking its shape against the geometry. */
    private static NDArray gradient(NDArray gradOutput, ConvShape s, int rank) {
        int[] expected = s.outputShape();
        if (rank == 3) {
            expected = new int[]{s.cout(), s.oh(), s.ow()};
        }
        ConvChecks.checkShape("grad_output", expected, gradOutput);
        return contiguous(gradOutput, s.outputShape());
    }

    /** Drops the batch dim again for an unbatched (3-d) call. */
    private static NDArray unbatch(NDArray out, int rank) {
        if (rank != 3) {
            return out;
        }
        try (out) {
            return out.squeeze(0);
        }
    }

    private static NDArray fromDoubles(double[] values, DType type, int[] shape) {
        try (NDArray d = NDArrays.of(values, shape)) {
            return d.to(type);
        }
    }
}
