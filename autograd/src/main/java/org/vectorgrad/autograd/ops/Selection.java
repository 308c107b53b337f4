package org.vectorgrad.autograd.ops;

import org.vectorgrad.autograd.Context;
import org.vectorgrad.autograd.Function;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.Binary;
import org.vectorgrad.engine.BinaryOp;
import org.vectorgrad.engine.Ternary;

/** Ops that pick between values: where, masked fill, maximum and minimum. */
public final class Selection {
    private Selection() {
    }

    /** {@code where(cond, a, b)}: the gradient goes to whichever side was picked. */
    public static final class Where extends Function {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0]);
            return Tensor.wrap(Ternary.where(in[0].ndarray(), in[1].ndarray(), in[2].ndarray()));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            Tensor cond = ctx.savedTensors()[0];
            Tensor zero = Tensor.zeros(g.dtype());
            Tensor ga = ctx.needsInputGrad(1) ? g.where(cond, zero) : null;
            Tensor gb = ctx.needsInputGrad(2) ? zero.where(cond, g) : null;
            return new Tensor[]{null, ga, gb};
        }
    }

    /** {@code masked_fill(mask, value)}: filled positions get no gradient. */
    public static final class MaskedFill extends Function {
        private final double value;

        public MaskedFill(double value) {
            this.value = value;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[1]);
            return Tensor.wrap(Ternary.maskedFill(in[0].ndarray(), in[1].ndarray(), value));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            return new Tensor[]{g.maskedFill(ctx.savedTensors()[0], 0.0), null};
        }

        @Override
        protected String backwardName() {
            return "MaskedFillBackward0";
        }
    }

    /** {@code maximum}/{@code minimum}: ties split the gradient evenly, as PyTorch. */
    public static final class Extremum extends Function {
        private final boolean max;

        public Extremum(boolean max) {
            this.max = max;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0], in[1]);
            return Tensor.wrap(Binary.apply(max ? BinaryOp.MAXIMUM : BinaryOp.MINIMUM, in[0].ndarray(), in[1].ndarray()));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            Tensor[] s = ctx.savedTensors();
            Tensor aWins = (max ? s[0].gt(s[1]) : s[0].lt(s[1])).to(g.dtype());
            Tensor tie = s[0].eq(s[1]).to(g.dtype()).mul(0.5);
            Tensor bWins = aWins.rsub(1.0).sub(tie.mul(2.0));
            Tensor ga = ctx.needsInputGrad(0) ? g.mul(aWins.add(tie)) : null;
            Tensor gb = ctx.needsInputGrad(1) ? g.mul(bWins.add(tie)) : null;
            return new Tensor[]{ga, gb};
        }

        @Override
        protected String backwardName() {
            return max ? "MaximumBackward0" : "MinimumBackward0";
        }
    }
}
