package org.vectorgrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.vectorgrad.autograd.Tensor;

/** Schedulers against their closed forms and the sequences PyTorch's documentation gives. */
class SchedulerTest {
    static SGD sgd(double lr) {
        return new SGD(List.of(Tensor.zeros(1).requiresGrad(true)), new SGD.Options().lr(lr).momentum(0.9));
    }

    /** Two groups with base lrs 0.1 and 0.02. */
    static SGD twoGroups() {
        return new SGD(List.of(new ParamGroup(List.of(Tensor.zeros(1).requiresGrad(true))),
                new ParamGroup(List.of(Tensor.zeros(1).requiresGrad(true))).lr(0.02)), new SGD.Options().lr(0.1));
    }

    /** Steps the scheduler through epochs 0..last, checking each group's lr against base * factor(epoch). */
    static void assertFollows(Optimizer opt, LRScheduler s, int last, IntToDoubleFunction factor) {
        List<Double> base = s.baseLrs();
        for (int epoch = 0; epoch <= last; epoch++) {
            if (epoch > 0) {
                s.step();
            }
            for (int g = 0; g < base.size(); g++) {
                double expected = base.get(g) * factor.applyAsDouble(epoch);
                double tol = 1e-12 * Math.max(base.get(g), 1e-300);
                assertEquals(expected, opt.paramGroups().get(g).lr(), tol, "epoch " + epoch + " group " + g);
                assertEquals(expected, s.getLastLr().get(g), tol);
            }
            assertEquals(epoch, s.lastEpoch());
        }
    }

    @Test
    void stepLRFollowsTheDocsExample() {
        // lr = 0.05 if epoch < 30; 0.005 if 30 <= epoch < 60; 0.0005 if 60 <= epoch < 90
        SGD opt = sgd(0.05);
        StepLR s = new StepLR(opt, 30, 0.1);
        assertFollows(opt, s, 99, e -> e < 30 ? 1 : e < 60 ? 0.1 : e < 90 ? 0.01 : 0.001);
        SGD two = twoGroups();
        assertFollows(two, new StepLR(two, 3, 0.5), 20, e -> Math.pow(0.5, e / 3));
    }

    @Test
    void multiStepLRFollowsTheDocsExample() {
        // lr = 0.05 if epoch < 30; 0.005 if 30 <= epoch < 80; 0.0005 if epoch >= 80
        SGD opt = sgd(0.05);
        assertFollows(opt, new MultiStepLR(opt, new int[]{30, 80}, 0.1), 100, e -> e < 30 ? 1 : e < 80 ? 0.1 : 0.01);
        SGD twice = sgd(1.0);
        assertFollows(twice, new MultiStepLR(twice, new int[]{2, 2, 5}, 0.5), 8, e -> e < 2 ? 1 : e < 5 ? 0.25 : 0.125);
    }

    @Test
    void exponentialLRIsGammaToTheEpoch() {
        SGD opt = twoGroups();
        assertFollows(opt, new ExponentialLR(opt, 0.9), 50, e -> Math.pow(0.9, e));
    }

    @Test
    void cosineAnnealingRecursionMatchesTheClosedFormOverSeveralPeriods() {
        for (double etaMin : new double[]{0, 0.001}) {
            SGD opt = twoGroups();
            int tMax = 10;
            CosineAnnealingLR s = new CosineAnnealingLR(opt, tMax, etaMin);
            for (int epoch = 0; epoch <= 4 * tMax; epoch++) {
                if (epoch > 0) {
                    s.step();
                }
                for (int g = 0; g < 2; g++) {
                    double base = s.baseLrs().get(g);
                    double closed = etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
                    assertEquals(closed, opt.paramGroups().get(g).lr(), 1e-12, "epoch " + epoch);
                }
            }
        }
    }

    @Test
    void cosineAnnealingResumesWithTheClosedForm() {
        SGD opt = sgd(0.1);
        opt.paramGroups().get(0).set("initial_lr", 0.1);
        CosineAnnealingLR s = new CosineAnnealingLR(opt, 10, 0.0, 4);
        assertEquals(0.1 * (1 + Math.cos(Math.PI * 5 / 10)) / 2, opt.paramGroups().get(0).lr(), 1e-15);
        s.step();
        assertEquals(0.1 * (1 + Math.cos(Math.PI * 6 / 10)) / 2, opt.paramGroups().get(0).lr(), 1e-15);
        var e = assertThrows(IllegalArgumentException.class, () -> new StepLR(sgd(0.1), 3, 0.1, 5));
        assertEquals("param 'initial_lr' is not specified in param_groups[0] when resuming an optimizer", e.getMessage());
    }

