package org.vectorgrad.autograd.ops;

import org.vectorgrad.autograd.Context;
import org.vectorgrad.autograd.Function;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.Reduce;

/** Softmax and log-softmax along one dim, fused for numerical stability (finite on logits of 1000). */
public final class Softmax {
    private Softmax() {
    }

    /** {@code softmax(dim)}: {@code SoftmaxBackward0}, gradient {@code y * (g - sum(g * y))}. */
    public static final class Soft extends Function {
        private final int dim;

        public Soft(int dim) {
            this.dim = dim;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            Tensor y = Tensor.wrap(Reduce.softmax(in[0].ndarray(), dim));
            ctx.saveForBackward(y);
            return y;
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            Tensor y = ctx.savedTensors()[0];
            return new Tensor[]{y.mul(g.sub(g.mul(y).sum(new int[]{dim}, true)))};
        }

        @Override
        protected String backwardName() {
            return "SoftmaxBackward0";
        }
    }

    /**
     * {@code log_softmax(dim)}: {@code LogSoftmaxBackward0}, gradient {@code g - exp(y) * sum(g)}, with {@code exp(y)}
     * taken as {@code softmax(y)} (equal, since {@code y} is {@code x} shifted by a constant per slice).
     */
    public static final class LogSoft extends Function {
        private final int dim;

        public LogSoft(int dim) {
            this.dim = dim;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            Tensor y = Tensor.wrap(Reduce.logSoftmax(in[0].ndarray(), dim));
            ctx.saveForBackward(y);
            return y;
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            Tensor y = ctx.savedTensors()[0];
            // Not y.exp(): the unary exp kernel (Vector API lanewise EXP) rounds differently once C2 compiles it, so
            // every cross-entropy gradient depended on JIT timing and a resumed run drifted from an uninterrupted
            // one. Softmax's own exp is plain arithmetic and gives the same bits interpreted or compiled.
            return new Tensor[]{g.sub(y.softmax(dim).mul(g.sum(new int[]{dim}, true)))};
        }

        @Override
        protected String backwardName() {
            return "LogSoftmaxBackward0";
        }
    }
}
