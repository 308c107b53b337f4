package org.vectorgrad.autograd.ops;

import org.vectorgrad.autograd.Context;
import org.vectorgrad.autograd.Function;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.Binary;
import org.vectorgrad.engine.BinaryOp;

/**
 * The arithmetic ops with hand-written derivatives. Broadcast inputs get gradients of the broadcast shape here;
 * the engine sums them back to each input's shape.
 */
public final class Arithmetic {
    private Arithmetic() {
    }

    static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        return Tensor.wrap(Binary.apply(op, a.ndarray(), b.ndarray()));
    }

    static Tensor binary(BinaryOp op, Tensor a, double b) {
        return Tensor.wrap(Binary.apply(op, a.ndarray(), b));
    }

    /** {@code a + b}. */
    public static final class Add extends Function {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            return binary(BinaryOp.ADD, in[0], in[1]);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            return new Tensor[]{g, g};
        }
    }

    /** {@code a + scalar}. */
    public static final class AddScalar extends Function {
        private final double scalar;

        public AddScalar(double scalar) {
            this.scalar = scalar;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            return binary(BinaryOp.ADD, in[0], scalar);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            return new Tensor[]{g};
        }

        @Override
        protected String backwardName() {
            return "AddBackward0";
        }
    }

    /** {@code a - b}. */
    public static final class Sub extends Function {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            return binary(BinaryOp.SUB, in[0], in[1]);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            return new Tensor[]{g, ctx.needsInputGrad(1) ? g.neg() : null};
        }
    }

    /** {@code scalar - a}, PyTorch's {@code rsub}. */
    public static final class RSub extends Function {
        private final double scalar;

        public RSub(double scalar) {
            this.scalar = scalar;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            return Tensor.wrap(Binary.apply(BinaryOp.SUB, scalar, in[0].ndarray()));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            return new Tensor[]{g.neg()};
        }

        @Override
        protected String backwardName() {
            return "RsubBackward1";
        }
    }

    /** {@code a * b}. */
    public static final class Mul extends Function {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0], in[1]);
            return binary(BinaryOp.MUL, in[0], in[1]);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            Tensor[] s = ctx.savedTensors();
            return new Tensor[]{ctx.needsInputGrad(0) ? g.mul(s[1]) : null, ctx.needsInputGrad(1) ? g.mul(s[0]) : null};
        }
    }

    /** {@code a * scalar}. */
    public static final class MulScalar extends Function {
        private final double scalar;

        public MulScalar(double scalar) {
            this.scalar = scalar;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            return binary(BinaryOp.MUL, in[0], scalar);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            return new Tensor[]{g.mul(scalar)};
        }

        @Override
        protected String backwardName() {
            return "MulBackward0";
        }
    }

    /** {@code a / b}. */
    public static final class Div extends Function {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0], in[1]);
            return binary(BinaryOp.DIV, in[0], in[1]);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            Tensor[] s = ctx.savedTensors();
            Tensor ga = ctx.needsInputGrad(0) ? g.div(s[1]) : null;
            Tensor gb = ctx.needsInputGrad(1) ? g.neg().mul(s[0]).div(s[1].mul(s[1])) : null;
            return new Tensor[]{ga, gb};
        }
    }

    /** {@code a / scalar}. */
    public static final class DivScalar extends Function {
        private final double scalar;

        public DivScalar(double scalar) {
            this.scalar = scalar;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            return binary(BinaryOp.DIV, in[0], scalar);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            return new Tensor[]{g.div(scalar)};
        }

        @Override
        protected String backwardName() {
            return "DivBackward0";
        }
    }

    /** {@code -a}. */
    public static final class Neg extends Function {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            return binary(BinaryOp.MUL, in[0], -1.0);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            return new Tensor[]{g.neg()};
        }
    }

    /** {@code a ^ exponent} for a scalar exponent: PyTorch's {@code PowBackward0}. */
    public static final class PowScalar extends Function {
        private final double exponent;

        public PowScalar(double exponent) {
            this.exponent = exponent;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0]);
            return binary(BinaryOp.POW, in[0], exponent);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            if (exponent == 0) {
                return new Tensor[]{g.mul(0.0)};
            }
            Tensor x = ctx.savedTensors()[0];
            return new Tensor[]{g.mul(x.pow(exponent - 1)).mul(exponent)};
        }

        @Override
        protected String backwardName() {
            return "PowBackward0";
        }
    }

    /** {@code a ^ b} for tensors: PyTorch's {@code PowBackward1}. */
    public static final class Pow extends Function {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            Tensor out = binary(BinaryOp.POW, in[0], in[1]);
            ctx.saveForBackward(in[0], in[1], out);
            return out;
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            Tensor[] s = ctx.savedTensors();
            Tensor a = s[0];
            Tensor b = s[1];
            Tensor ga = ctx.needsInputGrad(0) ? g.mul(b).mul(a.pow(b.sub(1.0))) : null;
            Tensor gb = null;
            if (ctx.needsInputGrad(1)) {
                // d/db a^b = a^b log a; PyTorch masks a == 0 (where the limit is 0 for b > 0) to avoid 0 * -inf.
                Tensor logA = a.where(a.ne(0.0), 1.0).log();
                gb = g.mul(a.pow(b)).mul(logA);
            }
            return new Tensor[]{ga, gb};
        }

        @Override
        protected String backwardName() {
            return "PowBackward1";
        }
    }

    /** {@code scalar ^ a}: PyTorch's {@code PowBackward2}. */
    public static final class RPow extends Function {
        private final double base;

        public RPow(double base) {
            this.base = base;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            Tensor out = Tensor.wrap(Binary.apply(BinaryOp.POW, base, in[0].ndarray()));
            ctx.saveForBackward(out);
            return out;
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            Tensor out = ctx.savedTensors()[0];
            return new Tensor[]{g.mul(out).mul(Math.log(base))};
        }

        @Override
        protected String backwardName() {
            return "PowBackward2";
        }
    }
}
