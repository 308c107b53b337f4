package org.vectorgrad.examples;

import java.util.Locale;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.DType;
import org.vectorgrad.engine.Generator;
import org.vectorgrad.engine.MemoryScope;
import org.vectorgrad.nn.Layer;
import org.vectorgrad.nn.Linear;
import org.vectorgrad.nn.MSELoss;
import org.vectorgrad.nn.Reduction;
import org.vectorgrad.optim.SGD;

/**
 * PyTorch's classic dynamic-graph example ("Control Flow + Weight Sharing"): a fully connected ReLU network whose
 * forward pass applies the same middle layer 0 to 3 times, chosen at random on every call. Plain Java control
 * flow decides the graph's shape each step, and because the middle layer's parameters are used several times,
 * their gradients are the sums over the uses.
 *
 * <pre>{@code
 * DynamicNet model = new DynamicNet(1000, 100, 10, new Generator(0), new Generator(1));
 * Tensor y = model.forward(x);          // input_linear, middle_linear 0-3 times, output_linear
 * }</pre>
 *
 * <p>{@link #main} trains it as the example does: N=64, D_in=1000, H=100, D_out=10, sum-reduced MSELoss, SGD with
 * lr 1e-4 and momentum 0.9, 500 steps on one fixed random batch.
 */
public final class DynamicNet extends Layer {
    /** The first layer, {@code D_in -> H}. */
    public final Linear inputLinear;
    /** The shared layer, {@code H -> H}, applied 0 to 3 times per forward pass. */
    public final Linear middleLinear;
    /** The last layer, {@code H -> D_out}. */
    public final Linear outputLinear;
    private final Generator control;

    /**
     * The three layers with PyTorch's initialisation drawn from {@code init}; {@code control} draws the number of
     * uses of the middle layer on every {@link #forward(Tensor)} (Python's {@code random.randint(0, 3)}).
     */
    public DynamicNet(int dIn, int hidden, int dOut, Generator init, Generator control) {
        inputLinear = register("input_linear", new Linear(dIn, hidden, true, init));
        middleLinear = register("middle_linear", new Linear(hidden, hidden, true, init));
        outputLinear = register("output_linear", new Linear(hidden, dOut, true, init));
        this.control = control;
    }

    /** The forward pass with the middle layer applied a random number of times, 0 to 3. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, (int) control.nextLong(0, 4));
    }

    /** The forward pass with the middle layer applied exactly {@code middleUses} times. */
    public Tensor forward(Tensor x, int middleUses) {
        Tensor h = inputLinear.forward(x).clamp(0.0, null);
        for (int i = 0; i < middleUses; i++) {
            h = middleLinear.forward(h).clamp(0.0, null);
        }
        return outputLinear.forward(h);
    }

    /**
     * Trains a fresh network for {@code steps} steps on a fixed random batch (N=64, D_in=1000, H=100, D_out=10), as
     * the example does, each step in its own memory scope. Everything random comes from {@code seed}. Returns the
     * loss of every step, taken before that step's update.
     */
    public static double[] train(int steps, long seed) {
        Generator g = new Generator(seed);
        Tensor x = Tensor.randn(g, DType.FLOAT32, 64, 1000);
        Tensor y = Tensor.randn(g, DType.FLOAT32, 64, 10);
        DynamicNet model = new DynamicNet(1000, 100, 10, g, new Generator(seed + 1));
        MSELoss lossFn = new MSELoss(Reduction.SUM);
        SGD optimizer = new SGD(model.parameters(), new SGD.Options().lr(1e-4).momentum(0.9));
        double[] losses = new double[steps];
        try {
            for (int t = 0; t < steps; t++) {
                try (MemoryScope step = MemoryScope.open()) {
                    optimizer.zeroGrad();
                    Tensor loss = lossFn.forward(model.forward(x), y);
                    loss.backward();
                    optimizer.step();
                    losses[t] = loss.item();
                }
            }
        } finally {
            x.close();
            y.close();
        }
        return losses;
    }

    /** Trains for {@code args[0]} steps (default 500), printing the loss every 50 steps and the time per step. */
    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        long t0 = System.nanoTime();
        double[] losses = train(steps, 0);
        double seconds = (System.nanoTime() - t0) / 1e9;
        for (int t = 0; t < steps; t++) {
            if (t % 50 == 49 || t == steps - 1) {
                System.out.printf(Locale.ROOT, "%d %.6f%n", t, losses[t]);
            }
        }
        System.out.printf(Locale.ROOT, "dynamicnet_b64: %d steps in %.2f s, %.1f us/step (first steps included)%n",
                steps, seconds, seconds / Math.max(1, steps) * 1e6);
    }
}
