package org.vectorgrad.nn;

import static org.junit.jupiter.api.Assertions.*;
import static org.vectorgrad.nn.Data.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vectorgrad.autograd.GradCheck;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.DType;

/** CrossEntropyLoss and NLLLoss: PyTorch's values, its weighted-mean formula, errors and gradients. */
class ClassLossesTest {
    private static final double[][] LOGITS = {{1.0, 2.0, 0.5}, {0.1, -1.0, 3.0}};
    private static final double[] WEIGHT = {0.2, 0.3, 0.5};

    private static Tensor logits() {
        return Tensor.tensor(new double[]{1.0, 2.0, 0.5, 0.1, -1.0, 3.0}, 2, 3);
    }

    private static Tensor weight() {
        return Tensor.tensor(WEIGHT);
    }

    private static Tensor targets(long... t) {
        return Tensor.tensor(t);
    }

    private static CrossEntropyLoss ce(Tensor weight, long ignoreIndex, Reduction r, double smoothing) {
        return new CrossEntropyLoss(weight, ignoreIndex, r, smoothing);
    }

    @Test
    void crossEntropyMatchesPyTorchForEveryOptionAndReduction() {
        Tensor t = targets(2, 0);
        assertScalar(2.467571501534218, new CrossEntropyLoss().forward(logits(), t));
        assertScalar(4.935143003068436, ce(null, -100, Reduction.SUM, 0).forward(logits(), t));
        assertValues(new double[]{
            1.964368784107945, 2.970774218960491}, ce(null, -100, Reduction.NONE, 0).forward(logits(), t));
        assertScalar(2.2519131940658155, ce(weight(), -100, Reduction.MEAN, 0).forward(logits(), t));
        assertScalar(1.5763392358460706, ce(weight(), -100, Reduction.SUM, 0).forward(logits(), t));
        assertValues(new double[]{
            0.9821843920539725, 0.5941548437920983}, ce(weight(), -100, Reduction.NONE, 0).forward(logits(), t));
        assertScalar(2.4042381682008847, ce(null, -100, Reduction.MEAN, 0.1).forward(logits(), t));
        assertScalar(4.808476336401769, ce(null, -100, Reduction.SUM, 0.1).forward(logits(), t));
        assertValues(new double[]{
            1.8977021174412783, 2.910774218960491}, ce(null, -100, Reduction.NONE, 0.1).forward(logits(), t));
        assertScalar(2.18220487480535, ce(weight(), -100, Reduction.MEAN, 0.1).forward(logits(), t));
        assertScalar(1.5275434123637448, ce(weight(), -100, Reduction.SUM, 0.1).forward(logits(), t));
        assertValues(new double[]{
            0.9311115789855068, 0.5964318333782381}, ce(weight(), -100, Reduction.NONE, 0.1).forward(logits(), t));
        Tensor ignored = targets(2, -100);
        assertScalar(1.8622231579710136, ce(weight(), -100, Reduction.MEAN, 0.1).forward(logits(), ignored));
        assertScalar(0.9311115789855068, ce(weight(), -100, Reduction.SUM, 0.1).forward(logits(), ignored));
        assertValues(new double[]{
            0.9311115789855068, 0.0}, ce(weight(), -100, Reduction.NONE, 0.1).forward(logits(), ignored));
    }

