package org.vectorgrad.perf;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.MemoryScope;
import org.vectorgrad.engine.Parallel;

/**
 * Autograd bookkeeping per op: the anchor's tiny_ops workload, 50 times {@code (h * 1.0001 + 0.001).tanh()} on 16
 * elements, then sum and backward; the time is divided by 150 forward ops as the anchor divides it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class AutogradBenchmark {
    private Tensor w;

    @Setup(Level.Trial)
    public void setUp() {
        Parallel.setThreads(1);
        w = Tensor.randn(16).requiresGrad(true);
    }

    @Benchmark
    @OperationsPerInvocation(150)
    public double tinyOps() {
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor h = w;
            for (int i = 0; i < 50; i++) {
                h = h.mul(1.0001).add(0.001).tanh();
            }
            h.sum().backward();
            double g = w.grad().ndarray().getDouble(0);
            w.grad().close(); // what zeroGrad does: the next step starts without a gradient
            w.setGrad(null);
            return g;
        }
    }
}
