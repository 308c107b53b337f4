package org.vectorgrad.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.DType;

class ModuleTest {
    /** The seed's custom layer, as short as in the issue. */
    static class MyLinear extends Module {
        final Parameter weight, bias;

        MyLinear(int in, int out) {
            weight = register("weight", new Parameter(Tensor.randn(in, out)));
            bias = register("bias", new Parameter(Tensor.randn(out)));
        }

        Tensor forward(Tensor input) {
            return input.matmul(weight).add(bias);
        }
    }

    static final class TwoLayer extends Layer {
        final Linear fc1 = register("fc1", new Linear(4, 3));
        final Linear fc2 = register("fc2", new Linear(3, 2));

        @Override
        public Tensor forward(Tensor x) {
            return fc2.forward(fc1.forward(x).relu());
        }
    }

    @Test
    void theSeedCustomLayerReportsTwoParameters() {
        MyLinear m = new MyLinear(4, 3);
        assertEquals(2, m.parameters().size());
        assertTrue(m.weight.requiresGrad());
        assertTrue(m.weight.isLeaf());
        Tensor y = m.forward(Tensor.randn(2, 4));
        assertArrayEquals(new int[]{2, 3}, y.shape());
        y.sum().backward();
        assertArrayEquals(new int[]{4, 3}, m.weight.grad().shape());
    }

    @Test
    void parametersAreNamedAsPyTorchNamesThem() {
        TwoLayer net = new TwoLayer();
        assertEquals(List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"), List.copyOf(net.namedParameters().keySet()));
        assertEquals(4 * 3 + 3 + 3 * 2 + 2, net.numParameters());
        Sequential seq = new Sequential(new Linear(2, 2), new Linear(2, 1));
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias"), List.copyOf(seq.stateDict().keySet()));
        ModuleList<Linear> layers = new ModuleList<>(new Linear(1, 1));
        assertEquals(List.of("0.weight", "0.bias"), List.copyOf(layers.namedParameters().keySet()));
    }

    @Test
    void parameterSemantics() {
        Parameter p = new Parameter(Tensor.zeros(2));
        assertTrue(p.requiresGrad());
        assertFalse(new Parameter(Tensor.zeros(2), false).requiresGrad());
        var e = assertThrows(IllegalArgumentException.class, () -> new Parameter(Tensor.tensor(new long[]{1})));
        assertEquals("Only Tensors of floating point dtype can require gradients", e.getMessage());
        assertTrue(p.toString().startsWith("Parameter containing:\ntensor([0., 0.], requires_grad=True)"));
    }

    @Test
    void linearInitialisationIsBoundedByOneOverSqrtFanIn() {
        Linear l = new Linear(100, 50);
        double bound = 1 / Math.sqrt(100);
        for (double w : l.weight.toDoubleArray()) {
            assertTrue(Math.abs(w) <= bound);
        }
        for (double b : l.bias.toDoubleArray()) {
            assertTrue(Math.abs(b) <= bound);
        }
    }

    @Test
    void stateDictRoundTripAndErrors() {
        TwoLayer a = new TwoLayer();
        TwoLayer b = new TwoLayer();
        b.loadStateDict(a.stateDict(), true);
        assertArrayEquals(a.fc1.weight.toFloatArray(), b.fc1.weight.toFloatArray());
        Map<String, Tensor> partial = new java.util.LinkedHashMap<>(a.stateDict());
        partial.remove("fc2.bias");
        partial.put("fc3.weight", Tensor.zeros(1));
        var e = assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(partial, true));
        assertTrue(e.getMessage().contains("Missing key(s) in state_dict: \"fc2.bias\"."), e.getMessage());
        assertTrue(e.getMessage().contains("Unexpected key(s) in state_dict: \"fc3.weight\"."), e.getMessage());
        Map<String, Tensor> wrong = new java.util.LinkedHashMap<>(a.stateDict());
        wrong.put("fc1.bias", Tensor.zeros(4));
        var e2 = assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(wrong, true));
        assertTrue(e2.getMessage().contains("size mismatch for fc1.bias: copying a param with shape [4] from checkpoint,"
                + " the shape in current model is [3]."), e2.getMessage());
        partial.remove("fc3.weight");
        b.loadStateDict(partial, false);
    }

    @Test
    void trainEvalZeroGradToAndPrinting() {
        TwoLayer net = new TwoLayer();
        net.eval();
        assertFalse(net.fc1.isTraining());
        net.train();
        assertTrue(net.fc2.isTraining());
        net.forward(Tensor.randn(5, 4)).sum().backward();
        assertNotNull(net.fc1.weight.grad());
        net.zeroGrad();
        assertNull(net.fc1.weight.grad());
        assertEquals(3, net.modules().size());
        net.to(DType.FLOAT64);
        assertEquals(DType.FLOAT64, net.fc1.weight.dtype());
        assertArrayEquals(new int[]{5, 2}, net.forward(Tensor.randn(5, 4).to(DType.FLOAT64)).shape());
        assertEquals("TwoLayer(\n  (fc1): Linear(in_features=4, out_features=3, bias=True)\n"
                + "  (fc2): Linear(in_features=3, out_features=2, bias=True)\n)", net.toString());
    }
}
