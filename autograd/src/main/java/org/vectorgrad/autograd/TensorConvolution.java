package org.vectorgrad.autograd;

import org.vectorgrad.autograd.ops.Convolution;
import org.vectorgrad.autograd.ops.Pooling;
import org.vectorgrad.engine.Conv2dSpec;
import org.vectorgrad.engine.Pool2dSpec;

/**
 * Convolution and pooling ops of {@link Tensor}, as {@code torch.nn.functional}'s {@code conv2d},
 * {@code max_pool2d}, {@code avg_pool2d} and {@code adaptive_avg_pool2d}: this tensor is the NCHW input
 * ({@code [n, c, h, w]} or unbatched {@code [c, h, w]}). Size arguments take one value (both dimensions) or two
 * ({@code [h, w]}); null means PyTorch's default. None modifies its inputs.
 */
public interface TensorConvolution {
    /** This tensor. */
    Tensor self();

    /** {@code conv2d(input, weight, bias)} with stride 1, no padding; bias may be null. */
    default Tensor conv2d(Tensor weight, Tensor bias) {
        return conv2d(weight, bias, Conv2dSpec.DEFAULT);
    }

    /** conv2d with one stride and padding for both dimensions. */
    default Tensor conv2d(Tensor weight, Tensor bias, int stride, int padding) {
        return conv2d(weight, bias, new int[]{stride}, new int[]{padding}, null, 1);
    }

    /** conv2d with PyTorch's arguments; weight {@code [cout, cin/groups, kh, kw]}, bias {@code [cout]} or null. */
    default Tensor conv2d(Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        return conv2d(weight, bias, Conv2dSpec.of(stride, padding, dilation, groups));
    }

    /**
     * conv2d with PyTorch's string padding: {@code "valid"} (none) or {@code "same"} (output size = input size; stride
     * must be 1). When {@code dilation * (kernel - 1)} is odd the extra row or column of zeros goes at the bottom or
     * right, as in PyTorch.
     */
    default Tensor conv2d(Tensor weight, Tensor bias, int[] stride, String padding, int[] dilation, int groups) {
        Conv2dSpec plain = Conv2dSpec.of(stride, null, dilation, groups);
        if (padding.equals("valid")) {
            return conv2d(weight, bias, plain);
        }
        if (!padding.equals("same")) {
            throw new IllegalArgumentException("Invalid padding string '" + padding + "', should be one of {'valid',"
                    + " 'same'}");
        }
        if (plain.strideH() != 1 || plain.strideW() != 1) {
            throw new IllegalArgumentException("padding='same' is not supported for strided convolutions");
        }
        int totalH = plain.dilationH() * (weight.size(-2) - 1);
        int totalW = plain.dilationW() * (weight.size(-1) - 1);
        Tensor input = self();
        // The odd part of the padding goes after the input: one zero row/column, concatenated (differentiable).
        if (totalH % 2 != 0) {
            int[] shape = input.shape();
            shape[shape.length - 2] = 1;
            input = Tensor.cat(java.util.List.of(input, Tensor.zeros(input.dtype(), shape)), -2);
        }
        if (totalW % 2 != 0) {
            int[] shape = input.shape();
            shape[shape.length - 1] = 1;
            input = Tensor.cat(java.util.List.of(input, Tensor.zeros(input.dtype(), shape)), -1);
        }
        Conv2dSpec spec = new Conv2dSpec(1, 1, totalH / 2, totalW / 2, plain.dilationH(), plain.dilationW(), groups);
        return input.conv2d(weight, bias, spec);
    }

    /** conv2d with a prepared spec ({@code ConvolutionBackward0}). */
    default Tensor conv2d(Tensor weight, Tensor bias, Conv2dSpec spec) {
        Convolution.Conv2d op = new Convolution.Conv2d(spec);
        return bias == null ? op.apply(self(), weight) : op.apply(self(), weight, bias);
    }

    /** Max pooling over {@code kernel x kernel} windows with stride {@code kernel}. */
    default Tensor maxPool2d(int kernel) {
        return maxPool2d(new int[]{kernel}, null, null, null, false);
    }

    /** Max pooling with PyTorch's arguments (null stride = kernel) ({@code MaxPool2DWithIndicesBackward0}). */
    default Tensor maxPool2d(int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        return maxPool2dWithIndices(kernel, stride, padding, dilation, ceilMode).values();
    }

    /** Max pooling that also returns the int64 argmax of each window, flat within its input plane. */
    default TensorWithIndices maxPool2dWithIndices(int[] kernel, int[] stride, int[] padding, int[] dilation,
            boolean ceilMode) {
        Pooling.MaxPool2d op = new Pooling.MaxPool2d(Pool2dSpec.of("max_pool2d", kernel, stride, padding, dilation,
                ceilMode));
        Tensor values = op.apply(self());
        return new TensorWithIndices(values, op.indices());
    }

    /** Average pooling over {@code kernel x kernel} windows with stride {@code kernel}. */
    default Tensor avgPool2d(int kernel) {
        return avgPool2d(new int[]{kernel}, null, null, false, true, null);
    }

    /**
     * Average pooling with PyTorch's arguments: null stride = kernel; {@code countIncludePad} (PyTorch's default
     * true) counts padding in the divisor; a non-null {@code divisorOverride} replaces it ({@code AvgPool2DBackward0}).
     */
    default Tensor avgPool2d(int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad,
            Integer divisorOverride) {
        Pool2dSpec spec = Pool2dSpec.of("avg_pool2d", kernel, stride, padding, null, ceilMode);
        return new Pooling.AvgPool2d(spec, countIncludePad, divisorOverride).apply(self());
    }

    /** Adaptive average pooling to {@code outH x outW} ({@code AdaptiveAvgPool2DBackward0}). */
    default Tensor adaptiveAvgPool2d(int outH, int outW) {
        return new Pooling.AdaptiveAvgPool2d(outH, outW).apply(self());
    }
}
