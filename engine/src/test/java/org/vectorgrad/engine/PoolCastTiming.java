package org.vectorgrad.engine;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Ad-hoc timing (not a test: surefire does not pick up this name) of max_pool2d, the dtype casts and the comparison
 * ops on the shapes of the CNN workload. Uses only public API, so the same compiled class times any build of the
 * engine: {@code java --add-modules jdk.incubator.vector -cp <engine classes>:engine/target/test-classes
 * org.vectorgrad.engine.PoolCastTiming [runs] [threads]}. Prints the median ms per call of each case.
 */
public final class PoolCastTiming {
    private PoolCastTiming() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        if (args.length > 1) {
            Parallel.setThreads(Integer.parseInt(args[1]));
        }
        String only = args.length > 2 ? args[2] : "";
        Generator g = new Generator(0);
        int[] big = {64, 32, 26, 26};
        int[] small = {64, 64, 11, 11};
        NDArray x32 = NDArrays.randn(g, DType.FLOAT32, big).keepForever();
        NDArray x64 = x32.to(DType.FLOAT64).keepForever();
        NDArray s32 = NDArrays.randn(g, DType.FLOAT32, small).keepForever();
        NDArray b = Binary.gt(x32, 0.0).keepForever();
        NDArray i64 = NDArrays.randint(g, -1000, 1000, big).keepForever();
        NDArray i32 = i64.to(DType.INT32).keepForever();
        NDArray xt64 = x64.transpose(2, 3).keepForever();
        Pool2dSpec two = Pool2dSpec.of(2);
        ValuesIndices p32 = Pool.maxPool2d(x32, two);
        ValuesIndices p64 = Pool.maxPool2d(x64, two);
        ValuesIndices ps = Pool.maxPool2d(s32, two);
        NDArray g32 = NDArrays.randn(g, DType.FLOAT32, p32.values().shape()).keepForever();
        NDArray g64 = g32.to(DType.FLOAT64).keepForever();
        NDArray gs = NDArrays.randn(g, DType.FLOAT32, ps.values().shape()).keepForever();

        Map<String, Supplier<AutoCloseable>> cases = new LinkedHashMap<>();
        cases.put("maxpool f32 [64,32,26,26] fwd", () -> pair(Pool.maxPool2d(x32, two)));
        cases.put("maxpool f64 [64,32,26,26] fwd", () -> pair(Pool.maxPool2d(x64, two)));
        cases.put("maxpool f32 [64,64,11,11] fwd", () -> pair(Pool.maxPool2d(s32, two)));
        Pool2dSpec k3s2 = Pool2dSpec.of("max_pool2d", new int[]{3}, new int[]{2}, null, null, false);
        cases.put("maxpool f32 k3s2 [64,32,26,26] fwd", () -> Pool.maxPool2d(x32, k3s2));
        cases.put("maxpool f32 [64,32,26,26] bwd", () -> Pool.maxPool2dBackward(g32, p32.indices(), big));
        cases.put("maxpool f64 [64,32,26,26] bwd", () -> Pool.maxPool2dBackward(g64, p64.indices(), big));
        cases.put("maxpool f32 [64,64,11,11] bwd", () -> Pool.maxPool2dBackward(gs, ps.indices(), small));
        cases.put("gt(0) f32", () -> Binary.gt(x32, 0.0));
        cases.put("gt(0) f64", () -> Binary.gt(x64, 0.0));
        cases.put("lt(a,b) f32", () -> Binary.lt(x32, x32));
        cases.put("bool->f32", () -> b.to(DType.FLOAT32));
        cases.put("bool->f64", () -> b.to(DType.FLOAT64));
        cases.put("f32->f64", () -> x32.to(DType.FLOAT64));
        cases.put("f64->f32", () -> x64.to(DType.FLOAT32));
        cases.put("i64->f32", () -> i64.to(DType.FLOAT32));
        cases.put("i32->f64", () -> i32.to(DType.FLOAT64));
        cases.put("f32->bool", () -> x32.to(DType.BOOL));
        cases.put("f64->bool", () -> x64.to(DType.BOOL));
        cases.put("f64 transposed contiguous()", xt64::contiguous);
        cases.put("gt(0).to(f32) f32", () -> {
            try (NDArray m = Binary.gt(x32, 0.0)) {
                return m.to(DType.FLOAT32);
            }
        });
        for (var e : cases.entrySet()) {
            if (!e.getKey().contains(only)) {
                continue;
            }
            double[] t = new double[runs];
            for (int w = 0; w < 30; w++) {
                close(e.getValue().get());
            }
            for (int r = 0; r < runs; r++) {
                int reps = 10;
                long t0 = System.nanoTime();
                for (int k = 0; k < reps; k++) {
                    close(e.getValue().get());
                }
                t[r] = (System.nanoTime() - t0) / 1e6 / reps;
            }
            Arrays.sort(t);
            System.out.printf("%-32s %8.3f ms (min %.3f)%n", e.getKey(), t[runs / 2], t[0]);
        }
    }

    private static AutoCloseable pair(ValuesIndices r) {
        return () -> {
            r.values().close();
            r.indices().close();
        };
    }

    private static void close(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
