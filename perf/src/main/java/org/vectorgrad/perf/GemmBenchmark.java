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
import org.vectorgrad.engine.DType;
import org.vectorgrad.engine.Generator;
import org.vectorgrad.engine.MatMul;
import org.vectorgrad.engine.NDArray;
import org.vectorgrad.engine.NDArrays;
import org.vectorgrad.engine.Parallel;

/**
 * Square float32 GEMM {@code C = A @ B} ({@code 2 n^3} flops per op), the workload of
 * {@code shared/anchors/gemm_anchor.py}: GFLOP/s = {@code 2 n^3 / (us/op) / 1e3}. {@code sgemm} writes into a
 * preallocated C; {@code sgemmTransposedB} reads B as a transposed view ({@code A @ W^T}, as nn.Linear does).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class GemmBenchmark {
    @Param({"64", "128", "256", "512", "1024", "2048"})
    public int n;

    @Param({"1", "2"})
    public int threads;

    private NDArray a;
    private NDArray b;
    private NDArray bt;
    private NDArray c;

    @Setup(Level.Trial)
    public void setUp() {
        Parallel.setThreads(threads);
        Generator g = new Generator(42);
        a = NDArrays.randn(g, DType.FLOAT32, n, n);
        b = NDArrays.randn(g, DType.FLOAT32, n, n);
        bt = b.t();
        c = NDArrays.zeros(n, n);
    }

    @Benchmark
    public NDArray sgemm() {
        return MatMul.matmulInto(a, b, c);
    }

    @Benchmark
    public NDArray sgemmTransposedB() {
        return MatMul.matmulInto(a, bt, c);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        a.close();
        b.close();
        bt.close();
        c.close();
    }
}
