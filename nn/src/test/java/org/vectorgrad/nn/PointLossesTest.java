package org.vectorgrad.nn;

import static org.junit.jupiter.api.Assertions.*;
import static org.vectorgrad.nn.Data.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vectorgrad.autograd.GradCheck;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.DType;

/** The elementwise losses: MSE, L1, Huber, SmoothL1, BCE, BCEWithLogits. */
class PointLossesTest {
    /** The script's {@code a} and {@code b}. */
    private static Tensor a() {
        return seq(shape(2, 3), 0.8, 0.1, 2.0);
    }

    private static Tensor b() {
        return seq(shape(2, 3), 0.5, 1.1, 2.0);
    }

    private static Tensor weight() {
        return Tensor.tensor(new double[]{1.0, 2.0, 0.5});
    }

    @Test
    void regressionLossesMatchPyTorch() {
        assertScalar(0.58489624708225, new MSELoss().forward(a(), b()));
        assertScalar(3.588259754521626, new L1Loss(Reduction.SUM).forward(a(), b()));
        assertValues(new double[]{
            0.6663739434146072, 0.09352526482499589, 0.03300160208555703, 0.013768298106306268, 0.07946199285215524,
            0.2507566677695578}, new HuberLoss(Reduction.NONE, 0.5).forward(a(), b()));
        assertValues(new double[]{
            1.3327478868292144, 0.18705052964999178, 0.06600320417111406, 0.027536596212612535, 0.1589239857043105,
            0.5015133355391156}, new SmoothL1Loss(Reduction.NONE, 0.5).forward(a(), b()));
    }

    @Test
    void smoothL1IsHuberOverBetaAndL1AtBetaZero() {
        double[] huber = new HuberLoss(Reduction.NONE, 0.7).forward(a(), b()).toDoubleArray();
        double[] smooth = new SmoothL1Loss(Reduction.NONE, 0.7).forward(a(), b()).toDoubleArray();
        for (int i = 0; i < huber.length; i++) {
            assertEquals(huber[i] / 0.7, smooth[i], 1e-12);
        }
        assertArrayEquals(new L1Loss(Reduction.NONE).forward(a(), b()).toDoubleArray(),
                new SmoothL1Loss(Reduction.NONE, 0).forward(a(), b()).toDoubleArray());
        assertScalar(new MSELoss(Reduction.SUM).forward(a(), b()).item() / 6, new MSELoss().forward(a(), b()));
    }

    @Test
    void binaryCrossEntropyMatchesPyTorchIncludingSaturation() {
        Tensor p = a().sigmoid();
        Tensor y = b().mul(3.0).sigmoid();
        assertScalar(0.4941683183264119, new BCELoss(weight(), Reduction.MEAN).forward(p, y));
        Tensor saturated = Tensor.tensor(new double[]{0.0, 1.0, 1.0, 0.3});
        assertValues(new double[]{
            100.0, 100.0, -0.0, 0.7803238741323343}, new BCELoss(null, Reduction.NONE).forward(saturated,
                Tensor.tensor(new double[]{1.0, 0.0, 1.0, 0.5})));
        // The composed form would give NaN here; PyTorch's gradient is large but finite.
        Tensor ends = Tensor.tensor(new double[]{0.0, 1.0}).requiresGrad(true);
        new BCELoss(null, Reduction.SUM).forward(ends, Tensor.tensor(new double[]{1.0, 0.0})).backward();
        assertValues(new int[]{2}, new double[]{
            -1000000003995.8029, 1000000003995.8029}, ends.grad(), 1e-12);
        Tensor float32 = Tensor.tensor(new float[]{1.0f}).requiresGrad(true);
        new BCELoss().forward(float32, Tensor.tensor(new float[]{0.0f})).backward();
        assertTrue(Float.isFinite(float32.grad().toFloatArray()[0]));
    }