    /** PyTorch's weighted mean with label smoothing and an ignored target, written out by hand. */
    @Test
    void weightedSmoothedMeanFollowsPyTorchsFormula() {
        long[] target = {2, 1};
        long ignore = 1; // the second sample is ignored
        double eps = 0.1;
        double nllSum = 0, smoothSum = 0, weightSum = 0;
        for (int n = 0; n < 2; n++) {
            if (target[n] == ignore) {
                continue;
            }
            double max = Math.max(LOGITS[n][0], Math.max(LOGITS[n][1], LOGITS[n][2]));
            double lse = max + Math.log(Math.exp(LOGITS[n][0] - max) + Math.exp(LOGITS[n][1] - max)
                    + Math.exp(LOGITS[n][2] - max));
            int y = (int) target[n];
            nllSum += -WEIGHT[y] * (LOGITS[n][y] - lse);
            for (int c = 0; c < 3; c++) {
                smoothSum += -WEIGHT[c] * (LOGITS[n][c] - lse);
            }
            weightSum += WEIGHT[y];
        }
        // (1 - eps) * sum_n w[y_n] nll_n / sum_n w[y_n]  +  eps / C * sum_n sum_c w_c (-log p_nc) / sum_n w[y_n]
        double expected = (1 - eps) * nllSum / weightSum + eps / 3 * smoothSum / weightSum;
        assertScalar(expected, ce(weight(), ignore, Reduction.MEAN, eps).forward(logits(), targets(target)));
    }

    @Test
    void nllLossWeightsAndIgnoresAsPyTorch() {
        Tensor t = targets(-100, 1);
        assertScalar(1.0, new NLLLoss(weight(), -100, Reduction.MEAN).forward(logits(), t));
        assertScalar(0.3, new NLLLoss(weight(), -100, Reduction.SUM).forward(logits(), t));
        assertValues(new double[]{
            0.0, 0.3}, new NLLLoss(weight(), -100, Reduction.NONE).forward(logits(), t));
        Tensor logProbabilities = logits().logSoftmax(1);
        assertScalar(new CrossEntropyLoss().forward(logits(), targets(1, 2)).item(),
                new NLLLoss().forward(logProbabilities, targets(1, 2)));
    }

    @Test
    void kDimensionalProbabilityAndUnbatchedInputs() {
        Tensor kdim = seq(shape(2, 3, 2), 0.9, 0.2, 2.0);
        assertScalar(1.9337837648105363, Functional.crossEntropy(kdim, Tensor.tensor(new long[]{0, 2, 1, 1}, 2, 2),
                weight(), -100, Reduction.MEAN, 0));
        Tensor probabilities = seq(shape(2, 3), 1.3, 0.4).softmax(1);
        assertScalar(0.394536672688047, ce(weight(), -100, Reduction.MEAN, 0.2).forward(logits(), probabilities));
        Tensor unbatched = ce(null, -100, Reduction.NONE, 0).forward(logits().select(0, 0), Tensor.scalar(DType.INT64, 1));
        assertScalar(0.4643687841079449, unbatched);
    }

    @Test
    void allTargetsIgnoredGivesNaNMeanAndZeroSum() {
        Tensor t = targets(-100, -100);
        assertTrue(Double.isNaN(new CrossEntropyLoss().forward(logits(), t).item()));
        assertEquals(0.0, new CrossEntropyLoss(Reduction.SUM).forward(logits(), t).item());
        assertEquals(0.0, new NLLLoss(Reduction.SUM).forward(logits(), t).item());
    }

