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
import org.openjdk.jmh.annotations.Warmup;
import org.vectorgrad.engine.Parallel;

/**
 * Milliseconds per training step of the anchor's workloads ({@code torch_train_anchor.py THREADS}): mlp_b128,
 * cnn_b64, dynamicnet_b64 and transformer_b16, on {@code threads} engine threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class TrainingBenchmark {
    @Param({"2"})
    public int threads;

    private Workloads.Step mlp;
    private Workloads.Step cnn;
    private Workloads.Step dynamicNet;
    private Workloads.Step transformer;

    @Setup(Level.Trial)
    public void setUp() {
        Parallel.setThreads(threads);
        mlp = Workloads.mlp();
        cnn = Workloads.cnn();
        dynamicNet = Workloads.dynamicNet();
        transformer = Workloads.transformer();
    }

    @Benchmark
    public double mlp_b128() {
        return mlp.run();
    }

    @Benchmark
    public double cnn_b64() {
        return cnn.run();
    }

    @Benchmark
    public double dynamicnet_b64() {
        return dynamicNet.run();
    }

    @Benchmark
    public double transformer_b16() {
        return transformer.run();
    }
}
