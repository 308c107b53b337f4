package org.vectorgrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.vectorgrad.autograd.Tensor;

/**
 * Each optimizer drives the quadratic f(w) = 0.5 w^T A w - b^T w (float64, gradients by autograd) for several
 * steps, with two parameter groups of different learning rates (and weight decays), and its whole trajectory is
 * compared with {@link ReferenceOptimizers} to 1e-9, for every combination of options.
 */
class OptimizerTrajectoryTest {
    static final double[][] A = {{4, 1, 0.5, 0.2}, {1, 3, 0.3, 0.1}, {0.5, 0.3, 2, 0.4}, {0.2, 0.1, 0.4, 1.5}};
    static final double[] B = {1, -2, 0.5, 3};
    static final double[] W0 = {0.8, -0.6, 1.2, -0.3};
    static final int STEPS = 12;
    static final double LR1 = 0.05;
    static final double LR2 = 0.02;

    /** A case: how to build the optimizer over two groups (group 2 overrides lr and weight_decay), and its reference. */
    record Case(String name, BiFunction<List<ParamGroup>, Double, Optimizer> make,
            Function<double[][], ReferenceOptimizers.Ref> ref, double wd) {
    }

    static Tensor loss(Tensor a, Tensor b, Tensor w1, Tensor w2) {
        Tensor w = Tensor.cat(List.of(w1, w2), 0);
        Tensor aw = a.mul(w).sum(1);
        return w.mul(aw).sum().mul(0.5).sub(b.mul(w).sum());
    }

