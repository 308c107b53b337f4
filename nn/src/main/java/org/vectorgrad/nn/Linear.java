package org.vectorgrad.nn;

import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.Generator;

/**
 * {@code y = x W^T + b} with weight {@code [out, in]}, as {@code torch.nn.Linear}, in one fused GEMM. Initialised
 * as PyTorch does: weight kaiming_uniform(a = sqrt 5), i.e. U(+-1/sqrt(in)), bias U(+-1/sqrt(in)). Not final only
 * so that PyTorch's few named variants (MultiheadAttention's {@code NonDynamicallyQuantizableLinear}) print as
 * PyTorch prints them.
 */
public class Linear extends Layer {
    public final Parameter weight;
    public final Parameter bias;
    private final int inFeatures;
    private final int outFeatures;

    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, true, Generator.defaultGenerator());
    }

    public Linear(int inFeatures, int outFeatures, boolean bias, Generator g) {
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        weight = register("weight", new Parameter(Tensor.empty(outFeatures, inFeatures)));
        Init.kaimingUniform_(weight, Math.sqrt(5), true, "leaky_relu", g);
        if (bias) {
            this.bias = register("bias", new Parameter(Tensor.empty(outFeatures)));
            double bound = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
            Init.uniform_(this.bias, -bound, bound, g);
        } else {
            this.bias = null;
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.linear(weight, bias);
    }

    @Override
    protected String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + (bias != null ? "True" : "False");
    }
}
