package org.vectorgrad.nn;

import static org.junit.jupiter.api.Assertions.*;
import static org.vectorgrad.nn.Data.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.DType;

/** LayerNorm, BatchNorm1d and BatchNorm2d: values, running statistics, train/eval, gradients, printing. */
class NormalizationTest {
    @Test
    void layerNormMatchesPyTorch() {
        LayerNorm ln = new LayerNorm(5);
        ln.to(DType.FLOAT64);
        ln.weight.ndarray().copy_(seq(shape(5), 0.3, 1.0).ndarray());
        ln.bias.ndarray().copy_(seq(shape(5), 0.6, 0.2).ndarray());
        assertValues(new double[]{
            0.673403628345508, 1.939028385470617, 1.4789989606789005, 0.046066825826710144, -0.6273819740064931,
            -0.34239630931399656, 1.596746193875303, 2.224257307026963, 0.8904242473910003, -0.688382731188063}, ln.forward(seq(shape(2, 5), 1.1, 0.5, 2.0)));
        LayerNorm plain = new LayerNorm(new int[]{2, 3}, 1e-5, false);
        assertTrue(plain.parameters().isEmpty());
        assertValues(new double[]{
            0.16789647117842338, 0.864919945978736, 0.9736190458500349, 0.47683257299907733, -0.5470078118548024,
            -1.9362602241514661, 1.91659509489811, 0.6399404443194991, -0.34971008062204517, -0.8961124224797038,
            -0.9130016657720008, -0.397711370343859}, plain.forward(seq(shape(2, 2, 3), 0.4, 0.9, 3.0)));
    }

    @Test
    void layerNormGradients() {
        LayerNorm ln = new LayerNorm(new int[]{3}, 1e-5, true);
        ln.to(DType.FLOAT64);
        ln.weight.ndarray().copy_(seq(shape(3), 0.3, 1.0).ndarray());
        ln.bias.ndarray().copy_(seq(shape(3), 0.6, 0.2).ndarray());
        gradcheckModule(ln, ln::forward, leaf(seq(shape(2, 2, 3), 0.7, 0.1, 2.0)));
        LayerNorm twoDims = new LayerNorm(new int[]{2, 2}, 1e-3, true);
        gradcheckModule(twoDims, twoDims::forward, leaf(seq(shape(2, 2, 2), 0.9, 0.4)));
    }

    @Test
    void batchNormTrainingStepUpdatesRunningStatsAsPyTorch() {
        BatchNorm1d bn = new BatchNorm1d(3);
        bn.to(DType.FLOAT64);
        Tensor x = seq(shape(4, 3), 0.9, 0.4, 2.0).add(1.0);
        assertValues(new double[]{
            0.42730416820520595, 1.2863273762600362, 0.9043979021946322, -0.3226174861692509, -1.4645104412600922,
            -1.1154001002305507, -1.4139238515691177, 0.39295900241024234, 1.0841924109818484, 1.3092371695331626,
            -0.21477593741018636, -0.8731902129459295}, bn.forward(x));
        assertValues(new double[]{
            0.13824419689758374, 0.13181905180896106, 0.10131388267315809}, bn.runningMean());
        assertValues(new double[]{
            1.0147400788430005, 1.108595529028841, 1.3193222581722148}, bn.runningVar());
        assertEquals(1, bn.numBatchesTracked());
        bn.eval();
        assertValues(new double[]{
            1.6286252798542808, 2.654846940697914, 2.1901714876246965, 0.938024484140222, -0.6129945579748978,
            -0.9282594318997034, -0.06695655610140755, 1.5935752702727846, 2.4677619965218973, 2.440794963088221,
            0.8716201466773935, -0.5543038182116157}, bn.forward(x));
        assertEquals(1, bn.numBatchesTracked(), "eval does not count batches");
        assertValues(new double[]{
            0.13824419689758374, 0.13181905180896106, 0.10131388267315809}, bn.runningMean());
    }

