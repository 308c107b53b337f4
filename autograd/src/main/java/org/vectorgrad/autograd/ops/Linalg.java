package org.vectorgrad.autograd.ops;

import org.vectorgrad.autograd.Context;
import org.vectorgrad.autograd.Function;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.MatMul;

/** Matrix products. Transposed operands are passed as views: the GEMM packs them without copying. */
public final class Linalg {
    private Linalg() {
    }

    /** Matrix product of operands with at least 2 dims (batched, broadcast): {@code MmBackward0}/{@code BmmBackward0}. */
    public static final class MatMulOp extends Function {
        private boolean batched;

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            batched = in[0].dim() > 2 || in[1].dim() > 2;
            ctx.saveForBackward(in[0], in[1]);
            return Tensor.wrap(MatMul.matmul(in[0].ndarray(), in[1].ndarray()));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            Tensor[] s = ctx.savedTensors();
            Tensor ga = ctx.needsInputGrad(0) ? g.matmul(s[1].transpose(-1, -2)) : null;
            Tensor gb = ctx.needsInputGrad(1) ? s[0].transpose(-1, -2).matmul(g) : null;
            return new Tensor[]{ga, gb};
        }

        @Override
        protected String backwardName() {
            return batched ? "BmmBackward0" : "MmBackward0";
        }
    }

    /** {@code x W^T + b} for 2-d x in one fused GEMM: {@code AddmmBackward0}. Bias may be null. */
    public static final class Linear extends Function {
        private boolean hasBias;

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            hasBias = in.length > 2 && in[2] != null;
            ctx.saveForBackward(in[0], in[1]);
            return Tensor.wrap(MatMul.linear(in[0].ndarray(), in[1].ndarray(), in.length > 2 && in[2] != null
                    ? in[2].ndarray() : null));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            Tensor[] s = ctx.savedTensors();
            Tensor gx = ctx.needsInputGrad(0) ? g.matmul(s[1]) : null;
            Tensor gw = ctx.needsInputGrad(1) ? g.t().matmul(s[0]) : null;
            if (!hasBias) {
                return new Tensor[]{gx, gw};
            }
            Tensor gb = ctx.needsInputGrad(2) ? g.sum(new int[]{0}, false) : null;
            return new Tensor[]{gx, gw, gb};
        }

        @Override
        protected String backwardName() {
            return "AddmmBackward0";
        }
    }
}
