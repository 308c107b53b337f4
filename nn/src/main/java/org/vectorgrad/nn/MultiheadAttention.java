package org.vectorgrad.nn;

import java.util.List;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.DType;
import org.vectorgrad.engine.Generator;
import org.vectorgrad.engine.Shapes;

/**
 * Multi-head attention as {@code torch.nn.MultiheadAttention}: {@code numHeads} heads of size
 * {@code embedDim / numHeads} over projections of query, key and value, then an output projection. Parameters
 * have PyTorch's names and initialisation: {@code in_proj_weight [3E, E]} (xavier uniform), {@code in_proj_bias}
 * (zeros), {@code out_proj.weight} (Linear's default) and {@code out_proj.bias} (zeros).
 *
 * <p>Inputs are {@code [L, N, E]}, or {@code [N, L, E]} with {@code batchFirst}, or unbatched {@code [L, E]}.
 * Dropout on the attention weights is active only in training mode.
 *
 * <pre>{@code
 * var att = new MultiheadAttention(128, 4, 0.0, true, true);
 * Tensor y = att.forward(x, x, x, null, false).output();   // self-attention, [N, L, 128]
 * }</pre>
 */
public final class MultiheadAttention extends Module {
    /** The stacked query, key and value projection weights, {@code [3 * embedDim, embedDim]}. */
    public final Parameter inProjWeight;
    /** The stacked projection biases {@code [3 * embedDim]}, or null without bias. */
    public final Parameter inProjBias;
    /** The output projection. */
    public final Linear outProj;
    private final int embedDim;
    private final int numHeads;
    private final int headDim;
    private final double dropout;
    private final boolean batchFirst;
    private final Generator generator;

    /** The attention output and, when requested, the attention weights (else null). */
    public record Output(Tensor output, Tensor weights) {
    }

    /** {@code MultiheadAttention(embed_dim, num_heads)}: no dropout, with bias, sequence-first inputs. */
    public MultiheadAttention(int embedDim, int numHeads) {
        this(embedDim, numHeads, 0.0, true, false);
    }

    /**
     * @param dropout    probability of dropping attention weights in training
     * @param bias       whether the input and output projections have biases
     * @param batchFirst inputs and outputs are {@code [N, L, E]} instead of {@code [L, N, E]}
     */
    public MultiheadAttention(int embedDim, int numHeads, double dropout, boolean bias, boolean batchFirst) {
        this(embedDim, numHeads, dropout, bias, batchFirst, Generator.defaultGenerator());
    }

    /** With the generator used for initialisation and for dropout masks. */
    public MultiheadAttention(int embedDim, int numHeads, double dropout, boolean bias, boolean batchFirst,
            Generator generator) {
        if (numHeads <= 0 || embedDim % numHeads != 0) {
            throw new IllegalArgumentException("embed_dim must be divisible by num_heads");
        }
        Functional.checkDropoutProbability(dropout);
        this.embedDim = embedDim;
        this.numHeads = numHeads;
        this.headDim = embedDim / numHeads;
        this.dropout = dropout;
        this.batchFirst = batchFirst;
        this.generator = generator;
        inProjWeight = register("in_proj_weight", new Parameter(Tensor.empty(3 * embedDim, embedDim)));
        Init.xavierUniform_(inProjWeight, 1.0, generator);
        inProjBias = bias ? register("in_proj_bias", new Parameter(Tensor.zeros(3 * embedDim))) : null;
        outProj = register("out_proj", new NonDynamicallyQuantizableLinear(embedDim, embedDim, bias, generator));
        if (bias) {
            Init.zeros_(outProj.bias);
        }
    }

    /** The model dimension E. */
    public int embedDim() {
        return embedDim;
    }

    /** The number of heads; each has size {@code embedDim / numHeads}. */
    public int numHeads() {
        return numHeads;
    }

    /** Whether inputs are {@code [N, L, E]}. */
    public boolean batchFirst() {
        return batchFirst;
    }

