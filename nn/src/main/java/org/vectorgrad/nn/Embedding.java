package org.vectorgrad.nn;

import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.Generator;

/**
 * A lookup table of {@code numEmbeddings} vectors of size {@code embeddingDim}, as {@code torch.nn.Embedding}:
 * the weight starts N(0, 1); an optional padding index has a zero row that receives no gradient.
 */
public final class Embedding extends Layer {
    /** The table, {@code [numEmbeddings, embeddingDim]}. */
    public final Parameter weight;
    private final int numEmbeddings;
    private final int embeddingDim;
    private final Integer paddingIdx;

    /** Without a padding index, initialised from the default generator. */
    public Embedding(int numEmbeddings, int embeddingDim) {
        this(numEmbeddings, embeddingDim, null, Generator.defaultGenerator());
    }

    /** With a padding index (negative counts from the end; null for none). */
    public Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx) {
        this(numEmbeddings, embeddingDim, paddingIdx, Generator.defaultGenerator());
    }

    /** With a padding index (may be null) and the generator for the N(0, 1) initialisation. */
    public Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx, Generator generator) {
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.paddingIdx = paddingIdx == null ? null : normalizePaddingIdx(paddingIdx, numEmbeddings);
        weight = register("weight", new Parameter(Tensor.empty(numEmbeddings, embeddingDim)));
        Init.normal_(weight, 0, 1, generator);
        if (this.paddingIdx != null) {
            Init.zeros_(weight.detach().select(0, this.paddingIdx));
        }
    }

    /** PyTorch's check and wrap of a padding index: within {@code [-num, num)}, negative counted from the end. */
    static int normalizePaddingIdx(int paddingIdx, int numEmbeddings) {
        if (paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings) {
            throw new IllegalArgumentException("Padding_idx must be within num_embeddings");
        }
        return paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
    }

    /** The padding index (non-negative), or null. */
    public Integer paddingIdx() {
        return paddingIdx;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.embedding(input, weight, paddingIdx);
    }

    @Override
    protected String extraRepr() {
        return numEmbeddings + ", " + embeddingDim + (paddingIdx != null ? ", padding_idx=" + paddingIdx : "");
    }
}
