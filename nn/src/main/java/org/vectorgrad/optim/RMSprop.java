package org.vectorgrad.optim;

import java.util.LinkedHashMap;
import java.util.List;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.NDArray;

/**
 * RMSprop, as {@code torch.optim.RMSprop}. Per step, with gradient {@code g} (negated when maximizing):
 *
 * <pre>
 * g = g + weight_decay * p                      (if weight_decay != 0)
 * v = alpha * v + (1 - alpha) * g^2
 * centered: ga = alpha * ga + (1 - alpha) * g;  avg = sqrt(v - ga^2) + eps,  else avg = sqrt(v) + eps
 * momentum > 0: b = momentum * b + g / avg;  p = p - lr * b,  else p = p - lr * g / avg
 * </pre>
 *
 * State per parameter: {@code step}, {@code square_avg}, {@code momentum_buffer} (momentum &gt; 0) and
 * {@code grad_avg} (centered).
 */
public final class RMSprop extends Optimizer {
    /** RMSprop's options with PyTorch's defaults (lr 1e-2, alpha 0.99, eps 1e-8). */
    public static final class Options {
        final LinkedHashMap<String, Object> values = new LinkedHashMap<>();

        /** RMSprop's defaults: lr 1e-2, alpha 0.99, eps 1e-8, no momentum, not centered. */
        public Options() {
            values.put("lr", 1e-2);
            values.put("momentum", 0.0);
            values.put("alpha", 0.99);
            values.put("eps", 1e-8);
            values.put("centered", false);
            values.put("weight_decay", 0.0);
            values.put("maximize", false);
        }

        /** The learning rate. */
        public Options lr(double v) {
            values.put("lr", v);
            return this;
        }

        /** The momentum factor (0 for none). */
        public Options momentum(double v) {
            values.put("momentum", v);
            return this;
        }

        /** Smoothing constant of the squared-gradient average. */
        public Options alpha(double v) {
            values.put("alpha", v);
            return this;
        }

        /** Added to the denominator for numerical stability. */
        public Options eps(double v) {
            values.put("eps", v);
            return this;
        }

        /** Normalize by an estimate of the gradient's variance instead of its second moment. */
        public Options centered(boolean v) {
            values.put("centered", v);
            return this;
        }

        /** L2 penalty added to the gradient. */
        public Options weightDecay(double v) {
            values.put("weight_decay", v);
            return this;
        }

        /** Maximize the objective instead of minimizing it. */
        public Options maximize(boolean v) {
            values.put("maximize", v);
            return this;
        }
    }

    /** RMSprop over {@code params} (one group) with {@code options}. */
    public RMSprop(Iterable<? extends Tensor> params, Options options) {
        super(single(params), options.values);
    }

    /** RMSprop over several groups; options a group does not set come from {@code options}. */
    public RMSprop(List<ParamGroup> groups, Options options) {
        super(groups, options.values);
    }

    @Override
    void validate(ParamGroup g) {
        double lr = g.lr();
        double eps = g.getDouble("eps");
        double momentum = g.getDouble("momentum");
        double weightDecay = g.getDouble("weight_decay");
        double alpha = g.getDouble("alpha");
        Py.check(lr >= 0, "Invalid learning rate: " + Py.repr(lr));
        Py.check(eps >= 0, "Invalid epsilon value: " + Py.repr(eps));
        Py.check(momentum >= 0, "Invalid momentum value: " + Py.repr(momentum));
        Py.check(weightDecay >= 0, "Invalid weight_decay value: " + Py.repr(weightDecay));
        Py.check(alpha >= 0, "Invalid alpha value: " + Py.repr(alpha));
    }

    @Override
    boolean tracksStep() {
        return true;
    }

    @Override
    void update(ParamGroup group, NDArray p, NDArray grad, ParamState st) {
        double lr = group.lr();
        double alpha = group.getDouble("alpha");
        double eps = group.getDouble("eps");
        double momentum = group.getDouble("momentum");
        boolean centered = group.getBoolean("centered");
        NDArray squareAvg = st.getOrFill("square_avg", p, 0);
        NDArray buf = momentum > 0 ? st.getOrFill("momentum_buffer", p, 0) : null;
        NDArray gradAvg = centered ? st.getOrFill("grad_avg", p, 0) : null;
        NDArray[] s = math.scratchFor(st, p);
        st.step++;
        NDArray d = math.effectiveGrad(p, grad, group.getDouble("weight_decay"), group.getBoolean("maximize"), s[0]);
        math.mul(squareAvg, alpha, squareAvg);
        UpdateMath.mul(d, d, s[1]);
        math.mul(s[1], 1 - alpha, s[1]);
        UpdateMath.add(squareAvg, s[1], squareAvg);
        NDArray avg = s[1];
        if (centered) {
            math.mul(gradAvg, alpha, gradAvg);
            math.addScaled(gradAvg, d, 1 - alpha, avg);
            UpdateMath.mul(gradAvg, gradAvg, avg);
            UpdateMath.sub(squareAvg, avg, avg);
            UpdateMath.sqrt(avg, avg);
        } else {
            UpdateMath.sqrt(squareAvg, avg);
        }
        math.add(avg, eps, avg);
        if (momentum > 0) {
            math.mul(buf, momentum, buf);
            UpdateMath.div(d, avg, avg);
            UpdateMath.add(buf, avg, buf);
            math.addScaled(p, buf, -lr, avg);
        } else {
            UpdateMath.div(d, avg, avg);
            math.addScaled(p, avg, -lr, avg);
        }
    }
}
