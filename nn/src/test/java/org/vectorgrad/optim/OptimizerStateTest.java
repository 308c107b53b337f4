package org.vectorgrad.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.BufferPool;
import org.vectorgrad.engine.DType;
import org.vectorgrad.engine.Generator;
import org.vectorgrad.engine.MemoryScope;

class OptimizerStateTest {
    /** Every optimizer with every option that adds work switched on. */
    static final List<Function<List<Tensor>, Optimizer>> ALL = List.of(
            ps -> new SGD(ps, new SGD.Options().lr(0.1).momentum(0.9).nesterov(true).weightDecay(0.01).maximize(true)),
            ps -> new SGD(ps, new SGD.Options().lr(0.1).momentum(0.9).dampening(0.1).weightDecay(0.01)),
            ps -> new Adam(ps, new Adam.Options().amsgrad(true).weightDecay(0.1).maximize(true)),
            ps -> new AdamW(ps, new AdamW.Options().amsgrad(true)),
            ps -> new RMSprop(ps, new RMSprop.Options().centered(true).momentum(0.5).weightDecay(0.1)),
            ps -> new Adagrad(ps, new Adagrad.Options().lrDecay(0.1).weightDecay(0.1).initialAccumulatorValue(0.1)));

    static List<Tensor> paramsWithGrads(DType type) {
        return paramsWithGrads(type, 7);
    }

    /** Parameters of several shapes (0-d and 0-size too) with gradients; the last has {@code lastSize} elements. */
    static List<Tensor> paramsWithGrads(DType type, int lastSize) {
        Generator g = new Generator(7);
        List<Tensor> ps = List.of(Tensor.randn(g, type, 3, 4).requiresGrad(true), Tensor.randn(g, type, 5).requiresGrad(true),
                Tensor.randn(g, type).requiresGrad(true), Tensor.randn(g, type, 0, 3).requiresGrad(true),
                Tensor.randn(g, type, lastSize).requiresGrad(true));
        for (Tensor p : ps) {
            Tensor grad = Tensor.randn(g, type, p.shape());
            grad.ndarray().keepForever();
            p.setGrad(grad);
        }
        return ps;
    }

    @Test
    void stepAllocatesNoOffHeapMemoryAfterTheFirst() {
        for (DType type : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            for (Function<List<Tensor>, Optimizer> make : ALL) {
                assertStepsAllocateNothing(make.apply(paramsWithGrads(type)), type);
            }
        }
        // a parameter large enough for the kernels to split it over the thread pool
        assertStepsAllocateNothing(ALL.get(2).apply(paramsWithGrads(DType.FLOAT32, 70_000)), DType.FLOAT32);
    }

    static void assertStepsAllocateNothing(Optimizer opt, DType type) {
        opt.step();
        long allocated = BufferPool.allocatedBytes();
        long live = BufferPool.liveBytes();
        try (MemoryScope scope = MemoryScope.open()) {
            for (int i = 0; i < 5; i++) {
                opt.step();
            }
            assertEquals(0, scope.size(), opt.getClass().getSimpleName() + " created arrays in step()");
        }
        assertEquals(allocated, BufferPool.allocatedBytes(), opt + " " + type);
        // the GC's cleaner may return arrays that earlier tests forgot, never add any
        assertTrue(BufferPool.liveBytes() <= live, opt + " " + type);
    }

    @Test
    void stepReadsGradientsAndKeepsParametersLeaves() {
        for (Function<List<Tensor>, Optimizer> make : ALL) {
            List<Tensor> ps = paramsWithGrads(DType.FLOAT64);
            double[] grad0 = ps.get(0).grad().toDoubleArray();
            double[] before = ps.get(0).toDoubleArray();
            int version = ps.get(0).ndarray().version();
            Optimizer opt = make.apply(ps);
            opt.step();
            assertArrayEquals(grad0, ps.get(0).grad().toDoubleArray(), 0.0);
            assertFalse(java.util.Arrays.equals(before, ps.get(0).toDoubleArray()));
            assertTrue(ps.get(0).ndarray().version() > version, "in-place updates bump the version");
            assertTrue(ps.get(0).isLeaf() && ps.get(0).requiresGrad() && ps.get(0).gradFn() == null);
        }
    }

    @Test
    void parametersWithoutGradientsAreSkipped() {
        Tensor a = Tensor.ones(DType.FLOAT64, 2).requiresGrad(true);
        Tensor b = Tensor.ones(DType.FLOAT64, 2).requiresGrad(true);
        a.setGrad(Tensor.ones(DType.FLOAT64, 2));
        Adam opt = new Adam(List.of(a, b));
        opt.step();
        assertArrayEquals(new double[]{1, 1}, b.toDoubleArray(), 0.0);
        assertTrue(opt.state(b).isEmpty());
        assertEquals(List.of("step", "exp_avg", "exp_avg_sq"), List.copyOf(opt.state(a).keySet()));
    }

