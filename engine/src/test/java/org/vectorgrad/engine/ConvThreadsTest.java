package org.vectorgrad.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Conv and pooling split their work over the pool; their results must not depend on the thread count. */
class ConvThreadsTest {
    /** Every conv and pooling kernel on shapes large enough to be split, as flat double arrays. */
    private static List<double[]> runAll() {
        List<double[]> out = new ArrayList<>();
        Generator g = new Generator(11);
        Conv2dSpec spec = Conv2dSpec.of(new int[]{1}, new int[]{1}, new int[]{1, 2}, 2);
        NDArray x = NDArrays.randn(g, DType.FLOAT32, 4, 4, 30, 30);
        NDArray w = NDArrays.randn(g, DType.FLOAT32, 6, 2, 3, 3);
        NDArray b = NDArrays.randn(g, DType.FLOAT32, 6);
        NDArray y = Conv.conv2d(x, w, b, spec);
        out.add(y.toDoubleArray());
        out.add(Conv.conv2dBackwardInput(y, w, x.shape(), spec).toDoubleArray());
        out.add(Conv.conv2dBackwardWeight(y, x, w.shape(), spec).toDoubleArray());
        // a Winograd layer (3 x 3, stride 1, 16+ channels), 384 tiles: the weight gradient takes three chunks
        Conv2dSpec same = Conv2dSpec.of(null, new int[]{1}, null, 1);
        NDArray xw = NDArrays.randn(g, DType.FLOAT32, 6, 16, 30, 29);
        NDArray ww = NDArrays.randn(g, DType.FLOAT32, 20, 16, 3, 3);
        NDArray yw = Conv.conv2d(xw, ww, null, same);
        out.add(yw.toDoubleArray());
        out.add(Conv.conv2dBackwardInput(yw, ww, xw.shape(), same).toDoubleArray());
        out.add(Conv.conv2dBackwardWeight(yw, xw, ww.shape(), same).toDoubleArray());
        NDArray p = NDArrays.randn(g, DType.FLOAT32, 4, 8, 40, 40);
        ValuesIndices m = Pool.maxPool2d(p, Pool2dSpec.of("max_pool2d", new int[]{3}, new int[]{2}, new int[]{1}, null,
                true));
        out.add(m.values().toDoubleArray());
        out.add(Pool.maxPool2dBackward(m.values(), m.indices(), p.shape()).toDoubleArray());
        Pool2dSpec avg = Pool2dSpec.of("avg_pool2d", new int[]{3}, new int[]{2}, new int[]{1}, null, true);
        NDArray a = Pool.avgPool2d(p, avg, false, null);
        out.add(a.toDoubleArray());
        out.add(Pool.avgPool2dBackward(a, p.shape(), avg, false, null).toDoubleArray());
        NDArray ad = Pool.adaptiveAvgPool2d(p, 7, 9);
        out.add(ad.toDoubleArray());
        out.add(Pool.adaptiveAvgPool2dBackward(ad, p.shape()).toDoubleArray());
        return out;
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        int saved = Parallel.threads();
        try (MemoryScope scope = MemoryScope.open()) {
            Parallel.setThreads(1);
            List<double[]> one = runAll();
            Parallel.setThreads(3);
            List<double[]> three = runAll();
            for (int i = 0; i < one.size(); i++) {
                assertArrayEquals(one.get(i), three.get(i), "result " + i);
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }
}
