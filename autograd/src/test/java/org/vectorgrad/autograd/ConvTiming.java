package org.vectorgrad.autograd;

import java.util.Arrays;
import org.vectorgrad.engine.DType;
import org.vectorgrad.engine.Generator;
import org.vectorgrad.engine.MemoryScope;

/**
 * Ad-hoc timing (not a test: surefire does not pick up this name) of the conv and pooling layers of the cnn_b64
 * anchor workload (shared/anchors/torch_train_anchor.py) at batch 64: forward and backward, median of the runs.
 * Build with {@code ./mvnw -B -o -q -pl engine,autograd -DskipTests test-compile}, then run
 * {@code java --add-modules jdk.incubator.vector -cp engine/target/classes:autograd/target/classes:autograd/target/test-classes
 * org.vectorgrad.autograd.ConvTiming [runs]}. The first layer's input does not require grad, as in training.
 * Gradients are taken with {@link Autograd#grad}, which hands them back without the copy into a leaf's
 * {@code .grad} (in training, conv and pool inputs are not leaves).
 */
public final class ConvTiming {
    private ConvTiming() {
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Generator g = new Generator(0);
        int[][] inputs = {{64, 1, 28, 28}, {64, 32, 13, 13}};
        int[][] weights = {{32, 1, 3, 3}, {64, 32, 3, 3}};
        int[][] pooled = {{64, 32, 26, 26}, {64, 64, 11, 11}};
        for (int layer = 0; layer < 2; layer++) {
            Tensor x = Tensor.randn(g, DType.FLOAT32, inputs[layer]).requiresGrad(layer == 1);
            Tensor w = Tensor.randn(g, DType.FLOAT32, weights[layer]).requiresGrad(true);
            Tensor b = Tensor.randn(g, DType.FLOAT32, weights[layer][0]).requiresGrad(true);
            Tensor p = Tensor.randn(g, DType.FLOAT32, pooled[layer]).requiresGrad(true);
            double[][] t = new double[4][runs];
            for (int r = 0; r < runs; r++) {
                try (MemoryScope scope = MemoryScope.open()) {
                    long t0 = System.nanoTime();
                    Tensor y = x.conv2d(w, b);
                    Tensor gy = Tensor.onesLike(y);
                    long t1 = System.nanoTime();
                    Autograd.grad(new Tensor[]{y}, layer == 1 ? new Tensor[]{x, w, b} : new Tensor[]{w, b},
                            new Tensor[]{gy}, false, false, false);
                    long t2 = System.nanoTime();
                    Tensor m = p.maxPool2d(2);
                    Tensor gm = Tensor.onesLike(m);
                    long t3 = System.nanoTime();
                    Autograd.grad(new Tensor[]{m}, new Tensor[]{p}, new Tensor[]{gm}, false, false, false);
                    long t4 = System.nanoTime();
                    t[0][r] = (t1 - t0) / 1e6;
                    t[1][r] = (t2 - t1) / 1e6;
                    t[2][r] = (t3 - t2) / 1e6;
                    t[3][r] = (t4 - t3) / 1e6;
                }
            }
            System.out.printf("conv%d %s: forward %.2f ms, backward %.2f ms; maxpool2d(2) %s: forward %.2f ms,"
                    + " backward %.2f ms (medians of %d)%n", layer + 1, Arrays.toString(inputs[layer]), median(t[0]),
                    median(t[1]), Arrays.toString(pooled[layer]), median(t[2]), median(t[3]), runs);
        }
    }
}
