package org.vectorgrad.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.Generator;

/**
 * The transformer workload (W5) of {@code shared/anchors/torch_train_anchor.py}, built from these layers: two
 * blocks of LayerNorm + self-attention + GELU MLP, then Flatten and a Linear classifier, trained with
 * cross-entropy. Batch 2 instead of 16 to keep the test fast; the shapes are otherwise the anchor's.
 */
class TransformerBlockTest {
    /** The anchor's {@code Block(d=128, h=4)}. */
    static final class Block extends Layer {
        final LayerNorm ln1;
        final MultiheadAttention att;
        final LayerNorm ln2;
        final Sequential mlp;

        Block(int d, int h) {
            ln1 = register("ln1", new LayerNorm(d));
            att = register("att", new MultiheadAttention(d, h, 0.0, true, true));
            ln2 = register("ln2", new LayerNorm(d));
            mlp = register("mlp", new Sequential(new Linear(d, 4 * d), new GELU(), new Linear(4 * d, d)));
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor a = ln1.forward(x);
            x = x.add(att.forward(a, a, a, null, false).output());
            return x.add(mlp.forward(ln2.forward(x)));
        }
    }

    @Test
    void theAnchorTransformerRunsForwardAndBackward() {
        Tensor.manualSeed(0);
        Sequential model = new Sequential(new Block(128, 4), new Block(128, 4), new Flatten(), new Linear(64 * 128, 10));
        assertEquals(478_474, model.numParameters(), "PyTorch's count for the same model");
        assertEquals(26, model.parameters().size());
        assertEquals(List.of("0.ln1.weight", "0.ln1.bias", "0.att.in_proj_weight", "0.att.in_proj_bias",
                "0.att.out_proj.weight", "0.att.out_proj.bias", "0.ln2.weight", "0.ln2.bias", "0.mlp.0.weight",
                "0.mlp.0.bias", "0.mlp.2.weight", "0.mlp.2.bias"),
                List.copyOf(model.namedParameters().keySet()).subList(0, 12));
        Tensor x = Tensor.randn(new Generator(1), org.vectorgrad.engine.DType.FLOAT32, 2, 64, 128);
        Tensor y = Tensor.tensor(new long[]{3, 7});
        Tensor logits = model.forward(x);
        assertArrayEquals(new int[]{2, 10}, logits.shape());
        Tensor loss = new CrossEntropyLoss().forward(logits, y);
        assertTrue(Double.isFinite(loss.item()) && loss.item() > 0, "loss " + loss.item());
        loss.backward();
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            Tensor g = e.getValue().grad();
            assertNotNull(g, e.getKey() + " has no gradient");
            assertArrayEquals(e.getValue().shape(), g.shape(), e.getKey());
            double norm = g.norm().item();
            assertTrue(Double.isFinite(norm) && norm > 0, e.getKey() + " gradient norm " + norm);
        }
    }

    @Test
    void printsAsPyTorchPrintsTheAnchorModel() {
        Sequential model = new Sequential(new Block(8, 2), new Flatten(), new Linear(8 * 4, 10));
        assertEquals("""
                Sequential(
                  (0): Block(
                    (ln1): LayerNorm((8,), eps=1e-05, elementwise_affine=True)
                    (att): MultiheadAttention(
                      (out_proj): NonDynamicallyQuantizableLinear(in_features=8, out_features=8, bias=True)
                    )
                    (ln2): LayerNorm((8,), eps=1e-05, elementwise_affine=True)
                    (mlp): Sequential(
                      (0): Linear(in_features=8, out_features=32, bias=True)
                      (1): GELU(approximate='none')
                      (2): Linear(in_features=32, out_features=8, bias=True)
                    )
                  )
                  (1): Flatten(start_dim=1, end_dim=-1)
                  (2): Linear(in_features=32, out_features=10, bias=True)
                )""", model.toString());
    }
}