    @Test
    void zeroGradSetsToNoneOrZeroes() {
        List<Tensor> ps = paramsWithGrads(DType.FLOAT32);
        SGD opt = new SGD(ps, 0.1);
        opt.zeroGrad(false);
        assertArrayEquals(new double[12], ps.get(0).grad().toDoubleArray(), 0.0);
        opt.zeroGrad();
        for (Tensor p : ps) {
            assertNull(p.grad());
        }
        Tensor w = Tensor.ones(DType.FLOAT64, 3).requiresGrad(true);
        w.mul(w).sum().backward();
        Tensor g = w.grad();
        new SGD(List.of(w), 0.1).zeroGrad();
        assertNull(w.grad());
        assertTrue(g.ndarray().isClosed(), "set to none releases the old gradient's memory at once");
    }

    @Test
    void stateDictRoundTripResumesExactly() {
        for (Function<List<Tensor>, Optimizer> make : ALL) {
            List<Tensor> ps = paramsWithGrads(DType.FLOAT64);
            Optimizer opt = make.apply(ps);
            opt.step();
            opt.step();
            Optimizer.StateDict sd = opt.stateDict();
            // a second optimizer over copies of the parameters, loaded from the state dict
            List<Tensor> copies = ps.stream().map(p -> {
                Tensor c = Tensor.wrap(p.ndarray().clone().keepForever()).requiresGrad(true);
                c.setGrad(Tensor.wrap(p.grad().ndarray().clone().keepForever()));
                return c;
            }).toList();
            Optimizer other = make.apply(copies);
            other.loadStateDict(sd);
            opt.step();
            other.step();
            for (int i = 0; i < ps.size(); i++) {
                assertArrayEquals(ps.get(i).toDoubleArray(), copies.get(i).toDoubleArray(), 0.0, opt.toString());
            }
            assertEquals(opt.stateDict().paramGroups(), other.stateDict().paramGroups());
        }
    }

    @Test
    void stateDictHasPyTorchsLayout() {
        Tensor a = Tensor.ones(DType.FLOAT64, 2).requiresGrad(true);
        Tensor b = Tensor.ones(DType.FLOAT64, 3).requiresGrad(true);
        a.setGrad(Tensor.ones(DType.FLOAT64, 2));
        b.setGrad(Tensor.ones(DType.FLOAT64, 3));
        Adam opt = new Adam(List.of(new ParamGroup(List.of(a)), new ParamGroup(List.of(b)).lr(0.5)),
                new Adam.Options().amsgrad(true));
        opt.step();
        Optimizer.StateDict sd = opt.stateDict();
        assertEquals(List.of(0, 1), List.copyOf(sd.state().keySet()));
        assertEquals(List.of("step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"), List.copyOf(sd.state().get(1).keySet()));
        assertEquals(1.0, sd.state().get(0).get("step").item());
        assertEquals(DType.FLOAT32, sd.state().get(0).get("step").dtype());
        Map<String, Object> g1 = sd.paramGroups().get(1);
        assertEquals(List.of("lr", "betas", "eps", "weight_decay", "amsgrad", "maximize", "params"), List.copyOf(g1.keySet()));
        assertEquals(0.5, g1.get("lr"));
        assertEquals(List.of(0.9, 0.999), g1.get("betas"));
        assertEquals(List.of(1), g1.get("params"));
        assertTrue(sd.state().get(0).get("exp_avg").ndarray().sharesStorageWith(
                opt.state(a).get("exp_avg").ndarray()), "state dict tensors are references, as PyTorch's");
    }

    @Test
    void adagradCreatesItsStateWhenParametersJoin() {
        Tensor a = Tensor.ones(DType.FLOAT64, 2).requiresGrad(true);
        Adagrad opt = new Adagrad(List.of(a), new Adagrad.Options().initialAccumulatorValue(0.25));
        Map<String, Tensor> st = opt.stateDict().state().get(0);
        assertEquals(0.0, st.get("step").item());
        assertArrayEquals(new double[]{0.25, 0.25}, st.get("sum").toDoubleArray(), 0.0);
    }

    @Test
    void loadStateDictChecksEverythingFirst() {
        List<Tensor> ps = paramsWithGrads(DType.FLOAT64);
        Adam opt = new Adam(ps);
        opt.step();
        Adam small = new Adam(List.of(ps.get(0)));
        var e = assertThrows(IllegalArgumentException.class, () -> small.loadStateDict(opt.stateDict()));
        assertEquals("loaded state dict contains a parameter group that doesn't match the size of optimizer's group",
                e.getMessage());
        Adam two = new Adam(List.of(new ParamGroup(ps.subList(0, 2)), new ParamGroup(ps.subList(2, 5))),
                new Adam.Options());
        e = assertThrows(IllegalArgumentException.class, () -> two.loadStateDict(opt.stateDict()));
        assertEquals("loaded state dict has a different number of parameter groups", e.getMessage());
        // same sizes, wrong shapes: rejected, and nothing was changed
        List<Tensor> others = List.of(Tensor.ones(DType.FLOAT64, 12).requiresGrad(true), ps.get(1), ps.get(2),
                ps.get(3), ps.get(4));
        Adam third = new Adam(others, new Adam.Options().lr(0.5));
        e = assertThrows(IllegalArgumentException.class, () -> third.loadStateDict(opt.stateDict()));
        assertTrue(e.getMessage().contains("'exp_avg' of shape [3, 4] for parameter 0 of shape [12]"), e.getMessage());
        assertEquals(0.5, third.paramGroups().get(0).lr());
        assertTrue(third.state(others.get(1)).isEmpty());
    }