    @Test
    void runningStatsFollowTheMomentumFormulaWithUnbiasedVariance() {
        BatchNorm2d bn = new BatchNorm2d(2, 1e-5, 0.3, true, true);
        Tensor x = Tensor.randn(3, 2, 2, 2);
        bn.forward(x);
        double[] v = x.toDoubleArray();
        for (int c = 0; c < 2; c++) {
            double sum = 0;
            double sq = 0;
            int n = 0;
            for (int b = 0; b < 3; b++) {
                for (int i = 0; i < 4; i++) {
                    double e = v[b * 8 + c * 4 + i];
                    sum += e;
                    sq += e * e;
                    n++;
                }
            }
            double mean = sum / n;
            double unbiased = (sq - n * mean * mean) / (n - 1);
            assertEquals(0.3 * mean, bn.runningMean().toDoubleArray()[c], 1e-6);
            assertEquals(0.7 + 0.3 * unbiased, bn.runningVar().toDoubleArray()[c], 1e-5);
        }
    }

    @Test
    void cumulativeAverageWhenMomentumIsNone() {
        BatchNorm2d bn = new BatchNorm2d(2, 1e-5, null, true, true);
        bn.to(DType.FLOAT64);
        Tensor x = seq(shape(2, 2, 2, 3), 0.6, 0.1, 1.5);
        bn.forward(x);
        bn.forward(x.mul(2.0).add(1.0));
        assertValues(new double[]{
            1.479027347148693, -0.1481939100673863}, bn.runningMean());
        assertValues(new double[]{
            1.769599013792587, 2.6358827805328837}, bn.runningVar());
        assertEquals(2, bn.numBatchesTracked());
        bn.resetRunningStats();
        assertEquals(0, bn.numBatchesTracked());
        assertArrayEquals(new double[]{1, 1}, bn.runningVar().toDoubleArray());
    }

    @Test
    void evalNormalisesWithRunningStatsAndTrainWithBatchStats() {
        BatchNorm1d bn = new BatchNorm1d(2);
        Tensor x = Tensor.tensor(new float[]{1, 10, 3, 20, 5, 60}, 3, 2);
        bn.eval();
        // Fresh running stats are mean 0, variance 1: eval is the identity up to eps.
        assertArrayEquals(x.toFloatArray(), bn.forward(x).toFloatArray(), 1e-3f);
        bn.train();
        Tensor y = bn.forward(x);
        assertArrayEquals(new float[]{0, 0}, y.mean(new int[]{0}, false).toFloatArray(), 1e-5f);
        assertArrayEquals(new float[]{1, 1}, y.var(new int[]{0}, false, false).toFloatArray(), 1e-3f);
        BatchNorm1d untracked = new BatchNorm1d(2, 1e-5, 0.1, false, false);
        assertTrue(untracked.stateDict().isEmpty());
        untracked.eval();
        assertArrayEquals(y.toFloatArray(), untracked.forward(x).toFloatArray(), 1e-5f);
    }

    @Test
    void batchNormGradientsInTrainAndEval() {
        BatchNorm1d bn1 = new BatchNorm1d(3);
        bn1.to(DType.FLOAT64);
        bn1.weight.ndarray().copy_(seq(shape(3), 0.3, 1.0).ndarray());
        bn1.bias.ndarray().copy_(seq(shape(3), 0.6, 0.2).ndarray());
        gradcheckModule(bn1, bn1::forward, leaf(seq(shape(2, 3, 2), 0.7, 0.1, 2.0)));
        bn1.eval();
        gradcheckModule(bn1, bn1::forward, leaf(seq(shape(4, 3), 0.5, 0.3)));
        BatchNorm2d bn2 = new BatchNorm2d(2);
        gradcheckModule(bn2, bn2::forward, leaf(seq(shape(2, 2, 2, 2), 0.8, 0.2, 1.5)));
    }

