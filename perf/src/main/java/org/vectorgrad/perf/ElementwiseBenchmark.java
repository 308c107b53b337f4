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
import org.vectorgrad.engine.Binary;
import org.vectorgrad.engine.BinaryOp;
import org.vectorgrad.engine.DType;
import org.vectorgrad.engine.Generator;
import org.vectorgrad.engine.NDArray;
import org.vectorgrad.engine.NDArrays;
import org.vectorgrad.engine.Parallel;

/**
 * Contiguous float32 binary ops, the {@code add} workload of {@code shared/anchors/elementwise_anchor.py} (numpy
 * {@code np.add(a, b, out=c)} at 16K, 1M and 4M elements, one thread): {@code add} and {@code mul} write into a
 * preallocated output ({@code Binary.into}), {@code addAlloc} into a new array from the pool ({@code Binary.add}).
 * They move 12 bytes per element: GB/s = {@code 12 n / (ns/op)}. Unary ops are in {@link UnaryBenchmark},
 * reductions and softmax in {@link ReduceBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class ElementwiseBenchmark {
    @Param({"16384", "1048576", "4194304"})
    public int n;

    @Param({"1", "2"})
    public int threads;

    private NDArray a;
    private NDArray b;
    private NDArray out;

    @Setup(Level.Trial)
    public void setUp() {
        Parallel.setThreads(threads);
        Generator g = new Generator(7);
        a = NDArrays.rand(g, DType.FLOAT32, n);
        b = NDArrays.rand(g, DType.FLOAT32, n);
        out = NDArrays.zeros(n);
    }

    @Benchmark
    public NDArray add() {
        return Binary.into(BinaryOp.ADD, a, b, out);
    }

    @Benchmark
    public NDArray mul() {
        return Binary.into(BinaryOp.MUL, a, b, out);
    }

    @Benchmark
    public double addAlloc() {
        try (NDArray c = Binary.add(a, b)) {
            return c.getDouble(0);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        a.close();
        b.close();
        out.close();
    }
}