    @Test
    void constructorErrorsReadLikePyTorchs() {
        Tensor w = Tensor.ones(2).requiresGrad(true);
        List<Tensor> ps = List.of(w);
        assertMessage("Invalid learning rate: -0.1", () -> new SGD(ps, -0.1));
        assertMessage("Invalid momentum value: -1.0", () -> new SGD(ps, new SGD.Options().momentum(-1)));
        assertMessage("Nesterov momentum requires a momentum and zero dampening",
                () -> new SGD(ps, new SGD.Options().nesterov(true)));
        assertMessage("Invalid epsilon value: -1e-08", () -> new Adam(ps, new Adam.Options().eps(-1e-8)));
        assertMessage("Invalid beta parameter at index 0: 1.0", () -> new Adam(ps, new Adam.Options().betas(1, 0.9)));
        assertMessage("Invalid beta parameter at index 1: -0.5", () -> new AdamW(ps, new AdamW.Options().betas(0.9, -0.5)));
        assertMessage("Invalid weight_decay value: -0.01", () -> new AdamW(ps, new AdamW.Options().weightDecay(-0.01)));
        assertMessage("Invalid alpha value: -0.99", () -> new RMSprop(ps, new RMSprop.Options().alpha(-0.99)));
        assertMessage("Invalid lr_decay value: -1.0", () -> new Adagrad(ps, new Adagrad.Options().lrDecay(-1)));
        assertMessage("Invalid initial_accumulator_value value: -0.1",
                () -> new Adagrad(ps, new Adagrad.Options().initialAccumulatorValue(-0.1)));
        assertMessage("optimizer got an empty parameter list", () -> new SGD(List.<Tensor>of(), 0.1));
        assertMessage("can't optimize a non-leaf Tensor", () -> new SGD(List.of(w.mul(2)), 0.1));
        SGD opt = new SGD(ps, 0.1);
        assertMessage("some parameters appear in more than one parameter group",
                () -> opt.addParamGroup(new ParamGroup(ps)));
        assertMessage("optimizer contains a parameter group with duplicate parameters",
                () -> new SGD(List.of(w, w), 0.1));
        assertMessage("Invalid learning rate: -1.0", () -> opt.addParamGroup(
                new ParamGroup(List.of(Tensor.ones(1).requiresGrad(true))).lr(-1)));
    }

    @Test
    void addParamGroupTakesTheDefaults() {
        Tensor a = Tensor.ones(2).requiresGrad(true);
        Tensor b = Tensor.ones(2).requiresGrad(true);
        SGD opt = new SGD(List.of(a), new SGD.Options().lr(0.1).momentum(0.9));
        opt.addParamGroup(new ParamGroup(List.of(b)).lr(0.01));
        ParamGroup g = opt.paramGroups().get(1);
        assertEquals(0.01, g.lr());
        assertEquals(0.9, g.getDouble("momentum"));
        assertSame(b, g.params().get(0));
        assertEquals("SGD (\nParameter Group 0\n    lr: 0.1\n    momentum: 0.9\n    dampening: 0.0\n    weight_decay: 0.0"
                + "\n    nesterov: False\n    maximize: False", opt.toString().substring(0, opt.toString().indexOf("\nParameter Group 1")));
    }

    @Test
    void closureIsEvaluatedWithGradModeOn() {
        Tensor w = Tensor.ones(DType.FLOAT64, 2).requiresGrad(true);
        SGD opt = new SGD(List.of(w), 0.5);
        try (var g = Tensor.noGrad()) {
            Tensor loss = opt.step(() -> {
                Tensor l = w.mul(w).sum();
                l.backward();
                return l;
            });
            assertEquals(2.0, loss.item());
        }
        assertArrayEquals(new double[]{0, 0}, w.toDoubleArray(), 0.0);
    }

    @Test
    void pythonReprOfFloats() {
        assertEquals("1e-08", Py.repr(1e-8));
        assertEquals("0.001", Py.repr(1e-3));
        assertEquals("0.0001", Py.repr(1e-4));
        assertEquals("1e-05", Py.repr(1e-5));
        assertEquals("-0.1", Py.repr(-0.1));
        assertEquals("1.0", Py.repr(1));
        assertEquals("123456.5", Py.repr(123456.5));
        assertEquals("1e+16", Py.repr(1e16));
        assertEquals("1234567890123456.0", Py.repr(1234567890123456.0));
        assertEquals("2.5e-10", Py.repr(2.5e-10));
        assertEquals("inf", Py.repr(Double.POSITIVE_INFINITY));
    }

    static void assertMessage(String message, Runnable r) {
        var e = assertThrows(IllegalArgumentException.class, r::run);
        assertEquals(message, e.getMessage());
    }
}
