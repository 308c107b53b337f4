package org.vectorgrad.nn;

import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.Generator;
import org.vectorgrad.engine.NDArray;
import org.vectorgrad.engine.NDArrays;

/**
 * PyTorch's {@code torch.nn.init}: fills a tensor in place, without recording, from a seedable generator
 * (the default generator when none is given). Each returns the tensor.
 */
public final class Init {
    private Init() {
    }

    private static Tensor fill(Tensor t, NDArray values) {
        try (values) {
            t.ndarray().copy_(values);
        }
        return t;
    }

    public static Tensor uniform_(Tensor t, double low, double high, Generator g) {
        try (NDArray u = NDArrays.rand(g, t.dtype(), t.shape())) {
            return fill(t, org.vectorgrad.engine.Binary.apply(org.vectorgrad.engine.BinaryOp.ADD,
                    org.vectorgrad.engine.Binary.apply(org.vectorgrad.engine.BinaryOp.MUL, u, high - low), low));
        }
    }

    public static Tensor uniform_(Tensor t, double low, double high) {
        return uniform_(t, low, high, Generator.defaultGenerator());
    }

    public static Tensor normal_(Tensor t, double mean, double std, Generator g) {
        try (NDArray n = NDArrays.randn(g, t.dtype(), t.shape())) {
            return fill(t, org.vectorgrad.engine.Binary.apply(org.vectorgrad.engine.BinaryOp.ADD,
                    org.vectorgrad.engine.Binary.apply(org.vectorgrad.engine.BinaryOp.MUL, n, std), mean));
        }
    }

    public static Tensor normal_(Tensor t, double mean, double std) {
        return normal_(t, mean, std, Generator.defaultGenerator());
    }

    public static Tensor constant_(Tensor t, double value) {
        return fill(t, NDArrays.full(t.dtype(), value, t.shape()));
    }

    public static Tensor zeros_(Tensor t) {
        return constant_(t, 0);
    }

    public static Tensor ones_(Tensor t) {
        return constant_(t, 1);
    }

    /** Fan in and fan out as PyTorch computes them: dims 1 and 0 times the receptive field size. */
    static int[] fans(Tensor t) {
        if (t.dim() < 2) {
            throw new IllegalArgumentException("Fan in and fan out can not be computed for tensor with fewer than 2"
                    + " dimensions");
        }
        int receptive = 1;
        for (int d = 2; d < t.dim(); d++) {
            receptive *= t.size(d);
        }
        return new int[]{t.size(1) * receptive, t.size(0) * receptive};
    }

    /** PyTorch's {@code calculate_gain} for the nonlinearities used with kaiming init. */
    public static double gain(String nonlinearity, double param) {
        return switch (nonlinearity) {
            case "linear", "sigmoid", "conv2d" -> 1.0;
            case "tanh" -> 5.0 / 3;
            case "relu" -> Math.sqrt(2.0);
            case "leaky_relu" -> Math.sqrt(2.0 / (1 + param * param));
            case "selu" -> 3.0 / 4;
            default -> throw new IllegalArgumentException("Unsupported nonlinearity " + nonlinearity);
        };
    }

    public static Tensor xavierUniform_(Tensor t, double gain, Generator g) {
        int[] f = fans(t);
        double a = gain * Math.sqrt(6.0 / (f[0] + f[1]));
        return uniform_(t, -a, a, g);
    }

    public static Tensor xavierNormal_(Tensor t, double gain, Generator g) {
        int[] f = fans(t);
        return normal_(t, 0, gain * Math.sqrt(2.0 / (f[0] + f[1])), g);
    }

    /** Kaiming uniform with PyTorch's defaults: {@code fan_in} mode, {@code leaky_relu} with slope {@code a}. */
    public static Tensor kaimingUniform_(Tensor t, double a, boolean fanIn, String nonlinearity, Generator g) {
        int[] f = fans(t);
        double bound = gain(nonlinearity, a) * Math.sqrt(3.0 / (fanIn ? f[0] : f[1]));
        return uniform_(t, -bound, bound, g);
    }

    public static Tensor kaimingNormal_(Tensor t, double a, boolean fanIn, String nonlinearity, Generator g) {
        int[] f = fans(t);
        return normal_(t, 0, gain(nonlinearity, a) / Math.sqrt(fanIn ? f[0] : f[1]), g);
    }
}
