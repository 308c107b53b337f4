package org.vectorgrad.autograd;

import java.util.List;

/**
 * The one table of differentiable ops (as PyTorch's {@code derivatives.yaml}): every Tensor op with a gradient is
 * listed here, and a test fails when an entry has no gradient-check property.
 */
public final class DifferentiableOps {
    /**
     * Op names as the Tensor methods spell them; scalar and tensor forms listed separately where both exist. The
     * fused loss ops have no Tensor method: they are named after their Function in {@code ops.Losses}.
     */
    public static final List<String> NAMES = List.of(
            // arithmetic
            "add", "addScalar", "sub", "rsub", "mul", "mulScalar", "div", "divScalar", "neg", "pow", "powScalar", "rpow",
            "maximum", "minimum", "where", "maskedFill",
            // unary
            "exp", "log", "log1p", "expm1", "sqrt", "rsqrt", "reciprocal", "square", "sin", "cos", "tanh", "sigmoid",
            "relu", "leakyRelu", "gelu", "geluTanh", "silu", "softplus", "erf", "abs", "clamp",
            // reductions
            "sum", "sumDims", "mean", "meanDims", "max", "amax", "amin", "var", "std", "logsumexp", "norm", "cumsum",
            "softmax", "logSoftmax",
            // shape
            "view", "reshape", "permute", "transpose", "t", "slice", "narrow", "select", "expand", "squeeze",
            "unsqueeze", "flatten", "clone", "to", "cat", "stack", "split",
            // indexing and linear algebra
            "indexSelect", "gather", "scatterAdd", "indexAdd", "matmul", "linear",
            // fused for numerical stability (ops.Losses), not Tensor methods
            "binaryCrossEntropy",
            // convolution and pooling
            "conv2d", "maxPool2d", "avgPool2d", "adaptiveAvgPool2d");

    private DifferentiableOps() {
    }
}