    /** Attention without masks, returning the head-averaged weights. */
    public Output forward(Tensor query, Tensor key, Tensor value) {
        return forward(query, key, value, null, true, null, true);
    }

    /**
     * Attention with an optional {@code attnMask} ({@code [L, S]} or {@code [N * numHeads, L, S]}; bool where
     * true means "may not attend", or float added to the scores); with {@code needWeights} the head-averaged
     * attention weights {@code [N, L, S]} are returned too.
     */
    public Output forward(Tensor query, Tensor key, Tensor value, Tensor attnMask, boolean needWeights) {
        return forward(query, key, value, null, needWeights, attnMask, true);
    }

    /**
     * The full form of PyTorch's {@code forward}: {@code keyPaddingMask} {@code [N, S]} (bool, true = ignore this
     * key; or float, added) may be null; {@code averageAttnWeights} false returns per-head weights
     * {@code [N, numHeads, L, S]}.
     */
    public Output forward(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, boolean needWeights,
            Tensor attnMask, boolean averageAttnWeights) {
        boolean batched = checkRanks(query, key, value);
        boolean selfAttention = query == key && key == value;
        boolean sharedKeyValue = key == value;
        Tensor q = toBatchFirst(query, batched);
        Tensor k = selfAttention ? q : toBatchFirst(key, batched);
        Tensor v = sharedKeyValue ? k : toBatchFirst(value, batched);
        if (q.size(-1) != embedDim) {
            throw new IllegalArgumentException("was expecting embedding dimension of " + embedDim + ", but got "
                    + q.size(-1));
        }
        if (!java.util.Arrays.equals(key.shape(), value.shape())) {
            throw new IllegalArgumentException("key shape " + Shapes.format(key.shape()) + " does not match value shape "
                    + Shapes.format(value.shape()));
        }
        int batch = q.size(0);
        int targetLength = q.size(1);
        int sourceLength = k.size(1);
        Tensor[] qkv = project(q, k, v, selfAttention, sharedKeyValue);
        Tensor mask = combinedMask(attnMask, batched ? keyPaddingMask : unsqueezeOrNull(keyPaddingMask), batch,
                targetLength, sourceLength, q.dtype());
        Attention.Result r = Attention.attend(splitHeads(qkv[0]), splitHeads(qkv[1]), splitHeads(qkv[2]), mask,
                isTraining() ? dropout : 0.0, false, null, generator);
        Tensor merged = r.output().transpose(1, 2).reshape(batch, targetLength, embedDim);
        Tensor out = outProj.forward(merged);
        out = !batched ? out.squeeze(0) : batchFirst ? out : out.transpose(0, 1);
        Tensor weights = null;
        if (needWeights) {
            weights = averageAttnWeights ? r.weights().mean(1) : r.weights();
            if (!batched) {
                weights = weights.squeeze(0);
            }
        }
        return new Output(out, weights);
    }

    /** True for batched 3-d inputs, false for unbatched 2-d ones; throws PyTorch's error otherwise. */
    private static boolean checkRanks(Tensor query, Tensor key, Tensor value) {
        if (query.dim() != 2 && query.dim() != 3) {
            throw new IllegalArgumentException("query should be unbatched 2D or batched 3D tensor but received "
                    + query.dim() + "-D query tensor");
        }
        if (key.dim() != query.dim() || value.dim() != query.dim()) {
            throw new IllegalArgumentException("For " + (query.dim() == 3 ? "batched (3-D)" : "unbatched (2-D)")
                    + " `query`, expected `key` and `value` to be " + query.dim() + "-D but found " + key.dim()
                    + "-D and " + value.dim() + "-D tensors respectively");
        }
        return query.dim() == 3;
    }

    private Tensor toBatchFirst(Tensor t, boolean batched) {
        return !batched ? t.unsqueeze(0) : batchFirst ? t : t.transpose(0, 1);
    }