    static double[] exactGrad(double[] w) {
        double[] g = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            double s = 0;
            for (int j = 0; j < w.length; j++) {
                s += A[i][j] * w[j];
            }
            g[i] = s - B[i];
        }
        return g;
    }

    /** Runs the case and returns the final parameters; fails at the first step that differs from the reference. */
    static double[] run(Case c) {
        Tensor a = Tensor.tensor(new double[]{4, 1, 0.5, 0.2, 1, 3, 0.3, 0.1, 0.5, 0.3, 2, 0.4, 0.2, 0.1, 0.4, 1.5}, 4, 4);
        Tensor b = Tensor.tensor(B);
        Tensor w1 = Tensor.tensor(new double[]{W0[0], W0[1]}).requiresGrad(true);
        Tensor w2 = Tensor.tensor(new double[]{W0[2], W0[3]}).requiresGrad(true);
        double wd2 = c.wd() * 2;
        Optimizer opt = c.make().apply(List.of(new ParamGroup(List.of(w1)),
                new ParamGroup(List.of(w2)).lr(LR2).set("weight_decay", wd2)), c.wd());
        double[] lr = {LR1, LR1, LR2, LR2};
        double[] wd = {c.wd(), c.wd(), wd2, wd2};
        ReferenceOptimizers.Ref ref = c.ref().apply(new double[][]{lr, wd});
        double[] w = W0.clone();
        for (int step = 1; step <= STEPS; step++) {
            opt.zeroGrad();
            loss(a, b, w1, w2).backward();
            opt.step();
            ref.step(w, exactGrad(w));
            double[] got = {w1.ndarray().getDouble(0), w1.ndarray().getDouble(1), w2.ndarray().getDouble(0),
                    w2.ndarray().getDouble(1)};
            for (int i = 0; i < 4; i++) {
                double tol = 1e-9 * Math.max(1, Math.abs(w[i]));
                assertEquals(w[i], got[i], tol, c.name() + ": step " + step + ", element " + i);
            }
        }
        return w;
    }

    /**
     * Runs every case, then checks that each option was really exercised: for every option, some pair of cases that
     * differ only in it ends at different parameters. (Not every pair must differ: under gradient ascent the
     * squared-gradient average only grows, so amsgrad's maximum changes nothing there.)
     */
    static Stream<DynamicTest> check(List<Case> cases) {
        List<double[]> finals = new ArrayList<>();
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases) {
            tests.add(DynamicTest.dynamicTest(c.name(), () -> finals.add(run(c))));
        }
        tests.add(DynamicTest.dynamicTest("every option changes the trajectory", () -> {
            assertEquals(cases.size(), finals.size());
            java.util.Map<String, Boolean> changed = new java.util.TreeMap<>();
            for (int i = 0; i < cases.size(); i++) {
                for (int j = i + 1; j < cases.size(); j++) {
                    String option = onlyDifference(cases.get(i).name(), cases.get(j).name());
                    if (option == null) {
                        continue;
                    }
                    double diff = 0;
                    for (int k = 0; k < 4; k++) {
                        diff = Math.max(diff, Math.abs(finals.get(i)[k] - finals.get(j)[k]));
                    }
                    changed.merge(option, diff > 1e-9, Boolean::logicalOr);
                }
            }
            assertTrue(!changed.isEmpty() && !changed.containsValue(false), "options without effect: " + changed);
        }));
        return tests.stream();
    }

    /** The one option ({@code name=value} token) in which two case names differ, or null. */
    static String onlyDifference(String a, String b) {
        String[] ta = a.split(" ");
        String[] tb = b.split(" ");
        String option = null;
        for (int k = 0; k < ta.length; k++) {
            if (!ta[k].equals(tb[k])) {
                if (option != null) {
                    return null;
                }
                option = ta[k].substring(0, ta[k].indexOf('='));
            }
        }
        return option;
    }

    @TestFactory
    Stream<DynamicTest> sgd() {
        List<Case> cases = new ArrayList<>();
        for (double momentum : new double[]{0, 0.9}) {
            for (double dampening : new double[]{0, 0.3}) {
                for (boolean nesterov : new boolean[]{false, true}) {
                    for (double wd : new double[]{0, 0.05}) {
                        for (boolean maximize : new boolean[]{false, true}) {
                            if (nesterov && (momentum == 0 || dampening != 0) || momentum == 0 && dampening != 0) {
                                continue; // invalid, or the same as dampening 0 without momentum
                            }
                            String name = "SGD momentum=" + momentum + " dampening=" + dampening + " nesterov="
                                    + nesterov + " wd=" + wd + " maximize=" + maximize;
                            cases.add(new Case(name, (groups, d) -> new SGD(groups, new SGD.Options().lr(LR1)
                                    .momentum(momentum).dampening(dampening).nesterov(nesterov).weightDecay(d)
                                    .maximize(maximize)),
                                    lw -> new ReferenceOptimizers.Sgd(lw[0], lw[1], momentum, dampening, nesterov,
                                            maximize), wd));
                        }
                    }
                }
            }
        }
        return check(cases);
    }

    static Stream<DynamicTest> adam(boolean decoupled) {
        List<Case> cases = new ArrayList<>();
        String kind = decoupled ? "AdamW" : "Adam";
        for (boolean amsgrad : new boolean[]{false, true}) {
            for (double wd : new double[]{0, 0.1}) {
                for (boolean maximize : new boolean[]{false, true}) {
                    for (double[] betas : new double[][]{{0.9, 0.999}, {0.8, 0.9}}) {
                        String name = kind + " amsgrad=" + amsgrad + " wd=" + wd + " maximize=" + maximize + " betas="
                                + betas[0] + "," + betas[1];
                        cases.add(new Case(name, (groups, d) -> {
                            Adam.Options o = decoupled ? new AdamW.Options() : new Adam.Options();
                            o.lr(LR1).betas(betas[0], betas[1]).eps(1e-8).weightDecay(d).amsgrad(amsgrad).maximize(maximize);
                            return decoupled ? new AdamW(groups, o) : new Adam(groups, o);
                        }, lw -> new ReferenceOptimizers.Adam(lw[0], lw[1], betas[0], betas[1], 1e-8, amsgrad,
                                maximize, decoupled), wd));
                    }
                }
            }
        }
        return check(cases);
    }

    @TestFactory
    Stream<DynamicTest> adam() {
        return adam(false);
    }

    @TestFactory
    Stream<DynamicTest> adamW() {
        return adam(true);
    }

    @TestFactory
    Stream<DynamicTest> rmsprop() {
        List<Case> cases = new ArrayList<>();
        for (boolean centered : new boolean[]{false, true}) {
            for (double momentum : new double[]{0, 0.5}) {
                for (double wd : new double[]{0, 0.1}) {
                    for (boolean maximize : new boolean[]{false, true}) {
                        String name = "RMSprop centered=" + centered + " momentum=" + momentum + " wd=" + wd
                                + " maximize=" + maximize;
                        cases.add(new Case(name, (groups, d) -> new RMSprop(groups, new RMSprop.Options().lr(LR1)
                                .alpha(0.9).eps(1e-8).momentum(momentum).centered(centered).weightDecay(d)
                                .maximize(maximize)),
                                lw -> new ReferenceOptimizers.RmsProp(lw[0], lw[1], 0.9, 1e-8, momentum, centered,
                                        maximize), wd));
                    }
                }
            }
        }
        return check(cases);
    }

    @TestFactory
    Stream<DynamicTest> adagrad() {
        List<Case> cases = new ArrayList<>();
        for (double lrDecay : new double[]{0, 0.1}) {
            for (double wd : new double[]{0, 0.1}) {
                for (double initial : new double[]{0, 0.1}) {
                    for (boolean maximize : new boolean[]{false, true}) {
                        String name = "Adagrad lr_decay=" + lrDecay + " wd=" + wd + " initial=" + initial
                                + " maximize=" + maximize;
                        cases.add(new Case(name, (groups, d) -> new Adagrad(groups, new Adagrad.Options().lr(LR1 * 4)
                                .lrDecay(lrDecay).weightDecay(d).initialAccumulatorValue(initial).eps(1e-10)
                                .maximize(maximize)), lw -> {
                                    double[] lr = lw[0].clone();
                                    lr[0] = lr[1] = LR1 * 4;
                                    return new ReferenceOptimizers.Adagrad(lr, lw[1], lrDecay, initial, 1e-10, maximize);
                                }, wd));
                    }
                }
            }
        }
        return check(cases);
    }
}