    @Test
    void linearLRFollowsTheDocsExample() {
        // lr = 0.025 if epoch == 0; 0.03125 if 1; 0.0375 if 2; 0.04375 if 3; 0.05 if epoch >= 4
        SGD opt = sgd(0.05);
        assertFollows(opt, new LinearLR(opt, 0.5, 1.0, 4), 10,
                e -> new double[]{0.5, 0.625, 0.75, 0.875, 1}[Math.min(e, 4)]);
        SGD two = twoGroups();
        assertFollows(two, new LinearLR(two, 0.9, 0.1, 7), 12, e -> 0.9 + (0.1 - 0.9) * Math.min(e, 7) / 7.0);
        assertEquals("Starting multiplicative factor expected to be greater than 0 and less or equal to 1.",
                assertThrows(IllegalArgumentException.class, () -> new LinearLR(sgd(1), 0, 1, 5)).getMessage());
        assertEquals("Ending multiplicative factor expected to be between 0 and 1.",
                assertThrows(IllegalArgumentException.class, () -> new LinearLR(sgd(1), 0.5, 1.5, 5)).getMessage());
    }

    @Test
    void schedulersChainMultiplicatively() {
        SGD opt = sgd(1.0);
        StepLR a = new StepLR(opt, 2, 0.5);
        ExponentialLR b = new ExponentialLR(opt, 0.9);
        for (int epoch = 1; epoch <= 9; epoch++) {
            a.step();
            b.step();
            assertEquals(Math.pow(0.5, epoch / 2) * Math.pow(0.9, epoch), opt.paramGroups().get(0).lr(), 1e-12);
        }
    }

    /** OneCycleLR's schedule written out: cosine from lo to hi over each phase's steps. */
    static double cosine(double from, double to, double pct) {
        return to + (from - to) / 2 * (1 + Math.cos(Math.PI * pct));
    }

    @Test
    void oneCycleLRAndMomentumFollowTheTwoPhases() {
        int total = 100;
        double maxLr = 0.1;
        SGD opt = sgd(0.5);
        OneCycleLR s = new OneCycleLR(opt, new OneCycleLR.Options(maxLr).totalSteps(total));
        double initial = maxLr / 25;
        double min = initial / 1e4;
        double upEnd = 0.3 * total - 1;
        for (int step = 0; step < total; step++) {
            if (step > 0) {
                s.step();
            }
            double lr;
            double momentum;
            if (step <= upEnd) {
                lr = cosine(initial, maxLr, step / upEnd);
                momentum = cosine(0.95, 0.85, step / upEnd);
            } else {
                double pct = (step - upEnd) / (total - 1 - upEnd);
                lr = cosine(maxLr, min, pct);
                momentum = cosine(0.85, 0.95, pct);
            }
            ParamGroup g = opt.paramGroups().get(0);
            assertEquals(lr, g.lr(), 1e-15, "step " + step);
            assertEquals(momentum, g.getDouble("momentum"), 1e-15, "step " + step);
        }
        ParamGroup g = opt.paramGroups().get(0);
        assertEquals(initial, g.getDouble("initial_lr"), 0.0);
        assertEquals(maxLr, g.getDouble("max_lr"), 0.0);
        assertEquals(min, g.getDouble("min_lr"), 0.0);
        assertEquals(min, g.lr(), 1e-18);
        s.step(); // step 100 = total_steps is still allowed, as in PyTorch
        var e = assertThrows(IllegalArgumentException.class, s::step);
        assertEquals("Tried to step 101 times. The specified number of total steps is 100", e.getMessage());
    }