    @Test
    void buffersAreRegisteredAsInPyTorch() {
        BatchNorm2d bn = new BatchNorm2d(4);
        assertEquals(List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"),
                List.copyOf(bn.stateDict().keySet()));
        assertEquals(List.of("weight", "bias"), List.copyOf(bn.namedParameters().keySet()));
        assertEquals(DType.INT64, bn.namedBuffers().get("num_batches_tracked").dtype());
        bn.to(DType.FLOAT64);
        assertEquals(DType.FLOAT64, bn.runningMean().dtype());
        assertEquals(DType.INT64, bn.namedBuffers().get("num_batches_tracked").dtype());
        BatchNorm2d copy = new BatchNorm2d(4);
        copy.to(DType.FLOAT64);
        bn.forward(Tensor.randn(2, 4, 3, 3).to(DType.FLOAT64));
        copy.loadStateDict(bn.stateDict(), true);
        assertArrayEquals(bn.runningVar().toDoubleArray(), copy.runningVar().toDoubleArray());
        assertEquals(1, copy.numBatchesTracked());
    }

    @Test
    void runningStatsSurviveTheMemoryScopesOfTrainingSteps() {
        BatchNorm1d bn = new BatchNorm1d(3);
        Linear fc = new Linear(3, 2);
        Sequential model = new Sequential(bn, fc);
        for (int step = 0; step < 3; step++) {
            try (var scope = org.vectorgrad.engine.MemoryScope.open()) {
                Tensor loss = new CrossEntropyLoss().forward(model.forward(Tensor.randn(4, 3)), Tensor.tensor(new long[]{0, 1,
                        1, 0}));
                loss.backward();
                try (var off = Tensor.noGrad()) {
                    for (Parameter p : model.parameters()) {
                        p.sub_(p.grad().mul(0.1));
                    }
                }
                model.zeroGrad();
            }
        }
        assertEquals(3, bn.numBatchesTracked());
        assertEquals(3, bn.runningMean().toFloatArray().length, "still readable after the scopes closed");
        model.eval();
        assertArrayEquals(new int[]{2, 2}, model.forward(Tensor.randn(2, 3)).shape());
    }

    @Test
    void printingMatchesPyTorch() {
        assertEquals("LayerNorm((4,), eps=1e-05, elementwise_affine=True)", new LayerNorm(4).toString());
        assertEquals("LayerNorm((4, 5), eps=1e-05, elementwise_affine=False)",
                new LayerNorm(new int[]{4, 5}, 1e-5, false).toString());
        assertEquals("BatchNorm1d(4, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)",
                new BatchNorm1d(4).toString());
        assertEquals("BatchNorm2d(3, eps=0.001, momentum=None, affine=True, track_running_stats=True)",
                new BatchNorm2d(3, 1e-3, null, true, true).toString());
    }

    @Test
    void errorsReadAsPyTorchs() {
        assertMessage("Given normalized_shape=[4], expected input with shape [*, 4], but got input of size[2, 3]",
                () -> new LayerNorm(4).forward(Tensor.randn(2, 3)));
        assertMessage("Expected more than 1 value per channel when training, got input size [1, 3]",
                () -> new BatchNorm1d(3).forward(Tensor.randn(1, 3)));
        assertMessage("expected 2D or 3D input (got 4D input)", () -> new BatchNorm1d(3).forward(Tensor.randn(2, 3, 4, 5)));
        assertMessage("expected 4D input (got 3D input)", () -> new BatchNorm2d(3).forward(Tensor.randn(2, 3, 4)));
        assertMessage("running_mean should contain 3 elements not 4", () -> new BatchNorm1d(4).forward(Tensor.randn(2, 3)));
        BatchNorm1d one = new BatchNorm1d(3);
        one.eval();
        assertArrayEquals(new int[]{1, 3}, one.forward(Tensor.randn(1, 3)).shape(), "a single sample is fine in eval");
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable body) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, body).getMessage());
    }
}