    @Test
    void bceWithLogitsMatchesPyTorchAndIsStableForHugeLogits() {
        Tensor y = b().mul(3.0).sigmoid();
        Tensor posWeight = Tensor.tensor(new double[]{3.0, 1.0, 0.5});
        assertScalar(0.8235908760329376, new BCEWithLogitsLoss(weight(), Reduction.MEAN, posWeight).forward(a().mul(10.0), y));
        Tensor logits = Tensor.tensor(new float[]{200f, -200f, 0f}).requiresGrad(true);
        Tensor target = Tensor.tensor(new float[]{0f, 1f, 1f});
        Tensor loss = new BCEWithLogitsLoss(Reduction.NONE).forward(logits, target);
        assertArrayEquals(new float[]{200f, 200f, (float) Math.log(2)}, loss.toFloatArray(), 1e-5f);
        loss.sum().backward();
        assertArrayEquals(new float[]{1f, -1f, -0.5f}, logits.grad().toFloatArray(), 1e-6f);
        // Against the definition on moderate logits.
        Tensor x = a();
        double[] direct = new BCELoss(Reduction.NONE).forward(x.sigmoid(), y).toDoubleArray();
        assertArrayEquals(direct, new BCEWithLogitsLoss(null, Reduction.NONE, null).forward(x, y).toDoubleArray(), 1e-12);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Tensor x = leaf(a());
        Tensor t = leaf(b());
        GradCheck.gradcheck(in -> new MSELoss().forward(in[0], in[1]), x, t);
        GradCheck.gradcheck(in -> new L1Loss(Reduction.SUM).forward(in[0], in[1]), x, t);
        GradCheck.gradcheck(in -> new HuberLoss(Reduction.NONE, 0.5).forward(in[0], in[1]), x, t);
        GradCheck.gradcheck(in -> new SmoothL1Loss(Reduction.MEAN, 0.5).forward(in[0], in[1]), x, t);
        Tensor p = leaf(a().sigmoid());
        Tensor y = leaf(b().sigmoid());
        GradCheck.gradcheck(in -> new BCELoss(weight(), Reduction.MEAN).forward(in[0], in[1]), p, y);
        Tensor posWeight = Tensor.tensor(new double[]{3.0, 1.0, 0.5});
        GradCheck.gradcheck(in -> new BCEWithLogitsLoss(weight(), Reduction.SUM, posWeight).forward(in[0], in[1]), x, y);
    }

    @Test
    void shapeMismatchesAndBadArgumentsAreErrors() {
        Tensor x = Tensor.randn(2, 1);
        Tensor t = Tensor.randn(2);
        assertMessage("Using a target size ([2]) that is different to the input size ([2, 1]). This will likely lead to"
                + " incorrect results due to broadcasting. Please ensure they have the same size.",
                () -> new MSELoss().forward(x, t));
        assertThrows(IllegalArgumentException.class, () -> new L1Loss().forward(x, t));
        assertThrows(IllegalArgumentException.class, () -> new HuberLoss().forward(x, t));
        assertThrows(IllegalArgumentException.class, () -> new SmoothL1Loss().forward(x, t));
        assertMessage("Using a target size ([2]) that is different to the input size ([2, 1]) is deprecated. Please"
                + " ensure they have the same size.", () -> new BCELoss().forward(x.sigmoid(), t));
        assertMessage("Target size ([2]) must be the same as input size ([2, 1])",
                () -> new BCEWithLogitsLoss().forward(x, t));
        assertMessage("all elements of input should be between 0 and 1",
                () -> new BCELoss().forward(Tensor.tensor(new float[]{1.5f}), Tensor.tensor(new float[]{1f})));
        assertMessage("huber_loss does not support non-positive values for delta.",
                () -> new HuberLoss(Reduction.MEAN, 0).forward(t, t));
        assertMessage("smooth_l1_loss does not support negative values for beta.",
                () -> new SmoothL1Loss(Reduction.MEAN, -1).forward(t, t));
        assertMessage("foo is not a valid value for reduction", () -> Reduction.of("foo"));
        assertEquals(Reduction.SUM, Reduction.of("sum"));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable body) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, body).getMessage());
    }

    @Test
    void buffersAndPrinting() {
        BCEWithLogitsLoss loss = new BCEWithLogitsLoss(null, Reduction.MEAN, Tensor.ones(3));
        assertEquals(List.of("pos_weight"), List.copyOf(loss.stateDict().keySet()));
        assertEquals("BCEWithLogitsLoss()", loss.toString());
        assertEquals("MSELoss()", new MSELoss().toString());
        assertEquals("HuberLoss()", new HuberLoss().toString());
        assertEquals("SmoothL1Loss()", new SmoothL1Loss().toString());
        assertEquals("BCELoss()", new BCELoss().toString());
        assertEquals("L1Loss()", new L1Loss().toString());
        Tensor x = Tensor.randn(4).to(DType.FLOAT32);
        assertEquals(DType.FLOAT32, new MSELoss().forward(x, x.mul(2.0)).dtype());
    }
}
