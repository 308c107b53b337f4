package org.vectorgrad.engine;

import org.vectorgrad.engine.kernel.AvgPool2dKernel;
import org.vectorgrad.engine.kernel.MaxPool2dKernel;
import org.vectorgrad.engine.kernel.PoolReference;
import org.vectorgrad.engine.kernel.PoolShape;

/**
 * 2-d pooling as PyTorch's {@code max_pool2d} (with indices), {@code avg_pool2d} and {@code adaptive_avg_pool2d},
 * with their backward kernels. Inputs are float32 or float64, {@code [n, c, h, w]} or unbatched {@code [c, h, w]},
 * any layout; outputs are new contiguous arrays of the input's rank. No method modifies its arguments. Each kernel
 * keeps a scalar twin ({@code *Reference}) that tests compare against.
 */
public final class Pool {
    private Pool() {
    }

    /**
     * The maximum of each window, and its position as an int64 flat index {@code ih * w + iw} within the input
     * plane (PyTorch's {@code return_indices=True}). Padding never wins; a NaN in a window does.
     */
    public static ValuesIndices maxPool2d(NDArray input, Pool2dSpec spec) {
        checkFloating("max_pool2d", input);
        PoolShape s = PoolChecks.geometry(input.shape(), spec);
        int[] outShape = PoolChecks.outputShape(input.shape(), s.oh(), s.ow());
        NDArray values = NDArrays.empty(input.dtype(), outShape);
        NDArray indices = NDArrays.empty(DType.INT64, outShape);
        try (NDArray x = input.contiguous()) {
            MaxPool2dKernel.forward(isF64(x), x.segment(), x.offset(), s, values.segment(), values.offset(),
                    indices.segment(), indices.offset());
        }
        return new ValuesIndices(values, indices);
    }

    /**
     * The gradient of max_pool2d with respect to its input of shape {@code inputShape}: each output gradient added
     * at its index (indices as {@link #maxPool2d} returns them, of the gradient's shape).
     */
    public static NDArray maxPool2dBackward(NDArray gradOutput, NDArray indices, int[] inputShape) {
        checkFloating("max_pool2d_backward", gradOutput);
        if (indices.dtype() != DType.INT64 || !java.util.Arrays.equals(indices.shape(), gradOutput.shape())) {
            throw new IllegalArgumentException("max_pool2d_backward: expected int64 indices of the gradient's shape "
                    + Shapes.format(gradOutput.shape()) + ", but got " + indices.dtype().torchName() + " of shape "
                    + Shapes.format(indices.shape()));
        }
        PoolShape s = planes(inputShape, gradOutput.shape());
        NDArray gx = NDArrays.empty(gradOutput.dtype(), inputShape); // the kernel writes every element
        try (NDArray g = gradOutput.contiguous(); NDArray i = indices.contiguous()) {
            MaxPool2dKernel.backward(isF64(g), g.segment(), g.offset(), i.segment(), i.offset(), s, gx.segment(),
                    gx.offset());
        }
        return gx;
    }

    /**
     * The mean of each window. {@code countIncludePad} (PyTorch's default true) divides by the window size clipped
     * to the padded input, otherwise by the number of input elements in it; a non-null {@code divisorOverride}
     * divides by that instead. Dilation must be 1.
     */
    public static NDArray avgPool2d(NDArray input, Pool2dSpec spec, boolean countIncludePad, Integer divisorOverride) {
        checkFloating("avg_pool2d", input);
        PoolShape s = avgGeometry(input.shape(), spec, divisorOverride);
        NDArray out = NDArrays.empty(input.dtype(), PoolChecks.outputShape(input.shape(), s.oh(), s.ow()));
        try (NDArray x = input.contiguous()) {
            AvgPool2dKernel.avgForward(x.dtype(), x.segment(), x.offset(), s, countIncludePad, divisor(divisorOverride),
                    out.segment(), out.offset());
        }
        return out;
    }

    /** The gradient of {@link #avgPool2d} with respect to its input of shape {@code inputShape}. */
    public static NDArray avgPool2dBackward(NDArray gradOutput, int[] inputShape, Pool2dSpec spec,
            boolean countIncludePad, Integer divisorOverride) {
        checkFloating("avg_pool2d_backward", gradOutput);
        PoolShape s = avgGeometry(inputShape, spec, divisorOverride);
        checkGradient(gradOutput, inputShape, s);
        NDArray gx = NDArrays.zeros(gradOutput.dtype(), inputShape);
        try (NDArray g = gradOutput.contiguous()) {
            AvgPool2dKernel.avgBackward(g.dtype(), g.segment(), g.offset(), s, countIncludePad,
                    divisor(divisorOverride), gx.segment(), gx.offset());
        }
        return gx;
    }

    /**
     * The mean over PyTorch's adaptive windows: output row {@code oy} averages input rows
     * {@code [floor(oy h / outH), ceil((oy + 1) h / outH))}, likewise columns.
     */
    public static NDArray adaptiveAvgPool2d(NDArray input, int outH, int outW) {
        checkFloating("adaptive_avg_pool2d", input);
        PoolShape s = PoolChecks.adaptive(input.shape(), outH, outW);
        NDArray out = NDArrays.empty(input.dtype(), PoolChecks.outputShape(input.shape(), outH, outW));
        try (NDArray x = input.contiguous()) {
            AvgPool2dKernel.adaptiveForward(x.dtype(), x.segment(), x.offset(), s, out.segment(), out.offset());
        }
        return out;
    }

