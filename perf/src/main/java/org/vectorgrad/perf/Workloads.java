package org.vectorgrad.perf;

import java.util.Random;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.MemoryScope;
import org.vectorgrad.nn.Conv2d;
import org.vectorgrad.nn.CrossEntropyLoss;
import org.vectorgrad.nn.Flatten;
import org.vectorgrad.nn.GELU;
import org.vectorgrad.nn.Layer;
import org.vectorgrad.nn.LayerNorm;
import org.vectorgrad.nn.Linear;
import org.vectorgrad.nn.Loss;
import org.vectorgrad.nn.MSELoss;
import org.vectorgrad.nn.MaxPool2d;
import org.vectorgrad.nn.MultiheadAttention;
import org.vectorgrad.nn.ReLU;
import org.vectorgrad.nn.Reduction;
import org.vectorgrad.nn.Sequential;
import org.vectorgrad.optim.Adam;
import org.vectorgrad.optim.AdamW;
import org.vectorgrad.optim.Optimizer;
import org.vectorgrad.optim.SGD;

/**
 * The training workloads of {@code shared/anchors/torch_train_anchor.py}, shape for shape: each is one training
 * step (zeroGrad, forward, loss, backward, step) inside a memory scope, as a user writes it.
 */
final class Workloads {
    private Workloads() {
    }

    /** One training step of a model on fixed data. */
    record Step(Layer model, Optimizer optimizer, Loss loss, Tensor x, Tensor y) {
        double run() {
            try (MemoryScope scope = MemoryScope.open()) {
                optimizer.zeroGrad();
                Tensor l = loss.forward(model.forward(x), y);
                l.backward();
                optimizer.step();
                return l.item();
            }
        }
    }

    static Tensor persistent(Tensor t) {
        t.ndarray().keepForever();
        return t;
    }

    /** mlp_b128: 784-512-256-10, cross-entropy, SGD momentum 0.9. */
    static Step mlp() {
        Sequential m = new Sequential(new Linear(784, 512), new ReLU(), new Linear(512, 256), new ReLU(),
                new Linear(256, 10));
        return new Step(m, new SGD(m.parameters(), new SGD.Options().lr(0.01).momentum(0.9)), new CrossEntropyLoss(),
                persistent(Tensor.randn(128, 784)), persistent(Tensor.randint(0, 10, 128)));
    }

    /** cnn_b64: the anchor's small CNN on 1x28x28, Adam 1e-3. */
    static Step cnn() {
        Sequential m = new Sequential(new Conv2d(1, 32, 3), new ReLU(), new MaxPool2d(2), new Conv2d(32, 64, 3),
                new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(1600, 128), new ReLU(), new Linear(128, 10));
        return new Step(m, new Adam(m.parameters(), new Adam.Options().lr(1e-3)), new CrossEntropyLoss(),
                persistent(Tensor.randn(64, 1, 28, 28)), persistent(Tensor.randint(0, 10, 64)));
    }

    /** dynamicnet_b64: the seed's DynamicNet, middle layer reused 0-3 times at random, MSE(sum), SGD momentum. */
    static Step dynamicNet() {
        DynamicNet m = new DynamicNet(1000, 100, 10, new Random(0));
        return new Step(m, new SGD(m.parameters(), new SGD.Options().lr(1e-4).momentum(0.9)),
                new MSELoss(Reduction.SUM), persistent(Tensor.randn(64, 1000)), persistent(Tensor.randn(64, 10)));
    }

    /** transformer_b16: two pre-norm blocks (d 128, 4 heads, seq 64), a linear head, AdamW. */
    static Step transformer() {
        Sequential m = new Sequential(new Block(128, 4), new Block(128, 4), new Flatten(), new Linear(64 * 128, 10));
        return new Step(m, new AdamW(m.parameters(), new AdamW.Options().lr(1e-3)), new CrossEntropyLoss(),
                persistent(Tensor.randn(16, 64, 128)), persistent(Tensor.randint(0, 10, 16)));
    }

    static final class DynamicNet extends Layer {
        private final Linear input;
        private final Linear middle;
        private final Linear output;
        private final Random random;

        DynamicNet(int in, int hidden, int out, Random random) {
            input = register("input_linear", new Linear(in, hidden));
            middle = register("middle_linear", new Linear(hidden, hidden));
            output = register("output_linear", new Linear(hidden, out));
            this.random = random;
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor h = input.forward(x).clamp(0.0, null);
            for (int i = random.nextInt(4); i > 0; i--) {
                h = middle.forward(h).clamp(0.0, null);
            }
            return output.forward(h);
        }
    }

    static final class Block extends Layer {
        private final LayerNorm ln1;
        private final MultiheadAttention att;
        private final LayerNorm ln2;
        private final Sequential mlp;

        Block(int d, int heads) {
            ln1 = register("ln1", new LayerNorm(d));
            att = register("att", new MultiheadAttention(d, heads, 0.0, true, true));
            ln2 = register("ln2", new LayerNorm(d));
            mlp = register("mlp", new Sequential(new Linear(d, 4 * d), new GELU(), new Linear(4 * d, d)));
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor a = ln1.forward(x);
            Tensor y = x.add(att.forward(a, a, a, null, false).output());
            return y.add(mlp.forward(ln2.forward(y)));
        }
    }
}
