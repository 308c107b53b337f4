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
import org.vectorgrad.engine.Unary;
import org.vectorgrad.engine.UnaryOp;

/**
 * Contiguous float32 unary ops into a preallocated output ({@code Unary.into}), on uniform [0, 1) inputs as in
 * {@code shared/anchors/elementwise_anchor.py}, whose {@code torch.exp(a, out=c)} and {@code torch.tanh(a, out=c)}
 * are the anchors of {@code op = EXP, TANH}: G elements/s = {@code n / (ns/op)}. The other ops (the activations and
 * {@code log}, {@code neg}) have no anchor; they show which SIMD kernels keep up with memory.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class UnaryBenchmark {
    /** A {@link UnaryOp} constant. */
    @Param({"EXP", "TANH", "SIGMOID", "RELU", "SILU", "GELU", "GELU_TANH", "LOG", "NEG"})
    public String op;

    @Param({"16384", "1048576", "4194304"})
    public int n;

    @Param({"1", "2"})
    public int threads;

    private UnaryOp unaryOp;
    private NDArray a;
    private NDArray out;

    @Setup(Level.Trial)
    public void setUp() {
        Parallel.setThreads(threads);
        unaryOp = UnaryOp.valueOf(op);
        a = NDArrays.rand(new Generator(7), DType.FLOAT32, n);
        out = NDArrays.zeros(n);
    }

    @Benchmark
    public NDArray into() {
        return Unary.into(unaryOp, a, out);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        a.close();
        out.close();
    }
}