    @Test
    void oneCycleLRCyclesAdamsBeta1AndSupportsLinearAndThreePhases() {
        Adam adam = new Adam(List.of(Tensor.zeros(1).requiresGrad(true)), new Adam.Options().betas(0.9, 0.99));
        OneCycleLR s = new OneCycleLR(adam, new OneCycleLR.Options(0.01).epochs(2).stepsPerEpoch(5)
                .annealStrategy("linear").pctStart(0.5));
        assertEquals(10, s.totalSteps());
        assertEquals(List.of(0.95, 0.99), adam.paramGroups().get(0).get("betas"));
        for (int i = 0; i < 4; i++) {
            s.step();
        }
        // end of the rising phase (step 4 = 0.5 * 10 - 1): max lr, base momentum
        assertEquals(0.01, adam.paramGroups().get(0).lr(), 1e-15);
        assertEquals(0.85, adam.paramGroups().get(0).betas()[0], 1e-15);
        s.step();
        assertEquals(0.01 + (0.01 / 25 / 1e4 - 0.01) * (1.0 / 5), adam.paramGroups().get(0).lr(), 1e-15);

        SGD opt = sgd(0.1);
        OneCycleLR three = new OneCycleLR(opt, new OneCycleLR.Options(1.0).totalSteps(20).threePhase(true)
                .pctStart(0.25).cycleMomentum(false));
        double[] expected = new double[20];
        for (int step = 0; step < 20; step++) {
            expected[step] = step <= 4 ? cosine(0.04, 1.0, step / 4.0)
                    : step <= 8 ? cosine(1.0, 0.04, (step - 4) / 4.0) : cosine(0.04, 0.04 / 1e4, (step - 8) / 11.0);
        }
        assertEquals(expected[0], opt.paramGroups().get(0).lr(), 1e-15);
        for (int step = 1; step < 20; step++) {
            three.step();
            assertEquals(expected[step], opt.paramGroups().get(0).lr(), 1e-15, "step " + step);
        }
        assertEquals(0.9, opt.paramGroups().get(0).getDouble("momentum"), 0.0, "momentum not cycled");
    }

    @Test
    void oneCycleLRErrors() {
        assertEquals("You must define either total_steps OR (epochs AND steps_per_epoch)", assertThrows(
                IllegalArgumentException.class, () -> new OneCycleLR(sgd(1), new OneCycleLR.Options(1))).getMessage());
        assertEquals("Expected positive integer total_steps, but got 0", assertThrows(IllegalArgumentException.class,
                () -> new OneCycleLR(sgd(1), new OneCycleLR.Options(1).totalSteps(0))).getMessage());
        assertEquals("Expected positive integer steps_per_epoch, but got None", assertThrows(IllegalArgumentException.class,
                () -> new OneCycleLR(sgd(1), new OneCycleLR.Options(1).epochs(3))).getMessage());
        assertEquals("Expected float between 0 and 1 pct_start, but got 1.5", assertThrows(IllegalArgumentException.class,
                () -> new OneCycleLR(sgd(1), new OneCycleLR.Options(1).totalSteps(5).pctStart(1.5))).getMessage());
        assertEquals("anneal_strategy must be one of 'cos' or 'linear', instead got exp", assertThrows(
                IllegalArgumentException.class, () -> new OneCycleLR(sgd(1), new OneCycleLR.Options(1).totalSteps(5)
                        .annealStrategy("exp"))).getMessage());
        Adagrad adagrad = new Adagrad(List.of(Tensor.zeros(1).requiresGrad(true)), new Adagrad.Options());
        assertEquals("optimizer must support momentum or beta1 with `cycle_momentum` option enabled", assertThrows(
                IllegalArgumentException.class, () -> new OneCycleLR(adagrad, new OneCycleLR.Options(1).totalSteps(5)))
                .getMessage());
        assertEquals("expected 2 values for max_lr, got 3", assertThrows(IllegalArgumentException.class,
                () -> new OneCycleLR(twoGroups(), new OneCycleLR.Options(1, 2, 3).totalSteps(5))).getMessage());
    }

    @Test
    void stateDictResumesTheSchedule() {
        SGD a = sgd(1.0);
        CosineAnnealingLR sa = new CosineAnnealingLR(a, 7, 0.01);
        for (int i = 0; i < 3; i++) {
            sa.step();
        }
        // PyTorch's order when resuming: build everything afresh, then load the optimizer's and scheduler's states
        SGD b = sgd(1.0);
        CosineAnnealingLR sb = new CosineAnnealingLR(b, 7, 0.01);
        b.loadStateDict(a.stateDict());
        sb.loadStateDict(sa.stateDict());
        for (int i = 0; i < 10; i++) {
            sa.step();
            sb.step();
            assertEquals(a.paramGroups().get(0).lr(), b.paramGroups().get(0).lr(), 0.0);
            assertEquals(sa.getLastLr(), sb.getLastLr());
        }
    }
}