    /** The gradient of {@link #adaptiveAvgPool2d} with respect to its input of shape {@code inputShape}. */
    public static NDArray adaptiveAvgPool2dBackward(NDArray gradOutput, int[] inputShape) {
        checkFloating("adaptive_avg_pool2d_backward", gradOutput);
        int[] g = gradOutput.shape();
        PoolShape s = PoolChecks.adaptive(inputShape, g[g.length - 2], g[g.length - 1]);
        checkGradient(gradOutput, inputShape, s);
        NDArray gx = NDArrays.zeros(gradOutput.dtype(), inputShape);
        try (NDArray c = gradOutput.contiguous()) {
            AvgPool2dKernel.adaptiveBackward(c.dtype(), c.segment(), c.offset(), s, gx.segment(), gx.offset());
        }
        return gx;
    }

    // ---- scalar twins (for tests) ----

    static ValuesIndices maxPool2dReference(NDArray input, Pool2dSpec spec) {
        PoolShape s = PoolChecks.geometry(input.shape(), spec);
        int[] outShape = PoolChecks.outputShape(input.shape(), s.oh(), s.ow());
        double[][] r = PoolReference.maxPool(s, input.toDoubleArray());
        return new ValuesIndices(fromDoubles(r[0], input.dtype(), outShape), fromDoubles(r[1], DType.INT64, outShape));
    }

    static NDArray avgPool2dReference(NDArray input, Pool2dSpec spec, boolean countIncludePad, Integer divisor) {
        PoolShape s = avgGeometry(input.shape(), spec, divisor);
        double[] out = PoolReference.avgPool(s, input.toDoubleArray(), countIncludePad, divisor(divisor));
        return fromDoubles(out, input.dtype(), PoolChecks.outputShape(input.shape(), s.oh(), s.ow()));
    }

    static NDArray avgPool2dBackwardReference(NDArray gradOutput, int[] inputShape, Pool2dSpec spec,
            boolean countIncludePad, Integer divisor) {
        PoolShape s = avgGeometry(inputShape, spec, divisor);
        double[] gx = PoolReference.avgPoolBackward(s, gradOutput.toDoubleArray(), countIncludePad, divisor(divisor));
        return fromDoubles(gx, gradOutput.dtype(), inputShape);
    }

    static NDArray adaptiveAvgPool2dReference(NDArray input, int outH, int outW) {
        PoolShape s = PoolChecks.adaptive(input.shape(), outH, outW);
        return fromDoubles(PoolReference.adaptiveAvgPool(s, input.toDoubleArray()), input.dtype(),
                PoolChecks.outputShape(input.shape(), outH, outW));
    }

    static NDArray adaptiveAvgPool2dBackwardReference(NDArray gradOutput, int[] inputShape) {
        int[] g = gradOutput.shape();
        PoolShape s = PoolChecks.adaptive(inputShape, g[g.length - 2], g[g.length - 1]);
        return fromDoubles(PoolReference.adaptiveAvgPoolBackward(s, gradOutput.toDoubleArray()), gradOutput.dtype(),
                inputShape);
    }

    // ---- helpers ----

    private static PoolShape avgGeometry(int[] input, Pool2dSpec spec, Integer divisorOverride) {
        if (spec.dilationH() != 1 || spec.dilationW() != 1) {
            throw new IllegalArgumentException("avg_pool2d does not support dilation, but got dilation=("
                    + spec.dilationH() + ", " + spec.dilationW() + ")");
        }
        if (divisorOverride != null && divisorOverride == 0) {
            throw new IllegalArgumentException("divisor must be not zero");
        }
        return PoolChecks.geometry(input, spec);
    }

    private static int divisor(Integer divisorOverride) {
        return divisorOverride == null ? 0 : divisorOverride;
    }

    /** The geometry of a backward from the input shape and the gradient's output size (indices say the rest). */
    private static PoolShape planes(int[] inputShape, int[] gradShape) {
        int[] in = PoolChecks.batched(inputShape);
        if (gradShape.length != inputShape.length || gradShape[0] != inputShape[0]
                || (gradShape.length == 4 && gradShape[1] != inputShape[1])) {
            throw new IllegalArgumentException("Expected grad_output of input's leading sizes " + Shapes.format(inputShape)
                    + ", but got " + Shapes.format(gradShape));
        }
        return new PoolShape(in[0] * in[1], in[2], in[3], gradShape[gradShape.length - 2],
                gradShape[gradShape.length - 1], 1, 1, 1, 1, 0, 0, 1, 1);
    }

    private static void checkGradient(NDArray gradOutput, int[] inputShape, PoolShape s) {
        ConvChecks.checkShape("grad_output", PoolChecks.outputShape(inputShape, s.oh(), s.ow()), gradOutput);
    }

    private static void checkFloating(String op, NDArray a) {
        if (!a.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("\"" + op + "\" not implemented for '" + Outputs.typeName(a.dtype()) + "'");
        }
    }

    private static boolean isF64(NDArray a) {
        return a.dtype() == DType.FLOAT64;
    }

    private static NDArray fromDoubles(double[] values, DType type, int[] shape) {
        try (NDArray d = NDArrays.of(values, shape)) {
            return d.to(type);
        }
    }
}