    private static Tensor unsqueezeOrNull(Tensor t) {
        return t == null ? null : t.unsqueeze(0);
    }

    /** Query, key and value projections; self-attention takes all three from one GEMM. */
    private Tensor[] project(Tensor q, Tensor k, Tensor v, boolean selfAttention, boolean sharedKeyValue) {
        int e = embedDim;
        if (selfAttention) {
            List<Tensor> parts = q.linear(inProjWeight, inProjBias).chunk(3, -1);
            return parts.toArray(Tensor[]::new);
        }
        Tensor qp = q.linear(inProjWeight.narrow(0, 0, e), biasSlice(0, e));
        if (sharedKeyValue) {
            List<Tensor> kv = k.linear(inProjWeight.narrow(0, e, 2 * e), biasSlice(e, 2 * e)).chunk(2, -1);
            return new Tensor[]{qp, kv.get(0), kv.get(1)};
        }
        Tensor kp = k.linear(inProjWeight.narrow(0, e, e), biasSlice(e, e));
        Tensor vp = v.linear(inProjWeight.narrow(0, 2 * e, e), biasSlice(2 * e, e));
        return new Tensor[]{qp, kp, vp};
    }

    private Tensor biasSlice(int start, int length) {
        return inProjBias == null ? null : inProjBias.narrow(0, start, length);
    }

    /** {@code [N, L, E]} to {@code [N, heads, L, headDim]}. */
    private Tensor splitHeads(Tensor x) {
        return x.reshape(x.size(0), x.size(1), numHeads, headDim).transpose(1, 2);
    }

    /**
     * One additive mask broadcastable to {@code [N, heads, L, S]} from the attention mask and the key padding mask
     * (bool masks become -inf where true, PyTorch's convention for this module), or null when there is none.
     */
    private Tensor combinedMask(Tensor attnMask, Tensor keyPaddingMask, int batch, int targetLength, int sourceLength,
            DType type) {
        Tensor mask = null;
        if (attnMask != null) {
            if (attnMask.dim() == 2) {
                if (attnMask.size(0) != targetLength || attnMask.size(1) != sourceLength) {
                    throw new IllegalArgumentException("The shape of the 2D attn_mask is "
                            + Shapes.format(attnMask.shape()) + ", but should be (" + targetLength + ", " + sourceLength
                            + ").");
                }
                mask = additive(attnMask, type);
            } else if (attnMask.dim() == 3) {
                int[] expected = {batch * numHeads, targetLength, sourceLength};
                if (!java.util.Arrays.equals(attnMask.shape(), expected)) {
                    throw new IllegalArgumentException("The shape of the 3D attn_mask is "
                            + Shapes.format(attnMask.shape()) + ", but should be (" + expected[0] + ", " + expected[1]
                            + ", " + expected[2] + ").");
                }
                mask = additive(attnMask, type).reshape(batch, numHeads, targetLength, sourceLength);
            } else {
                throw new IllegalArgumentException("attn_mask's dimension " + attnMask.dim() + " is not supported");
            }
        }
        if (keyPaddingMask != null) {
            if (keyPaddingMask.dim() != 2 || keyPaddingMask.size(0) != batch || keyPaddingMask.size(1) != sourceLength) {
                throw new IllegalArgumentException("expecting key_padding_mask shape of (" + batch + ", " + sourceLength
                        + "), but got " + Shapes.format(keyPaddingMask.shape()));
            }
            Tensor padding = additive(keyPaddingMask, type).reshape(batch, 1, 1, sourceLength);
            mask = mask == null ? padding : mask.add(padding);
        }
        return mask;
    }

    private static Tensor additive(Tensor mask, DType type) {
        if (mask.dtype() == DType.BOOL) {
            return Tensor.zeros(type, mask.shape()).maskedFill(mask, Double.NEGATIVE_INFINITY);
        }
        return mask.to(type);
    }
}
