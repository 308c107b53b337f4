package org.vectorgrad.nn;

import org.vectorgrad.autograd.Tensor;

/**
 * Max pooling over NCHW input, as {@code torch.nn.MaxPool2d}; a null stride means the kernel size. Prints as
 * PyTorch, sizes as given: {@code MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)}.
 */
public final class MaxPool2d extends Layer {
    private final int[] kernelSize;
    private final int[] stride;
    private final int[] padding;
    private final int[] dilation;
    private final boolean ceilMode;

    /** A square window of {@code kernelSize} with stride {@code kernelSize}. */
    public MaxPool2d(int kernelSize) {
        this(new int[]{kernelSize}, null, new int[]{0}, new int[]{1}, false);
    }

    /** PyTorch's arguments; each size is one int or {@code [h, w]}. */
    public MaxPool2d(int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        this.kernelSize = kernelSize.clone();
        this.stride = stride == null ? kernelSize.clone() : stride.clone();
        this.padding = padding.clone();
        this.dilation = dilation.clone();
        this.ceilMode = ceilMode;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.maxPool2d(kernelSize, stride, padding, dilation, ceilMode);
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + ConvArgs.asGiven(kernelSize) + ", stride=" + ConvArgs.asGiven(stride) + ", padding="
                + ConvArgs.asGiven(padding) + ", dilation=" + ConvArgs.asGiven(dilation) + ", ceil_mode="
                + ConvArgs.bool(ceilMode);
    }
}
