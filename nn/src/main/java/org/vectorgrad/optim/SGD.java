package org.vectorgrad.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.NDArray;
import org.vectorgrad.engine.Updates;

/**
 * Stochastic gradient descent with optional momentum, as {@code torch.optim.SGD}. Per step, with gradient
 * {@code g} (negated when maximizing):
 *
 * <pre>
 * g = g + weight_decay * p                       (if weight_decay != 0)
 * b = g on the first step, else b = momentum * b + (1 - dampening) * g     (if momentum != 0)
 * g = nesterov ? g + momentum * b : b
 * p = p - lr * g
 * </pre>
 *
 * State per parameter: {@code momentum_buffer} (with momentum only).
 */
public final class SGD extends Optimizer {
    /** SGD's options with PyTorch's defaults (lr 1e-3). */
    public static final class Options {
        final LinkedHashMap<String, Object> values = new LinkedHashMap<>();

        /** SGD's defaults: lr 1e-3, no momentum, dampening or weight decay; minimize. */
        public Options() {
            values.put("lr", 1e-3);
            values.put("momentum", 0.0);
            values.put("dampening", 0.0);
            values.put("weight_decay", 0.0);
            values.put("nesterov", false);
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

        /** Dampening of the momentum (applied from the second step on). */
        public Options dampening(double v) {
            values.put("dampening", v);
            return this;
        }

        /** L2 penalty added to the gradient. */
        public Options weightDecay(double v) {
            values.put("weight_decay", v);
            return this;
        }

        /** Nesterov momentum (needs momentum &gt; 0 and no dampening). */
        public Options nesterov(boolean v) {
            values.put("nesterov", v);
            return this;
        }

        /** Maximize the objective instead of minimizing it. */
        public Options maximize(boolean v) {
            values.put("maximize", v);
            return this;
        }
    }

    /** SGD over {@code params} with learning rate {@code lr} and the other defaults. */
    public SGD(Iterable<? extends Tensor> params, double lr) {
        this(params, new Options().lr(lr));
    }

    /** SGD over {@code params} (one group) with {@code options}. */
    public SGD(Iterable<? extends Tensor> params, Options options) {
        super(single(params), options.values);
    }

    /** SGD over several groups; options a group does not set come from {@code options}. */
    public SGD(List<ParamGroup> groups, Options options) {
        super(groups, options.values);
    }

    @Override
    void validate(ParamGroup g) {
        Map<String, Object> o = g.options();
        double lr = g.lr();
        double momentum = g.getDouble("momentum");
        double weightDecay = g.getDouble("weight_decay");
        Py.check(lr >= 0, "Invalid learning rate: " + Py.repr(lr));
        Py.check(momentum >= 0, "Invalid momentum value: " + Py.repr(momentum));
        Py.check(weightDecay >= 0, "Invalid weight_decay value: " + Py.repr(weightDecay));
        Py.check(!Boolean.TRUE.equals(o.get("nesterov")) || (momentum > 0 && g.getDouble("dampening") == 0),
                "Nesterov momentum requires a momentum and zero dampening");
    }

    @Override
    boolean tracksStep() {
        return false;
    }

    @Override
    void update(ParamGroup group, NDArray p, NDArray grad, ParamState st) {
        double lr = group.lr();
        double momentum = group.getDouble("momentum");
        double dampening = group.getDouble("dampening");
        NDArray[] s = math.scratchFor(st, p);
        NDArray d = math.effectiveGrad(p, grad, group.getDouble("weight_decay"), group.getBoolean("maximize"), s[0]);
        if (momentum != 0) {
            NDArray buf = st.get("momentum_buffer");
            if (buf != null && dampening == 0 && !group.getBoolean("nesterov")
                    && Updates.sgdMomentum(p, d, buf, momentum, lr)) {
                return; // the usual case in one pass, the same arithmetic as the steps below
            }
            if (buf == null) {
                // PyTorch starts the buffer at the first gradient, so dampening applies from the second step on
                buf = st.putCopy("momentum_buffer", d);
            } else {
                math.mul(buf, momentum, buf);
                if (dampening != 0) {
                    math.addScaled(buf, d, 1 - dampening, s[1]);
                } else {
                    UpdateMath.add(buf, d, buf);
                }
            }
            if (group.getBoolean("nesterov")) {
                math.mul(buf, momentum, s[1]);
                UpdateMath.add(d, s[1], s[1]);
                d = s[1];
            } else {
                d = buf;
            }
        }
        math.addScaled(p, d, -lr, s[1]);
    }
}
