package org.vectorgrad.engine;

import org.vectorgrad.engine.kernel.PoolShape;

/** The argument checks of the pooling ops, worded as PyTorch's {@code pool2d_shape_check}. */
final class PoolChecks {
    private PoolChecks() {
    }

    /** Checks the window and a 3-d or 4-d input and returns the geometry over {@code n * c} planes. */
    static PoolShape geometry(int[] input, Pool2dSpec p) {
        if (p.strideH() == 0 || p.strideW() == 0) {
            throw new IllegalArgumentException("stride should not be zero");
        }
        if (p.kernelH() <= 0 || p.kernelW() <= 0) {
            throw new IllegalArgumentException("kernel size should be greater than zero, but got kH: " + p.kernelH()
                    + " kW: " + p.kernelW());
        }
        if (p.strideH() < 0 || p.strideW() < 0) {
            throw new IllegalArgumentException("stride should be greater than zero, but got dH: " + p.strideH()
                    + " dW: " + p.strideW());
        }
        if (p.dilationH() <= 0 || p.dilationW() <= 0) {
            throw new IllegalArgumentException("dilation should be greater than zero, but got dilationH: "
                    + p.dilationH() + " dilationW: " + p.dilationW());
        }
        if (p.padH() < 0 || p.padW() < 0) {
            throw new IllegalArgumentException("pad must be non-negative, but got pad: " + Math.min(p.padH(), p.padW()));
        }
        if (p.padH() > p.kernelH() / 2 || p.padW() > p.kernelW() / 2) {
            boolean h = p.padH() > p.kernelH() / 2;
            throw new IllegalArgumentException("pad should be at most half of kernel size, but got pad="
                    + (h ? p.padH() : p.padW()) + " and kernel_size=" + (h ? p.kernelH() : p.kernelW()));
        }
        int[] in = batched(input);
        int oh = Pool2dSpec.outputSize(in[2], p.kernelH(), p.padH(), p.strideH(), p.dilationH(), p.ceilMode());
        int ow = Pool2dSpec.outputSize(in[3], p.kernelW(), p.padW(), p.strideW(), p.dilationW(), p.ceilMode());
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException("Given input size: (" + in[1] + "x" + in[2] + "x" + in[3]
                    + "). Calculated output size: (" + in[1] + "x" + oh + "x" + ow + "). Output size is too small");
        }
        return new PoolShape(in[0] * in[1], in[2], in[3], oh, ow, p.kernelH(), p.kernelW(), p.strideH(), p.strideW(),
                p.padH(), p.padW(), p.dilationH(), p.dilationW());
    }

    /** {@code [n, c, h, w]} of a 4-d input, {@code [1, c, h, w]} of a 3-d one; only the batch may be empty. */
    static int[] batched(int[] input) {
        boolean ok = (input.length == 3 || input.length == 4);
        for (int d = input.length == 4 ? 1 : 0; ok && d < input.length; d++) {
            ok = input[d] > 0;
        }
        if (!ok) {
            throw new IllegalArgumentException("Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for"
                    + " input, but got:" + Shapes.format(input));
        }
        return input.length == 4 ? input.clone() : new int[]{1, input[0], input[1], input[2]};
    }

    /** The geometry of adaptive pooling to {@code oh x ow}, with PyTorch's checks. */
    static PoolShape adaptive(int[] input, int oh, int ow) {
        if (oh < 0 || ow < 0) {
            throw new IllegalArgumentException("adaptive_avg_pool2d: elements of output_size must be greater than or"
                    + " equal to 0 but received {" + oh + ", " + ow + "}");
        }
        if (input.length != 3 && input.length != 4) {
            throw new IllegalArgumentException("adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got "
                    + Shapes.format(input));
        }
        for (int d = input.length - 3; d < input.length; d++) {
            if (input[d] == 0) {
                throw new IllegalArgumentException("adaptive_avg_pool2d(): Expected input to have non-zero size for"
                        + " non-batch dimensions, but input has sizes " + Shapes.format(input) + " with dimension " + d
                        + " being empty");
            }
        }
        int[] in = input.length == 4 ? input : new int[]{1, input[0], input[1], input[2]};
        return new PoolShape(in[0] * in[1], in[2], in[3], oh, ow, 0, 0, 0, 0, 0, 0, 1, 1);
    }

    /** The output shape: the input's leading dims with the last two replaced. */
    static int[] outputShape(int[] input, int oh, int ow) {
        int[] out = input.clone();
        out[out.length - 2] = oh;
        out[out.length - 1] = ow;
        return out;
    }
}
