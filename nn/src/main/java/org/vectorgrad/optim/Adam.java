package org.vectorgrad.optim;

import java.util.LinkedHashMap;
import java.util.List;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.NDArray;
import org.vectorgrad.engine.Updates;

/**
 * Adam, as {@code torch.optim.Adam}. Per step t (from 1), with gradient {@code g} (negated when maximizing):
 *
 * <pre>
 * g = g + weight_decay * p                      (if weight_decay != 0; AdamW decays p instead)
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g^2
 * vmax = max(vmax, v)                           (amsgrad; v below means vmax)
 * p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * State per parameter: {@code step}, {@code exp_avg}, {@code exp_avg_sq}, and {@code max_exp_avg_sq} with amsgrad.
 */
public sealed class Adam extends Optimizer permits AdamW {
    /** Adam's options with PyTorch's defaults ({@link AdamW.Options} defaults the weight decay to 1e-2 instead). */
    public static sealed class Options permits AdamW.Options {
        final LinkedHashMap<String, Object> values = new LinkedHashMap<>();

        /** Adam's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay, no amsgrad. */
        public Options() {
            this(0);
        }

        Options(double weightDecay) {
            values.put("lr", 1e-3);
            values.put("betas", List.of(0.9, 0.999));
            values.put("eps", 1e-8);
            values.put("weight_decay", weightDecay);
            values.put("amsgrad", false);
            values.put("maximize", false);
        }

        /** The learning rate. */
        public Options lr(double v) {
            values.put("lr", v);
            return this;
        }

        /** Coefficients of the running averages of the gradient and of its square. */
        public Options betas(double beta1, double beta2) {
            values.put("betas", List.of(beta1, beta2));
            return this;
        }

        /** Added to the denominator for numerical stability. */
        public Options eps(double v) {
            values.put("eps", v);
            return this;
        }

        /** Adam: L2 penalty added to the gradient. AdamW: decoupled decay of the weights. */
        public Options weightDecay(double v) {
            values.put("weight_decay", v);
            return this;
        }

        /** Use the maximum of past squared-gradient averages (AMSGrad). */
        public Options amsgrad(boolean v) {
            values.put("amsgrad", v);
            return this;
        }

        /** Maximize the objective instead of minimizing it. */
        public Options maximize(boolean v) {
            values.put("maximize", v);
            return this;
        }
    }

    /** Adam over {@code params} (one group) with {@code options}. */
    public Adam(Iterable<? extends Tensor> params, Options options) {
        super(single(params), options.values);
    }

    /** Adam over several groups; options a group does not set come from {@code options}. */
    public Adam(List<ParamGroup> groups, Options options) {
        super(groups, options.values);
    }

    /** Adam with the default options. */
    public Adam(Iterable<? extends Tensor> params) {
        this(params, new Options());
    }

    /** True for AdamW: weight decay shrinks the parameters instead of adding to the gradient. */
    boolean decoupledWeightDecay() {
        return false;
    }

    @Override
    void validate(ParamGroup g) {
        double lr = g.lr();
        double eps = g.getDouble("eps");
        double[] betas = g.betas();
        double weightDecay = g.getDouble("weight_decay");
        Py.check(lr >= 0, "Invalid learning rate: " + Py.repr(lr));
        Py.check(eps >= 0, "Invalid epsilon value: " + Py.repr(eps));
        Py.check(betas[0] >= 0 && betas[0] < 1, "Invalid beta parameter at index 0: " + Py.repr(betas[0]));
        Py.check(betas[1] >= 0 && betas[1] < 1, "Invalid beta parameter at index 1: " + Py.repr(betas[1]));
        Py.check(weightDecay >= 0, "Invalid weight_decay value: " + Py.repr(weightDecay));
    }

    @Override
    boolean tracksStep() {
        return true;
    }

    @Override
    void update(ParamGroup group, NDArray p, NDArray grad, ParamState st) {
        double lr = group.lr();
        double[] betas = group.betas();
        double eps = group.getDouble("eps");
        double weightDecay = group.getDouble("weight_decay");
        boolean amsgrad = group.getBoolean("amsgrad");
        NDArray m = st.getOrFill("exp_avg", p, 0);
        NDArray v = st.getOrFill("exp_avg_sq", p, 0);
        NDArray vmax = amsgrad ? st.getOrFill("max_exp_avg_sq", p, 0) : null;
        NDArray[] s = math.scratchFor(st, p);
        st.step++;
        if (!amsgrad && fused(group, p, grad, st, m, v, s[0])) {
            return;
        }
        if (decoupledWeightDecay() && weightDecay != 0) {
            math.mul(p, 1 - lr * weightDecay, p);
        }
        double l2 = decoupledWeightDecay() ? 0 : weightDecay;
        NDArray d = math.effectiveGrad(p, grad, l2, group.getBoolean("maximize"), s[0]);
        math.mul(m, betas[0], m);
        math.addScaled(m, d, 1 - betas[0], s[1]);
        math.mul(v, betas[1], v);
        UpdateMath.mul(d, d, s[1]);
        math.mul(s[1], 1 - betas[1], s[1]);
        UpdateMath.add(v, s[1], v);
        double biasCorrection1 = 1 - Math.pow(betas[0], st.step);
        double biasCorrection2 = 1 - Math.pow(betas[1], st.step);
        NDArray second = v;
        if (amsgrad) {
            UpdateMath.maximum(vmax, v, vmax);
            second = vmax;
        }
        NDArray denom = s[1];
        UpdateMath.sqrt(second, denom);
        math.div(denom, Math.sqrt(biasCorrection2), denom);
        math.add(denom, eps, denom);
        UpdateMath.div(m, denom, denom);
        math.addScaled(p, denom, -lr / biasCorrection1, denom);
    }

    /**
     * The step above in one pass ({@link Updates#adam}: the same operations in the same order) when the arrays
     * allow it; false (nothing changed) otherwise. AdamW's decay reads nothing the gradient depends on, so the
     * gradient can be formed first.
     */
    private boolean fused(ParamGroup group, NDArray p, NDArray grad, ParamState st, NDArray m, NDArray v,
            NDArray scratch) {
        double lr = group.lr();
        double[] betas = group.betas();
        double weightDecay = group.getDouble("weight_decay");
        double scale = decoupledWeightDecay() && weightDecay != 0 ? 1 - lr * weightDecay : 1;
        double l2 = decoupledWeightDecay() ? 0 : weightDecay;
        NDArray d = math.effectiveGrad(p, grad, l2, group.getBoolean("maximize"), scratch);
        return Updates.adam(p, d, m, v, scale, betas[0], betas[1], Math.sqrt(1 - Math.pow(betas[1], st.step)),
                group.getDouble("eps"), -lr / (1 - Math.pow(betas[0], st.step)));
    }
}
