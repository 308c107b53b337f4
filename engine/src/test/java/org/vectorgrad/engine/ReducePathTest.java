package org.vectorgrad.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.vectorgrad.engine.kernel.ReduceDriver;
import org.vectorgrad.engine.kernel.ReduceDriver.Path;
import org.vectorgrad.engine.kernel.ReduceGeometry;
import org.vectorgrad.engine.kernel.ReduceKind;

/**
 * Which kernel path a reduction takes, that results do not depend on the thread count, and the reduction
 * geometry (dim merging and reordering) against a naive element-by-element oracle written here.
 */
class ReducePathTest {
    private static Path path(NDArray a, int[] dims) {
        ReduceGeometry g = ReduceDims.geometry(a, ReduceDims.mask(dims, a.dim()), true);
        return ReduceDriver.path(ReduceKind.SUM, a.dtype(), g, true);
    }

    @Test
    void fastPathsAreTakenWhereTheLayoutAllows() {
        try (MemoryScope scope = MemoryScope.open()) {
            NDArray a = NDArrays.zeros(64, 32, 16);
            assertEquals(Path.INNER, path(a, null), "all dims of a contiguous array: one row");
            assertEquals(Path.INNER, path(a, new int[]{2}));
            assertEquals(Path.INNER, path(a, new int[]{1, 2}));
            assertEquals(Path.OUTER, path(a, new int[]{0}), "bias-gradient case");
            assertEquals(Path.OUTER, path(a, new int[]{0, 1}));
            assertEquals(Path.INNER, path(a.permute(2, 0, 1), null), "reordered to memory order");
            assertEquals(Path.INNER, path(a.transpose(0, 2), new int[]{0}));
            assertEquals(Path.STRIDED, path(a.slice(2, 0, 16, 2), new int[]{2}));
            assertEquals(Path.OUTER, path(a, new int[]{1}), "the kept inner dim is contiguous");
            assertEquals(Path.STRIDED, path(a.permute(1, 2, 0), new int[]{0}), "neither side contiguous");
            assertEquals(Path.STRIDED, path(NDArrays.zeros(DType.INT32, 8, 8), null));
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        int saved = Parallel.threads();
        try (MemoryScope scope = MemoryScope.open()) {
            Generator g = new Generator(7);
            // Large enough for several chunks of the inner and outer paths, and to be split over threads.
            NDArray flat = NDArrays.randn(g, DType.FLOAT32, 200_000);
            NDArray tall = NDArrays.randn(g, DType.FLOAT32, 2048, 96);
            NDArray wide = NDArrays.randn(g, DType.FLOAT32, 96, 2048);
            NDArray ints = NDArrays.randint(g, -100, 100, 200_000);
            double[][] runs = new double[2][];
            int[] threads = {1, 4};
            for (int r = 0; r < 2; r++) {
                Parallel.setThreads(threads[r]);
                runs[r] = concat(Reduce.sum(flat).toDoubleArray(),
                        Reduce.sum(tall, new int[]{0}, false).toDoubleArray(),
                        Reduce.var(tall, new int[]{0}, true, false).toDoubleArray(),
                        Reduce.sum(wide, new int[]{1}, false).toDoubleArray(),
                        Reduce.sum(wide.t(), new int[]{1}, false).toDoubleArray(),
                        Reduce.logsumexp(flat, null, false).toDoubleArray(),
                        Reduce.norm(flat, 3).toDoubleArray(),
                        Reduce.softmax(wide, 1).toDoubleArray(),
                        Reduce.argmax(flat).toDoubleArray(),
                        Reduce.sum(ints).toDoubleArray(),
                        Reduce.sum(wide.view(2, 48, 2048), new int[]{0, 2}, false).toDoubleArray(),
                        Reduce.sum(tall.view(64, 32, 96), new int[]{0, 2}, false).toDoubleArray());
            }
            assertArrayEquals(runs[0], runs[1], 0.0, "bit-for-bit equal with 1 and 4 threads");
        } finally {
            Parallel.setThreads(saved);
        }
    }

    /** Per-channel sums of NCHW arrays (the conv bias gradient: short runs at a stride) against a plain loop. */
    @Test
    void channelSumsAgreeWithALoop() {
        try (MemoryScope scope = MemoryScope.open()) {
            Generator g = new Generator(3);
            for (int[] shape : new int[][]{{64, 32, 26, 26}, {64, 64, 11, 11}, {3, 5, 1, 1}, {2, 3, 1, 15},
                    {5, 2, 1, 2047}, {7, 3, 40, 80}}) {
                NDArray a = NDArrays.randn(g, DType.FLOAT32, shape);
                double[] x = a.toDoubleArray();
                int area = shape[2] * shape[3];
                double[] expected = new double[shape[1]];
                double[] scale = new double[shape[1]];
                for (int i = 0; i < x.length; i++) {
                    expected[(i / area) % shape[1]] += x[i];
                    scale[(i / area) % shape[1]] += Math.abs(x[i]);
                }
                double[] got = Reduce.sum(a, new int[]{0, 2, 3}, false).toDoubleArray();
                for (int c = 0; c < shape[1]; c++) {
                    assertEquals(expected[c], got[c], 1e-6 * (1 + scale[c]), Arrays.toString(shape) + " channel " + c);
                }
            }
        }
    }

    private static double[] concat(double[]... parts) {
        return Arrays.stream(parts).flatMapToDouble(Arrays::stream).toArray();
    }

    @Provide
    Arbitrary<ArrayArbitraries.Spec> specs() {
        return ArrayArbitraries.specs();
    }

    @Provide
    Arbitrary<DType> types() {
        return Arbitraries.of(DType.values());
    }

    /** The twin (any dtype) against sums, maxima and arg-maxima taken element by element here. */
    @Property(tries = 150)
    void geometryAgreesWithNaiveOracle(@ForAll("specs") ArrayArbitraries.Spec spec, @ForAll("types") DType type,
            @ForAll @IntRange(min = 0, max = 255) int mask, @ForAll boolean keepdim) {
        try (MemoryScope scope = MemoryScope.open()) {
            NDArray a = spec.build(type);
            int[] dims = ReduceTwinTest.dims(mask, a.dim());
            boolean[] reduced = ReduceDims.mask(dims, a.dim());
            int[] shape = a.shape();
            int[] outShape = ReduceDims.outShape(shape, reduced, keepdim);
            int outN = (int) Shapes.numel(outShape);
            double[] x = a.toDoubleArray();
            double[] sum = new double[outN];
            double[] abs = new double[outN];
            double[] max = new double[outN];
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
            int[] index = new int[shape.length];
            for (int lin = 0; lin < x.length; lin++) {
                int rem = lin;
                for (int d = shape.length - 1; d >= 0; d--) {
                    index[d] = rem % shape[d];
                    rem /= shape[d];
                }
                int o = 0;
                for (int d = 0; d < shape.length; d++) {
                    if (!reduced[d]) {
                        o = o * shape[d] + index[d];
                    }
                }
                sum[o] += x[lin];
                abs[o] += Math.abs(x[lin]);
                max[o] = Math.max(max[o], x[lin]);
            }
            NDArray s = Reductions.sum(a, dims, keepdim, false);
            assertArrayEquals(outShape, s.shape());
            double[] got = s.toDoubleArray();
            double eps = type == DType.FLOAT32 ? 1e-6 : 1e-12;
            for (int o = 0; o < outN; o++) {
                assertEquals(sum[o], got[o], eps * (1 + abs[o]), "sum " + Arrays.toString(dims));
            }
            if (!ReduceTwinTest.hasEmptyReducedDim(a, dims)) {
                NDArray m = Reductions.extreme("amax", true, a, dims, keepdim, true);
                assertArrayEquals(max, m.toDoubleArray(), 0.0, "amax " + Arrays.toString(dims));
            }
            if (a.dim() > 0 && a.numel() > 0) {
                int d = Integer.numberOfTrailingZeros(mask | 0x100) % a.dim();
                NDArray idx = Reduce.argmax(a, d, keepdim);
                NDArray values = Reduce.max(a, d, keepdim).values();
                long[] ii = idx.toLongArray();
                double[] vv = values.toDoubleArray();
                double[] expected = Reductions.extreme("amax", true, a, new int[]{d}, keepdim, false).toDoubleArray();
                assertArrayEquals(expected, vv, 0.0);
                for (int o = 0; o < ii.length; o++) {
                    assertTrue(ii[o] >= 0 && ii[o] < a.size(d));
                }
                // The index points at a maximum: gathering it back gives the values.
                NDArray back = Index.gather(a, d, keepdim ? idx : idx.unsqueeze(d));
                assertArrayEquals(vv, back.toDoubleArray(), 0.0);
            }
        }
    }
}
