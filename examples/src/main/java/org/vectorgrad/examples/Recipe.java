package org.vectorgrad.examples;

import java.util.Locale;
import org.vectorgrad.engine.Generator;
import org.vectorgrad.nn.Conv2d;
import org.vectorgrad.nn.Flatten;
import org.vectorgrad.nn.Linear;
import org.vectorgrad.nn.MaxPool2d;
import org.vectorgrad.nn.Module;
import org.vectorgrad.nn.ReLU;
import org.vectorgrad.nn.Sequential;
import org.vectorgrad.optim.Adam;
import org.vectorgrad.optim.Optimizer;
import org.vectorgrad.optim.SGD;

/**
 * The two Fashion-MNIST workloads of {@code torch_fashion_anchor.py}, layer for layer and with the same optimizer
 * settings and batch sizes, so that the trainer's figures compare with PyTorch's one to one.
 */
public enum Recipe {
    /** Flatten, Linear 784-256, ReLU, Linear 256-128, ReLU, Linear 128-10; SGD lr 0.1 momentum 0.9; batch 128. */
    MLP(128, 5, "SGD lr 0.1 momentum 0.9") {
        @Override
        public Sequential model(Generator g) {
            return new Sequential(new Flatten(), new Linear(784, 256, true, g), new ReLU(),
                    new Linear(256, 128, true, g), new ReLU(), new Linear(128, 10, true, g));
        }

        @Override
        public Optimizer optimizer(Module model) {
            return new SGD(model.parameters(), new SGD.Options().lr(0.1).momentum(0.9));
        }
    },
    /**
     * Conv 1-32 3x3, ReLU, MaxPool 2, Conv 32-64 3x3, ReLU, MaxPool 2, Flatten, Linear 1600-128, ReLU,
     * Linear 128-10; Adam lr 1e-3; batch 64.
     */
    CNN(64, 3, "Adam lr 0.001") {
        @Override
        public Sequential model(Generator g) {
            return new Sequential(conv(1, 32, g), new ReLU(), new MaxPool2d(2), conv(32, 64, g), new ReLU(),
                    new MaxPool2d(2), new Flatten(), new Linear(1600, 128, true, g), new ReLU(),
                    new Linear(128, 10, true, g));
        }

        @Override
        public Optimizer optimizer(Module model) {
            return new Adam(model.parameters(), new Adam.Options().lr(1e-3));
        }
    };

    private final int batchSize;
    private final int defaultEpochs;
    private final String optimizerDescription;

    Recipe(int batchSize, int defaultEpochs, String optimizerDescription) {
        this.batchSize = batchSize;
        this.defaultEpochs = defaultEpochs;
        this.optimizerDescription = optimizerDescription;
    }

    /** The optimizer and its settings in a few words, for the trainer's first line. */
    public String optimizerDescription() {
        return optimizerDescription;
    }

    /** A fresh model whose initial weights are drawn from {@code g} (PyTorch's default initialisation). */
    public abstract Sequential model(Generator g);

    /** The optimizer over {@code model}'s parameters, as the anchor configures it. */
    public abstract Optimizer optimizer(Module model);

    /** Samples per training batch. */
    public int batchSize() {
        return batchSize;
    }

    /** Epochs trained when {@code --epochs} is not given. */
    public int defaultEpochs() {
        return defaultEpochs;
    }

    /** The name used on the command line and in checkpoint file names: {@code mlp} or {@code cnn}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The recipe named {@code name} on the command line (case-insensitive). */
    public static Recipe of(String name) {
        for (Recipe r : values()) {
            if (r.cliName().equalsIgnoreCase(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown model '" + name + "' (expected mlp or cnn)");
    }

    private static Conv2d conv(int in, int out, Generator g) {
        return new Conv2d(in, out, new int[]{3}, new int[]{1}, new int[]{0}, new int[]{1}, 1, true, g);
    }
}
