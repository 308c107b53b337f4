package org.vectorgrad.nn;

import org.vectorgrad.autograd.Tensor;

/**
 * Average pooling over NCHW input, as {@code torch.nn.AvgPool2d}: a null stride means the kernel size; padding
 * counts in the divisor unless {@code countIncludePad} is false; a non-null {@code divisorOverride} replaces the
 * divisor. Prints as PyTorch: {@code AvgPool2d(kernel_size=2, stride=2, padding=0)}.
 */
public final class AvgPool2d extends Layer {
    private final int[] kernelSize;
    private final int[] stride;
    private final int[] padding;
    private final boolean ceilMode;
    private final boolean countIncludePad;
    private final Integer divisorOverride;

    /** A square window of {@code kernelSize} with stride {@code kernelSize}. */
    public AvgPool2d(int kernelSize) {
        this(new int[]{kernelSize}, null, new int[]{0}, false, true, null);
    }

    /** PyTorch's arguments; each size is one int or {@code [h, w]}. */
    public AvgPool2d(int[] kernelSize, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad,
            Integer divisorOverride) {
        this.kernelSize = kernelSize.clone();
        this.stride = stride == null ? kernelSize.clone() : stride.clone();
        this.padding = padding.clone();
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
        this.divisorOverride = divisorOverride;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.avgPool2d(kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + ConvArgs.asGiven(kernelSize) + ", stride=" + ConvArgs.asGiven(stride) + ", padding="
                + ConvArgs.asGiven(padding);
    }
}
