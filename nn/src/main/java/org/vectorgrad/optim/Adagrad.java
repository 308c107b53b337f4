package org.vectorgrad.optim;

import java.util.LinkedHashMap;
import java.util.List;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.NDArray;

/**
 * Adagrad, as {@code torch.optim.Adagrad}. Per step t (from 1), with gradient {@code g} (negated when maximizing):
 *
 * <pre>
 * clr = lr / (1 + (t - 1) * lr_decay)
 * g = g + weight_decay * p                      (if weight_decay != 0)
 * sum = sum + g^2                               (sum starts at initial_accumulator_value)
 * p = p - clr * g / (sqrt(sum) + eps)
 * </pre>
 *
 * State per parameter: {@code step} and {@code sum}, created when the parameter joins the optimizer, as PyTorch
 * does.
 */
public final class Adagrad extends Optimizer {
    /** Adagrad's options with PyTorch's defaults (lr 1e-2, eps 1e-10). */
    public static final class Options {
        final LinkedHashMap<String, Object> values = new LinkedHashMap<>();

        /** Adagrad's defaults: lr 1e-2, no lr decay or weight decay, accumulator 0, eps 1e-10. */
        public Options() {
            values.put("lr", 1e-2);
            values.put("lr_decay", 0.0);
            values.put("eps", 1e-10);
            values.put("weight_decay", 0.0);
            values.put("initial_accumulator_value", 0.0);
            values.put("maximize", false);
        }

        /** The learning rate. */
        public Options lr(double v) {
            values.put("lr", v);
            return this;
        }

        /** The learning rate is divided by {@code 1 + (t - 1) * lrDecay}. */
        public Options lrDecay(double v) {
            values.put("lr_decay", v);
            return this;
        }

        /** Added to the denominator for numerical stability. */
        public Options eps(double v) {
            values.put("eps", v);
            return this;
        }

        /** L2 penalty added to the gradient. */
        public Options weightDecay(double v) {
            values.put("weight_decay", v);
            return this;
        }

        /** The starting value of the sum of squared gradients. */
        public Options initialAccumulatorValue(double v) {
            values.put("initial_accumulator_value", v);
            return this;
        }

        /** Maximize the objective instead of minimizing it. */
        public Options maximize(boolean v) {
            values.put("maximize", v);
            return this;
        }
    }

    /** Adagrad over {@code params} (one group) with {@code options}. */
    public Adagrad(Iterable<? extends Tensor> params, Options options) {
        super(single(params), options.values);
    }

    /** Adagrad over several groups; options a group does not set come from {@code options}. */
    public Adagrad(List<ParamGroup> groups, Options options) {
        super(groups, options.values);
    }

    @Override
    void validate(ParamGroup g) {
        double lr = g.lr();
        double lrDecay = g.getDouble("lr_decay");
        double weightDecay = g.getDouble("weight_decay");
        double initial = g.getDouble("initial_accumulator_value");
        double eps = g.getDouble("eps");
        Py.check(lr >= 0, "Invalid learning rate: " + Py.repr(lr));
        Py.check(lrDecay >= 0, "Invalid lr_decay value: " + Py.repr(lrDecay));
        Py.check(weightDecay >= 0, "Invalid weight_decay value: " + Py.repr(weightDecay));
        Py.check(initial >= 0, "Invalid initial_accumulator_value value: " + Py.repr(initial));
        Py.check(eps >= 0, "Invalid epsilon value: " + Py.repr(eps));
    }

    @Override
    boolean tracksStep() {
        return true;
    }

    @Override
    void initState(Tensor param, ParamGroup group) {
        ParamState st = newState();
        st.getOrFill("sum", param.ndarray(), group.getDouble("initial_accumulator_value"));
        state.put(param, st);
    }

    @Override
    void update(ParamGroup group, NDArray p, NDArray grad, ParamState st) {
        NDArray sum = st.getOrFill("sum", p, group.getDouble("initial_accumulator_value"));
        NDArray[] s = math.scratchFor(st, p);
        st.step++;
        double clr = group.lr() / (1 + (st.step - 1) * group.getDouble("lr_decay"));
        NDArray d = math.effectiveGrad(p, grad, group.getDouble("weight_decay"), group.getBoolean("maximize"), s[0]);
        UpdateMath.mul(d, d, s[1]);
        UpdateMath.add(sum, s[1], sum);
        UpdateMath.sqrt(sum, s[1]);
        math.add(s[1], group.getDouble("eps"), s[1]);
        UpdateMath.div(d, s[1], s[1]);
        math.addScaled(p, s[1], -clr, s[1]);
    }
}
