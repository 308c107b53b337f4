package org.vectorgrad.perf;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.vectorgrad.autograd.Autograd;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.BufferPool;
import org.vectorgrad.engine.DType;
import org.vectorgrad.engine.Generator;
import org.vectorgrad.engine.MemoryScope;
import org.vectorgrad.engine.Parallel;

/**
 * The conv and max-pool layers of the anchor's cnn_b64 workload ({@code shared/anchors/torch_train_anchor.py}) at
 * batch 64, through the autograd Tensor API as training uses them; {@code perf/conv_anchor.py} times PyTorch the same
 * way. {@code layer}:
 * <ul>
 *   <li>{@code conv1}: {@code x.conv2d(w, b)}, x [64, 1, 28, 28] (no grad, as the input batch), w [32, 1, 3, 3], b [32];
 *   <li>{@code conv2}: x [64, 32, 13, 13] (requires grad, as the first pool's output), w [64, 32, 3, 3], b [64];
 *   <li>{@code pool1}, {@code pool2}: {@code p.maxPool2d(2)} of the conv outputs, p [64, 32, 26, 26] and
 *   [64, 64, 11, 11] (requires grad).
 * </ul>
 * {@code forward} runs the op with grad mode on (the graph is recorded, as in training); {@code forwardBackward}
 * also takes the gradients of every input that requires grad with {@link Autograd#grad}, from an output gradient of
 * ones made once. Gradients are handed back without the copy into a leaf's {@code .grad} (in training the conv and
 * pool inputs are not leaves; PyTorch's anchor uses {@code torch.autograd.grad} alike). Each invocation runs inside
 * a {@link MemoryScope}, and every iteration checks that the live off-heap memory did not grow.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class ConvBenchmark {
    @Param({"conv1", "conv2", "pool1", "pool2"})
    public String layer;

    @Param({"1", "2"})
    public int threads;

    private Tensor input;
    private Tensor weight;
    private Tensor bias;
    private Tensor ones;
    private Tensor[] differentiated;
    private long liveBytes;

    @Setup(Level.Trial)
    public void setUp() {
        Parallel.setThreads(threads);
        Generator g = new Generator(0);
        switch (layer) {
            case "conv1" -> conv(g, new int[]{64, 1, 28, 28}, new int[]{32, 1, 3, 3}, false);
            case "conv2" -> conv(g, new int[]{64, 32, 13, 13}, new int[]{64, 32, 3, 3}, true);
            case "pool1" -> pool(g, 64, 32, 26, 26);
            case "pool2" -> pool(g, 64, 64, 11, 11);
            default -> throw new IllegalArgumentException("unknown layer '" + layer + "': conv1, conv2, pool1 or pool2");
        }
        int[] outputShape;
        try (MemoryScope scope = MemoryScope.open()) {
            outputShape = apply().shape();
        }
        ones = Tensor.ones(outputShape);
        liveBytes = BufferPool.liveBytes();
    }

    private void conv(Generator g, int[] x, int[] w, boolean inputRequiresGrad) {
        input = Tensor.randn(g, DType.FLOAT32, x).requiresGrad(inputRequiresGrad);
        weight = Tensor.randn(g, DType.FLOAT32, w).requiresGrad(true);
        bias = Tensor.randn(g, DType.FLOAT32, w[0]).requiresGrad(true);
        differentiated = inputRequiresGrad ? new Tensor[]{input, weight, bias} : new Tensor[]{weight, bias};
    }

    private void pool(Generator g, int... shape) {
        input = Tensor.randn(g, DType.FLOAT32, shape).requiresGrad(true);
        differentiated = new Tensor[]{input};
    }

    private Tensor apply() {
        return weight != null ? input.conv2d(weight, bias) : input.maxPool2d(2);
    }

    @Benchmark
    public double forward() {
        try (MemoryScope scope = MemoryScope.open()) {
            return apply().ndarray().getDouble(0, 0, 0, 0); // every output here is 4-d
        }
    }

    @Benchmark
    public double forwardBackward() {
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor[] grads = Autograd.grad(new Tensor[]{apply()}, differentiated, new Tensor[]{ones}, false, false,
                    false);
            return grads[0].ndarray().getDouble(0, 0, 0, 0);
        }
    }

    /** Memory must stay flat: every invocation releases what it allocated. */
    @TearDown(Level.Iteration)
    public void checkMemory() {
        if (BufferPool.liveBytes() != liveBytes) {
            throw new IllegalStateException("live off-heap bytes went from " + liveBytes + " to "
                    + BufferPool.liveBytes() + " during the iteration");
        }
    }
}
