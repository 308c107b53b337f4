package org.vectorgrad.autograd.ops;

import org.vectorgrad.autograd.Context;
import org.vectorgrad.autograd.Function;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.Unary;
import org.vectorgrad.engine.UnaryOp;

/**
 * Unary elementwise ops. Each backward is written with Tensor ops (so it is itself differentiable) and follows
 * PyTorch's conventions at kinks: relu and abs give 0 at 0, clamp passes the gradient at its bounds.
 */
public final class Pointwise {
    private Pointwise() {
    }

    static Tensor raw(UnaryOp op, Tensor x) {
        return Tensor.wrap(Unary.apply(op, x.ndarray()));
    }

    /** The derivative of one op given its input x and output y, as a function of Tensors. */
    @FunctionalInterface
    interface Derivative {
        Tensor of(Tensor g, Tensor x, Tensor y);
    }

    /** What a derivative rule reads, and so what the forward saves (as PyTorch: relu and exp keep their result). */
    enum Saves { INPUT, OUTPUT, NOTHING }

    /** One unary op: forward by the engine kernel, backward by its derivative rule. */
    public static final class Op extends Function {
        private final UnaryOp op;
        private final String name;
        private final Saves saves;
        private final Derivative derivative;

        Op(UnaryOp op, String name, Saves saves, Derivative derivative) {
            this.op = op;
            this.name = name;
            this.saves = saves;
            this.derivative = derivative;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            Tensor y = raw(op, in[0]);
            switch (saves) {
                case INPUT -> ctx.saveForBackward(in[0]);
                case OUTPUT -> ctx.saveForBackward(y);
                case NOTHING -> { }
            }
            return y;
        }

        /** The rule gets the saved tensor in its place (input x or output y) and null in the other. */
        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            Tensor saved = saves == Saves.NOTHING ? null : ctx.savedTensors()[0];
            Tensor x = saves == Saves.INPUT ? saved : null;
            Tensor y = saves == Saves.OUTPUT ? saved : null;
            return new Tensor[]{derivative.of(g, x, y)};
        }

        @Override
        protected String backwardName() {
            return name;
        }
    }

    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

    /** The Function for {@code op}; one fresh instance per call. */
    public static Function of(UnaryOp op) {
        return switch (op) {
            case EXP -> new Op(op, "ExpBackward0", Saves.OUTPUT, (g, x, y) -> g.mul(y));
            case LOG -> new Op(op, "LogBackward0", Saves.INPUT, (g, x, y) -> g.div(x));
            case LOG1P -> new Op(op, "Log1PBackward0", Saves.INPUT, (g, x, y) -> g.div(x.add(1.0)));
            case EXPM1 -> new Op(op, "Expm1Backward0", Saves.OUTPUT, (g, x, y) -> g.mul(y.add(1.0)));
            case SQRT -> new Op(op, "SqrtBackward0", Saves.OUTPUT, (g, x, y) -> g.div(y.mul(2.0)));
            case RSQRT -> new Op(op, "RsqrtBackward0", Saves.OUTPUT, (g, x, y) -> g.mul(y.pow(3.0)).mul(-0.5));
            case RECIPROCAL -> new Op(op, "ReciprocalBackward0", Saves.OUTPUT, (g, x, y) -> g.mul(y.square()).neg());
            case SQUARE -> new Op(op, "PowBackward0", Saves.INPUT, (g, x, y) -> g.mul(x).mul(2.0));
            case SIN -> new Op(op, "SinBackward0", Saves.INPUT, (g, x, y) -> g.mul(x.cos()));
            case COS -> new Op(op, "CosBackward0", Saves.INPUT, (g, x, y) -> g.mul(x.sin()).neg());
            case TANH -> new Op(op, "TanhBackward0", Saves.OUTPUT, (g, x, y) -> g.mul(y.square().rsub(1.0)));
            case SIGMOID -> new Op(op, "SigmoidBackward0", Saves.OUTPUT, (g, x, y) -> g.mul(y).mul(y.rsub(1.0)));
            case RELU -> new Op(op, "ReluBackward0", Saves.OUTPUT, (g, x, y) -> new ActivationGrad.Threshold(0).apply(g, y));
            case ABS -> new Op(op, "AbsBackward0", Saves.INPUT, (g, x, y) -> g.mul(x.sign()));
            case SILU -> new Op(op, "SiluBackward0", Saves.INPUT, (g, x, y) -> {
                Tensor s = x.sigmoid();
                return g.mul(s.mul(x.mul(s.rsub(1.0)).add(1.0)));
            });
            case SOFTPLUS -> new Op(op, "SoftplusBackward0", Saves.INPUT, (g, x, y) -> {
                // PyTorch's threshold: above 20 softplus is the identity, its slope exactly 1.
                Tensor slope = x.sigmoid().where(x.le(20.0), 1.0);
                return g.mul(slope);
            });
            case GELU -> new Op(op, "GeluBackward0", Saves.INPUT, (g, x, y) -> new ActivationGrad.Gelu().apply(g, x));
            case GELU_TANH -> new Op(op, "GeluBackward0", Saves.INPUT, (g, x, y) -> {
                Tensor inner = x.add(x.pow(3.0).mul(0.044715)).mul(SQRT_2_OVER_PI);
                Tensor t = inner.tanh();
                Tensor dInner = x.square().mul(3 * 0.044715).add(1.0).mul(SQRT_2_OVER_PI);
                Tensor left = t.add(1.0).mul(0.5);
                Tensor right = x.mul(0.5).mul(t.square().rsub(1.0)).mul(dInner);
                return g.mul(left.add(right));
            });
            case ERF -> new Op(op, "ErfBackward0", Saves.INPUT, (g, x, y) -> g.mul(x.square().neg().exp()).mul(2 / Math.sqrt(Math.PI)));
            case SIGN, FLOOR, CEIL, ROUND -> new Op(op, name(op), Saves.NOTHING, (g, x, y) -> g.mul(0.0));
            default -> throw new IllegalArgumentException("no derivative registered for unary op " + op);
        };
    }

    private static String name(UnaryOp op) {
        String lower = op.name().toLowerCase(java.util.Locale.ROOT);
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1) + "Backward0";
    }

    /** {@code clamp(min, max)}, either bound optional: the gradient passes where min <= x <= max. */
    public static final class Clamp extends Function {
        private final Double min;
        private final Double max;

        public Clamp(Double min, Double max) {
            this.min = min;
            this.max = max;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0]);
            return Tensor.wrap(Unary.clamp(in[0].ndarray(), min, max));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            return new Tensor[]{new ActivationGrad.Clamp(min, max).apply(g, ctx.savedTensors()[0])};
        }
    }

    /** {@code leaky_relu(x, slope)}: slope below 0, identity above; 0 counts as below, as PyTorch. */
    public static final class LeakyRelu extends Function {
        private final double slope;

        public LeakyRelu(double slope) {
            this.slope = slope;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0]);
            return Tensor.wrap(Unary.leakyRelu(in[0].ndarray(), slope));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            Tensor x = ctx.savedTensors()[0];
            Tensor factor = Tensor.onesLike(x).where(x.gt(0.0), slope);
            return new Tensor[]{g.mul(factor)};
        }

        @Override
        protected String backwardName() {
            return "LeakyReluBackward0";
        }
    }
}
