package org.vectorgrad.engine;

import org.vectorgrad.engine.kernel.ConvShape;

/** The argument checks of conv2d and its backward kernels, worded as PyTorch's {@code check_shape_forward}. */
final class ConvChecks {
    private ConvChecks() {
    }

    /**
     * Checks a batched input shape {@code [n, cin, h, w]} against the weight shape and spec and returns the
     * geometry. {@code bias} may be null.
     */
    static ConvShape geometry(int[] input, int[] weight, int[] bias, Conv2dSpec spec) {
        if (weight.length != 4) {
            throw new IllegalArgumentException("Expected 4-dimensional weight for conv2d, but got " + weight.length
                    + "-dimensional weight of size " + Shapes.format(weight) + " instead");
        }
        int groups = spec.groups();
        if (weight[0] % groups != 0) {
            throw new IllegalArgumentException("Given groups=" + groups + ", expected weight to be divisible by " + groups
                    + " at dimension 0, but got weight of size " + Shapes.format(weight) + " instead");
        }
        if (input[1] != weight[1] * groups) {
            throw new IllegalArgumentException("Given groups=" + groups + ", weight of size " + Shapes.format(weight)
                    + ", expected input" + Shapes.format(input) + " to have " + weight[1] * groups
                    + " channels, but got " + input[1] + " channels instead");
        }
        if (bias != null && (bias.length != 1 || bias[0] != weight[0])) {
            throw new IllegalArgumentException("Given weight of size " + Shapes.format(weight) + ", expected bias to be"
                    + " 1-dimensional with " + weight[0] + " elements, but got bias of size " + Shapes.format(bias)
                    + " instead");
        }
        int paddedH = input[2] + 2 * spec.padH();
        int paddedW = input[3] + 2 * spec.padW();
        int kernelH = spec.dilationH() * (weight[2] - 1) + 1;
        int kernelW = spec.dilationW() * (weight[3] - 1) + 1;
        if (paddedH < kernelH || paddedW < kernelW) {
            throw new IllegalArgumentException("Calculated padded input size per channel: (" + paddedH + " x " + paddedW
                    + "). Kernel size: (" + kernelH + " x " + kernelW + "). Kernel size can't be greater than actual"
                    + " input size");
        }
        int oh = Conv2dSpec.outputSize(input[2], spec.padH(), spec.dilationH(), weight[2], spec.strideH());
        int ow = Conv2dSpec.outputSize(input[3], spec.padW(), spec.dilationW(), weight[3], spec.strideW());
        return new ConvShape(input[0], input[1], input[2], input[3], weight[0], weight[2], weight[3], oh, ow,
                spec.strideH(), spec.strideW(), spec.padH(), spec.padW(), spec.dilationH(), spec.dilationW(), groups);
    }

    /** The input's shape as a batch: 4-d as is, 3-d (unbatched) with a leading 1; anything else is an error. */
    static int[] batched(String op, int[] input) {
        if (input.length == 4) {
            return input.clone();
        }
        if (input.length == 3) {
            return new int[]{1, input[0], input[1], input[2]};
        }
        throw new IllegalArgumentException("Expected 3D (unbatched) or 4D (batched) input to " + op
                + ", but got input of size: " + Shapes.format(input));
    }

    /** Input, weight and bias must share one floating dtype. */
    static void checkTypes(NDArray input, NDArray weight, NDArray bias) {
        if (!input.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("\"conv2d\" not implemented for '" + Outputs.typeName(input.dtype()) + "'");
        }
        if (weight.dtype() != input.dtype()) {
            throw new IllegalArgumentException("Input type (" + tensorType(input.dtype()) + ") and weight type ("
                    + tensorType(weight.dtype()) + ") should be the same");
        }
        if (bias != null && bias.dtype() != input.dtype()) {
            throw new IllegalArgumentException("Input type (" + cName(input.dtype()) + ") and bias type ("
                    + cName(bias.dtype()) + ") should be the same");
        }
    }

    /** A backward operand must have the dtype of the forward's operands. */
    static void checkGradientType(NDArray operand, NDArray gradOutput) {
        checkTypes(operand, operand, null);
        if (gradOutput.dtype() != operand.dtype()) {
            throw new IllegalArgumentException("Expected grad_output of type " + tensorType(operand.dtype())
                    + ", but got " + tensorType(gradOutput.dtype()));
        }
    }

    /** A gradient must have the shape of what it is the gradient of. */
    static void checkShape(String what, int[] expected, NDArray actual) {
        if (!java.util.Arrays.equals(expected, actual.shape())) {
            throw new IllegalArgumentException("Expected " + what + " of size " + Shapes.format(expected) + ", but got "
                    + Shapes.format(actual.shape()));
        }
    }

    private static String tensorType(DType t) {
        return "torch." + Outputs.typeName(t) + "Tensor";
    }

    private static String cName(DType t) {
        return switch (t) {
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
            case INT32 -> "int";
            case INT64 -> "long int";
            case BOOL -> "bool";
        };
    }
}
