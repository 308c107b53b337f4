package org.vectorgrad.nn;

import java.util.Arrays;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.Shapes;

/**
 * Layer and batch normalisation, composed from differentiable reductions: {@code (x - mean) * rsqrt(var + eps)}
 * with the biased variance, then the optional affine transform. {@link Functional} is their public face.
 */
final class Normalization {
    private Normalization() {
    }

    static Tensor layerNorm(Tensor input, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        int k = normalizedShape.length;
        int[] shape = input.shape();
        boolean fits = k >= 1 && shape.length >= k
                && Arrays.equals(Arrays.copyOfRange(shape, shape.length - k, shape.length), normalizedShape);
        if (!fits) {
            String expected = Shapes.format(normalizedShape);
            throw new IllegalArgumentException("Given normalized_shape=" + expected + ", expected input with shape [*, "
                    + expected.substring(1) + ", but got input of size" + Shapes.format(shape));
        }
        checkAffineShape("weight", weight, normalizedShape);
        checkAffineShape("bias", bias, normalizedShape);
        int[] dims = new int[k];
        for (int i = 0; i < k; i++) {
            dims[i] = -1 - i;
        }
        Tensor centered = input.sub(input.mean(dims, true));
        Tensor variance = centered.square().mean(dims, true);
        Tensor y = centered.mul(variance.add(eps).rsqrt());
        if (weight != null) {
            y = y.mul(weight);
        }
        return bias == null ? y : y.add(bias);
    }

    private static void checkAffineShape(String name, Tensor t, int[] normalizedShape) {
        if (t != null && !Arrays.equals(t.shape(), normalizedShape)) {
            throw new IllegalArgumentException("Expected " + name + " to be of same shape as normalized_shape, but got "
                    + name + " of shape " + Shapes.format(t.shape()) + " and normalized_shape = "
                    + Shapes.format(normalizedShape));
        }
    }

    /**
     * Batch normalisation over every dim but the channel dim 1. In training the batch statistics normalise and,
     * when running stats are given, update them in place: {@code running = (1 - momentum) running + momentum stat},
     * with the unbiased variance for {@code runningVar} as PyTorch does. In evaluation the running stats normalise.
     */
    static Tensor batchNorm(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
            boolean training, double momentum, double eps) {
        if (input.dim() < 2) {
            throw new IllegalArgumentException("batch_norm expects an input of at least 2 dimensions [N, C, *], got "
                    + Shapes.format(input.shape()));
        }
        int channels = input.size(1);
        checkChannels("running_mean", runningMean, channels);
        checkChannels("running_var", runningVar, channels);
        checkChannels("weight", weight, channels);
        checkChannels("bias", bias, channels);
        int[] dims = new int[input.dim() - 1];
        int[] channelShape = new int[input.dim()];
        Arrays.fill(channelShape, 1);
        channelShape[1] = channels;
        for (int i = 0; i < dims.length; i++) {
            dims[i] = i == 0 ? 0 : i + 1;
        }
        Tensor y;
        if (training) {
            long perChannel = input.numel() / Math.max(channels, 1);
            if (perChannel <= 1) {
                throw new IllegalArgumentException("Expected more than 1 value per channel when training, got input size "
                        + Shapes.format(input.shape()));
            }
            Tensor mean = input.mean(dims, true);
            Tensor centered = input.sub(mean);
            Tensor variance = centered.square().mean(dims, true);
            y = centered.mul(variance.add(eps).rsqrt());
            if (runningMean != null && runningVar != null) {
                updateRunningStats(runningMean, runningVar, mean, variance, momentum, perChannel);
            }
        } else {
            if (runningMean == null || runningVar == null) {
                throw new IllegalArgumentException("running_mean and running_var must be defined in evaluation mode");
            }
            Tensor invStd;
            try (var off = Tensor.noGrad()) {
                invStd = runningVar.add(eps).rsqrt().view(channelShape);
            }
            y = input.sub(runningMean.view(channelShape)).mul(invStd);
        }
        if (weight != null) {
            y = y.mul(weight.view(channelShape));
        }
        return bias == null ? y : y.add(bias.view(channelShape));
    }

    /** In place and unrecorded: the buffers are state, not part of the graph. */
    private static void updateRunningStats(Tensor runningMean, Tensor runningVar, Tensor mean, Tensor variance,
            double momentum, long n) {
        try (var off = Tensor.noGrad()) {
            int c = runningMean.size(0);
            runningMean.mul_(1 - momentum).add_(mean.detach().reshape(c).mul(momentum));
            double unbiased = (double) n / (n - 1);
            runningVar.mul_(1 - momentum).add_(variance.detach().reshape(c).mul(momentum * unbiased));
        }
    }

    private static void checkChannels(String name, Tensor t, int channels) {
        if (t != null && t.numel() != channels) {
            throw new IllegalArgumentException(name + " should contain " + channels + " elements not " + t.numel());
        }
    }
}
