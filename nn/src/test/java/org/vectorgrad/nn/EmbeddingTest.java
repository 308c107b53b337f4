package org.vectorgrad.nn;

import static org.junit.jupiter.api.Assertions.*;
import static org.vectorgrad.nn.Data.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vectorgrad.autograd.GradCheck;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.DType;
import org.vectorgrad.engine.Generator;

/** Embedding: lookup, padding index, initialisation, gradients, errors, printing. */
class EmbeddingTest {
    @Test
    void looksUpRowsForAnyIndexShape() {
        Embedding emb = new Embedding(5, 3);
        Tensor idx = Tensor.tensor(new long[]{4, 0, 4, 2, 1, 1}, 2, 3);
        Tensor out = emb.forward(idx);
        assertArrayEquals(new int[]{2, 3, 3}, out.shape());
        float[] w = emb.weight.toFloatArray();
        float[] o = out.toFloatArray();
        long[] flat = idx.toLongArray();
        for (int i = 0; i < flat.length; i++) {
            for (int d = 0; d < 3; d++) {
                assertEquals(w[(int) flat[i] * 3 + d], o[i * 3 + d]);
            }
        }
        assertArrayEquals(new int[]{3}, emb.forward(Tensor.scalar(DType.INT64, 2)).shape());
        assertArrayEquals(new int[]{2, 3}, emb.forward(Tensor.tensor(new int[]{0, 1})).shape(), "int32 indices");
    }

    @Test
    void gradientsAccumulatePerRowAndSkipThePaddingRow() {
        Embedding emb = new Embedding(4, 2, 0);
        assertArrayEquals(new float[]{0, 0}, emb.weight.detach().select(0, 0).toFloatArray());
        Tensor idx = Tensor.tensor(new long[]{0, 2, 2, 3, 0});
        emb.forward(idx).sum().backward();
        assertArrayEquals(new float[]{0, 0, 0, 0, 2, 2, 1, 1}, emb.weight.grad().toFloatArray());
        Embedding last = new Embedding(4, 2, -1);
        assertEquals(3, last.paddingIdx());
        assertEquals("Embedding(4, 2, padding_idx=3)", last.toString());
    }

    @Test
    void weightGradientMatchesFiniteDifferences() {
        // Without padding: the padding row's zero gradient is deliberately not the derivative (as in PyTorch).
        Embedding emb = new Embedding(5, 3, null, new Generator(3));
        Tensor idx = Tensor.tensor(new long[]{1, 4, 4, 0, 2, 1}, 3, 2);
        emb.to(DType.FLOAT64);
        GradCheck.gradcheck(in -> emb.forward(idx).mul(seq(shape(3, 2, 3), 0.4, 0.3)), emb.weight);
    }

    @Test
    void initialisationIsStandardNormalAndSeedable() {
        Embedding big = new Embedding(100, 100, null, new Generator(1));
        Tensor w = big.weight.detach();
        assertEquals(0.0, w.mean().item(), 0.03);
        assertEquals(1.0, w.std().item(), 0.03);
        assertArrayEquals(w.toFloatArray(), new Embedding(100, 100, null, new Generator(1)).weight.toFloatArray());
        assertEquals(List.of("weight"), List.copyOf(big.namedParameters().keySet()));
    }

    @Test
    void errorsReadAsPyTorchs() {
        Embedding emb = new Embedding(3, 2);
        var range = assertThrows(IndexOutOfBoundsException.class, () -> emb.forward(Tensor.tensor(new long[]{3})));
        assertEquals("index out of range in self", range.getMessage());
        var type = assertThrows(IllegalArgumentException.class, () -> emb.forward(Tensor.tensor(new float[]{1})));
        assertEquals("Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int;"
                + " but got torch.FloatTensor instead (while checking arguments for embedding)", type.getMessage());
        var padding = assertThrows(IllegalArgumentException.class, () -> new Embedding(3, 2, 3));
        assertEquals("Padding_idx must be within num_embeddings", padding.getMessage());
        assertEquals("Embedding(10, 3)", new Embedding(10, 3).toString());
        assertEquals("Embedding(10, 3, padding_idx=0)", new Embedding(10, 3, 0).toString());
    }
}
