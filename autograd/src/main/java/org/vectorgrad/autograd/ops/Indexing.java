package org.vectorgrad.autograd.ops;

import org.vectorgrad.autograd.Context;
import org.vectorgrad.autograd.Function;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.Index;
import org.vectorgrad.engine.NDArray;

/** Gathering and scattering by index tensors; each one's backward is the other. */
public final class Indexing {
    private Indexing() {
    }

    /** {@code index_select(dim, index)}: backward adds the gradient rows back at their indices. */
    public static final class IndexSelect extends Function {
        private final int dim;
        private int[] inputShape;

        public IndexSelect(int dim) {
            this.dim = dim;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            inputShape = in[0].shape();
            ctx.saveForBackward(in[1]);
            return Tensor.wrap(Index.indexSelect(in[0].ndarray(), dim, in[1].ndarray()));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            Tensor index = ctx.savedTensors()[0];
            return new Tensor[]{new IndexAdd(dim).apply(Tensor.zeros(g.dtype(), inputShape), index, g), null};
        }
    }

    /** {@code index_add(dim, index, source)} out of place. */
    public static final class IndexAdd extends Function {
        private final int dim;

        public IndexAdd(int dim) {
            this.dim = dim;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[1]);
            return Tensor.wrap(Index.indexAdd(in[0].ndarray(), dim, in[1].ndarray(), in[2].ndarray()));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            Tensor index = ctx.savedTensors()[0];
            return new Tensor[]{g, null, ctx.needsInputGrad(2) ? g.indexSelect(dim, index) : null};
        }
    }

    /** {@code gather(dim, index)}: backward scatter-adds the gradient. */
    public static final class Gather extends Function {
        private final int dim;
        private int[] inputShape;

        public Gather(int dim) {
            this.dim = dim;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            inputShape = in[0].shape();
            ctx.saveForBackward(in[1]);
            return Tensor.wrap(Index.gather(in[0].ndarray(), dim, in[1].ndarray()));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            Tensor index = ctx.savedTensors()[0];
            return new Tensor[]{new ScatterAdd(dim).apply(Tensor.zeros(g.dtype(), inputShape), index, g), null};
        }
    }

    /** {@code scatter_add(dim, index, src)} out of place. */
    public static final class ScatterAdd extends Function {
        private final int dim;

        public ScatterAdd(int dim) {
            this.dim = dim;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[1]);
            return Tensor.wrap(Index.scatterAdd(in[0].ndarray(), dim, in[1].ndarray(), in[2].ndarray()));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            Tensor index = ctx.savedTensors()[0];
            return new Tensor[]{g, null, ctx.needsInputGrad(2) ? g.gather(dim, index) : null};
        }
    }

    /** Concatenation: {@code CatBackward0} hands each input its slice of the gradient. */
    public static final class Cat extends Function {
        private final int dim;
        private int[] sizes;
        private int d;

        public Cat(int dim) {
            this.dim = dim;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            java.util.List<NDArray> arrays = new java.util.ArrayList<>(in.length);
            sizes = new int[in.length];
            for (Tensor t : in) {
                arrays.add(t.ndarray());
            }
            NDArray out = org.vectorgrad.engine.Join.cat(arrays, dim);
            d = org.vectorgrad.engine.Shapes.normalizeDim(dim, out.dim());
            for (int i = 0; i < in.length; i++) {
                sizes[i] = in[i].dim() == 1 && in[i].numel() == 0 && out.dim() > 1 ? 0 : in[i].size(d);
            }
            return Tensor.wrap(out);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            Tensor[] grads = new Tensor[sizes.length];
            int start = 0;
            for (int i = 0; i < sizes.length; i++) {
                grads[i] = ctx.needsInputGrad(i) ? g.narrow(d, start, sizes[i]) : null;
                start += sizes[i];
            }
            return grads;
        }
    }
}
