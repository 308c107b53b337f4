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
import org.vectorgrad.engine.NDArray;
import org.vectorgrad.engine.NDArrays;
import org.vectorgrad.engine.Parallel;
import org.vectorgrad.engine.Reduce;

/**
 * Reductions of contiguous float32 data, on uniform [0, 1) inputs as in {@code shared/anchors/elementwise_anchor.py}:
 * {@code sum} of all n elements (anchor {@code torch.sum}, GB/s = {@code 4 n / (ns/op)}) and {@code softmax} over
 * rows of 1024, i.e. of the {@code [n / 1024, 1024]} view (anchor {@code torch.softmax(a.view(-1, 1024), dim=1)},
 * G elements/s = {@code n / (ns/op)}). Both allocate their result, as PyTorch's do. Without an anchor: sums over
 * either dimension, amax and logsumexp over the rows of the same view.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class ReduceBenchmark {
    private static final int[] DIM0 = {0};
    private static final int[] DIM1 = {1};

    /** A multiple of 1024. */
    @Param({"16384", "1048576", "4194304"})
    public int n;

    @Param({"1", "2"})
    public int threads;

    private NDArray a;
    private NDArray rows;

    @Setup(Level.Trial)
    public void setUp() {
        Parallel.setThreads(threads);
        a = NDArrays.rand(new Generator(7), DType.FLOAT32, n);
        rows = a.view(n / 1024, 1024);
    }

    @Benchmark
    public double sum() {
        try (NDArray s = Reduce.sum(a)) {
            return s.getDouble();
        }
    }

    @Benchmark
    public double softmax() {
        try (NDArray s = Reduce.softmax(rows, 1)) {
            return s.getDouble(0, 0);
        }
    }

    @Benchmark
    public double sumDim0() {
        try (NDArray s = Reduce.sum(rows, DIM0, false)) {
            return s.getDouble(0);
        }
    }

    @Benchmark
    public double sumDim1() {
        try (NDArray s = Reduce.sum(rows, DIM1, false)) {
            return s.getDouble(0);
        }
    }

    @Benchmark
    public double amaxDim1() {
        try (NDArray s = Reduce.amax(rows, DIM1, false)) {
            return s.getDouble(0);
        }
    }

    @Benchmark
    public double logsumexpDim1() {
        try (NDArray s = Reduce.logsumexp(rows, DIM1, false)) {
            return s.getDouble(0);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        rows.close();
        a.close();
    }
}