    @Test
    void errorsReadAsPyTorchs() {
        var out = assertThrows(IndexOutOfBoundsException.class,
                () -> new CrossEntropyLoss().forward(logits(), targets(0, 3)));
        assertEquals("Target 3 is out of bounds.", out.getMessage());
        var negative = assertThrows(IndexOutOfBoundsException.class,
                () -> new NLLLoss().forward(logits(), targets(-1, 0)));
        assertEquals("Target -1 is out of bounds.", negative.getMessage());
        assertMessage("Expected input batch_size (2) to match target batch_size (3).",
                () -> new NLLLoss().forward(logits(), targets(0, 1, 2)));
        assertMessage("0D or 1D target tensor expected, multi-target not supported",
                () -> new NLLLoss().forward(logits(), Tensor.tensor(new long[]{0, 1, 1, 1}, 2, 2)));
        assertMessage("Expected target size [2, 4], got [2, 2]",
                () -> new NLLLoss().forward(Tensor.randn(2, 3, 4), Tensor.tensor(new long[]{0, 1, 1, 1}, 2, 2)));
        assertMessage("expected scalar type Long but found Float",
                () -> new NLLLoss().forward(logits(), Tensor.tensor(new float[]{0, 1})));
        assertMessage("expected scalar type Long but found Int",
                () -> new CrossEntropyLoss().forward(logits(), Tensor.tensor(new int[]{0, 1})));
        assertMessage("weight tensor should be defined either for all 3 classes or no classes but got weight tensor"
                + " of shape: [2]", () -> new NLLLoss(Tensor.ones(2), -100, Reduction.MEAN).forward(logits(),
                targets(0, 1)));
        assertMessage("Expected 1 or more dimensions (got 0)",
                () -> new NLLLoss().forward(Tensor.scalar(1.0), Tensor.scalar(DType.INT64, 0)));
        assertMessage("label_smoothing must be between 0.0 and 1.0. Got: 1.5",
                () -> ce(null, -100, Reduction.MEAN, 1.5));
        assertMessage("ignore_index is not supported for floating point target",
                () -> ce(null, 1, Reduction.MEAN, 0).forward(logits(), logits().softmax(1)));
        assertMessage("size mismatch (got input: [3], target: [1])",
                () -> new NLLLoss().forward(Tensor.randn(3), targets(1)));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable body) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, body).getMessage());
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Tensor x = leaf(seq(shape(3, 4), 0.8, 0.3, 2.0));
        Tensor t = targets(3, -100, 0);
        GradCheck.gradcheck(in -> ce(weight4(), -100, Reduction.MEAN, 0.15).forward(in[0], t), x);
        GradCheck.gradcheck(in -> ce(null, -100, Reduction.NONE, 0).forward(in[0], t), x);
        GradCheck.gradcheck(in -> new NLLLoss(weight4(), -100, Reduction.SUM).forward(in[0], t), x);
        Tensor kdim = leaf(seq(shape(2, 3, 2), 0.9, 0.2, 2.0));
        GradCheck.gradcheck(in -> Functional.crossEntropy(in[0], Tensor.tensor(new long[]{0, 2, 1, 1}, 2, 2)), kdim);
        Tensor probabilities = leaf(seq(shape(3, 4), 1.3, 0.4).softmax(1));
        GradCheck.gradcheck(in -> ce(weight4(), -100, Reduction.MEAN, 0.2).forward(in[0], in[1]), x, probabilities);
    }

    private static Tensor weight4() {
        return Tensor.tensor(new double[]{0.2, 0.3, 0.5, 1.5});
    }

    @Test
    void hugeLogitsStayFinite() {
        Tensor x = Tensor.tensor(new float[]{1000, -1000, 0, -1000, 1000, 0}, 2, 3).requiresGrad(true);
        Tensor loss = new CrossEntropyLoss().forward(x, targets(1, 1));
        assertEquals(1000.0, loss.item(), 1e-3);
        loss.backward();
        for (float g : x.grad().toFloatArray()) {
            assertTrue(Float.isFinite(g));
        }
        assertArrayEquals(new float[]{0.5f, -0.5f, 0, 0, 0, 0}, x.grad().toFloatArray(), 1e-6f);
    }

    @Test
    void classWeightsAreABufferAndLossesPrintAsPyTorch() {
        CrossEntropyLoss loss = ce(weight(), -100, Reduction.MEAN, 0.1);
        assertEquals(List.of("weight"), List.copyOf(loss.stateDict().keySet()));
        assertTrue(loss.parameters().isEmpty());
        assertEquals("CrossEntropyLoss()", loss.toString());
        assertEquals("NLLLoss()", new NLLLoss().toString());
        assertTrue(new CrossEntropyLoss().stateDict().isEmpty());
        loss.to(DType.FLOAT32);
        assertEquals(DType.FLOAT32, loss.stateDict().get("weight").dtype());
        Tensor x32 = logits().to(DType.FLOAT32);
        assertEquals(2.18220487480535, loss.forward(x32, targets(2, 0)).item(), 1e-6);
        assertEquals(Reduction.MEAN, loss.reduction());
    }
}
