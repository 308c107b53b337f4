package org.vectorgrad.nn;

import org.vectorgrad.autograd.Tensor;

/**
 * Average pooling to a fixed output size whatever the input size, as {@code torch.nn.AdaptiveAvgPool2d}.
 * Prints as PyTorch: {@code AdaptiveAvgPool2d(output_size=(5, 7))}, or {@code output_size=1} for a square size.
 */
public final class AdaptiveAvgPool2d extends Layer {
    private final int[] outputSize;

    /** A square {@code outputSize x outputSize} output. */
    public AdaptiveAvgPool2d(int outputSize) {
        this.outputSize = new int[]{outputSize};
    }

    /** An {@code outH x outW} output. */
    public AdaptiveAvgPool2d(int outH, int outW) {
        this.outputSize = new int[]{outH, outW};
    }

    @Override
    public Tensor forward(Tensor input) {
        int[] size = ConvArgs.pair("output_size", outputSize);
        return input.adaptiveAvgPool2d(size[0], size[1]);
    }

    @Override
    protected String extraRepr() {
        return "output_size=" + ConvArgs.asGiven(outputSize);
    }
}
