package org.vectorgrad.nn;

import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.Conv2dSpec;
import org.vectorgrad.engine.Generator;

/**
 * A 2-d convolution over NCHW input, as {@code torch.nn.Conv2d}: weight {@code [out, in/groups, kh, kw]}, optional
 * bias {@code [out]}, zero padding. Initialised as PyTorch does: weight kaiming_uniform(a = sqrt 5), i.e.
 * U(+-1/sqrt(fan_in)) with {@code fan_in = in/groups * kh * kw}, and bias U(+-1/sqrt(fan_in)). Prints as PyTorch:
 * {@code Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))}.
 */
public final class Conv2d extends Layer {
    public final Parameter weight;
    /** The bias, or null when built with {@code bias = false}. */
    public final Parameter bias;
    private final int inChannels;
    private final int outChannels;
    private final int[] kernelSize;
    private final Conv2dSpec spec;
    /** {@code "same"} or {@code "valid"} when built with string padding, else null. */
    private final String paddingString;

    /** Square kernel, stride 1, no padding, one group, with bias. */
    public Conv2d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0);
    }

    /** Square kernel with one stride and padding for both dimensions, with bias. */
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        this(inChannels, outChannels, new int[]{kernelSize}, new int[]{stride}, new int[]{padding}, new int[]{1}, 1,
                true, Generator.defaultGenerator());
    }

    /**
     * PyTorch's full constructor: each size is one int (both dimensions) or {@code [h, w]}; {@code g} draws the
     * initial values.
     */
    public Conv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
            int groups, boolean bias, Generator g) {
        this(inChannels, outChannels, kernelSize, stride, padding, null, dilation, groups, bias, g);
    }

    /**
     * With PyTorch's string padding: {@code "valid"} (none) or {@code "same"} (output size = input size, stride 1;
     * an odd total padding puts the extra zeros at the bottom/right, as PyTorch).
     */
    public Conv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, String padding, int[] dilation,
            int groups, boolean bias, Generator g) {
        this(inChannels, outChannels, kernelSize, stride, new int[]{0}, checkPadding(padding, stride), dilation, groups,
                bias, g);
    }

    private static String checkPadding(String padding, int[] stride) {
        if (!padding.equals("same") && !padding.equals("valid")) {
            throw new IllegalArgumentException("Invalid padding string '" + padding + "', should be one of {'valid',"
                    + " 'same'}");
        }
        int[] s = ConvArgs.pair("stride", stride);
        if (padding.equals("same") && (s[0] != 1 || s[1] != 1)) {
            throw new IllegalArgumentException("padding='same' is not supported for strided convolutions");
        }
        return padding;
    }

    private Conv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, String paddingString,
            int[] dilation, int groups, boolean bias, Generator g) {
        this.paddingString = paddingString;
        if (groups <= 0) {
            throw new IllegalArgumentException("groups must be a positive integer");
        }
        if (inChannels % groups != 0) {
            throw new IllegalArgumentException("in_channels must be divisible by groups");
        }
        if (outChannels % groups != 0) {
            throw new IllegalArgumentException("out_channels must be divisible by groups");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = ConvArgs.pair("kernel_size", kernelSize);
        this.spec = Conv2dSpec.of(ConvArgs.pair("stride", stride), ConvArgs.pair("padding", padding),
                ConvArgs.pair("dilation", dilation), groups);
        weight = register("weight", new Parameter(Tensor.empty(outChannels, inChannels / groups, this.kernelSize[0],
                this.kernelSize[1])));
        Init.kaimingUniform_(weight, Math.sqrt(5), true, "leaky_relu", g);
        if (bias) {
            this.bias = register("bias", new Parameter(Tensor.empty(outChannels)));
            int fanIn = inChannels / groups * this.kernelSize[0] * this.kernelSize[1];
            double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
            Init.uniform_(this.bias, -bound, bound, g);
        } else {
            this.bias = null;
        }
    }

    /** The stride, padding, dilation and groups (padding 0 when built with string padding). */
    public Conv2dSpec spec() {
        return spec;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (paddingString != null) {
            return input.conv2d(weight, bias, new int[]{spec.strideH(), spec.strideW()}, paddingString,
                    new int[]{spec.dilationH(), spec.dilationW()}, spec.groups());
        }
        return input.conv2d(weight, bias, spec);
    }

    @Override
    protected String extraRepr() {
        StringBuilder s = new StringBuilder().append(inChannels).append(", ").append(outChannels)
                .append(", kernel_size=").append(ConvArgs.tuple(kernelSize))
                .append(", stride=").append(ConvArgs.tuple(new int[]{spec.strideH(), spec.strideW()}));
        if (paddingString != null) {
            s.append(", padding=").append(paddingString);
        } else if (spec.padH() != 0 || spec.padW() != 0) {
            s.append(", padding=").append(ConvArgs.tuple(new int[]{spec.padH(), spec.padW()}));
        }
        if (spec.dilationH() != 1 || spec.dilationW() != 1) {
            s.append(", dilation=").append(ConvArgs.tuple(new int[]{spec.dilationH(), spec.dilationW()}));
        }
        if (spec.groups() != 1) {
            s.append(", groups=").append(spec.groups());
        }
        if (bias == null) {
            s.append(", bias=False");
        }
        return s.toString();
    }
}
