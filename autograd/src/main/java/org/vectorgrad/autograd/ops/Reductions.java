package org.vectorgrad.autograd.ops;

import org.vectorgrad.autograd.Context;
import org.vectorgrad.autograd.Function;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.NDArray;
import org.vectorgrad.engine.Reduce;
import org.vectorgrad.engine.Shapes;

/** Reductions over sets of dimensions, with keepdim. Backward re-inserts reduced dims and expands. */
public final class Reductions {
    private Reductions() {
    }

    /** Normalised, sorted reduced dims; an empty array means every dimension. */
    static int[] normalize(int[] dims, int rank) {
        if (dims == null || dims.length == 0) {
            int[] all = new int[rank];
            for (int i = 0; i < rank; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] out = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = Shapes.normalizeDim(dims[i], rank);
        }
        java.util.Arrays.sort(out);
        return out;
    }

    /** The input shape with the reduced dims set to 1: the keepdim shape. */
    static int[] keptShape(int[] inputShape, int[] dims) {
        int[] kept = inputShape.clone();
        for (int d : dims) {
            kept[d] = 1;
        }
        return kept;
    }

    /** A gradient of the reduced shape viewed with the reduced dims kept as size 1. */
    static Tensor restoreDims(Tensor g, int[] inputShape, int[] dims) {
        return inputShape.length == 0 ? g.reshape() : g.reshape(keptShape(inputShape, dims));
    }

    static long count(int[] shape, int[] dims) {
        long n = 1;
        for (int d : dims) {
            n *= shape[d];
        }
        return n;
    }

    /** A reduction over a set of dims: remembers the request, the input shape and the normalised dims. */
    abstract static class OverDims extends Function {
        final int[] requested;
        final boolean keepdim;
        int[] inputShape;
        int[] dims;

        OverDims(int[] dims, boolean keepdim) {
            this.requested = dims;
            this.keepdim = keepdim;
        }

        /** Records the input's geometry; call first in forward. Returns the input's array. */
        NDArray resolve(Tensor input) {
            inputShape = input.shape();
            dims = normalize(requested, inputShape.length);
            return input.ndarray();
        }

        /** The gradient (or a saved output) of the reduced shape, with the reduced dims back as size 1. */
        Tensor kept(Tensor reduced) {
            return restoreDims(reduced, inputShape, dims);
        }

        boolean overAll() {
            return requested == null || requested.length == 0;
        }
    }

    /** {@code sum}: {@code SumBackward0} over everything, {@code SumBackward1} over dims. */
    public static final class Sum extends OverDims {
        private NDArray known;

        public Sum(int[] dims, boolean keepdim) {
            super(dims, keepdim);
        }

        /**
         * A sum whose value the caller already has, computed in one pass with another product (a convolution's
         * bias gradient with its weight gradient); this Function takes it over and records the sum's backward.
         */
        public Sum(int[] dims, boolean keepdim, NDArray known) {
            super(dims, keepdim);
            this.known = known;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            NDArray input = resolve(in[0]);
            if (known != null) {
                NDArray value = known;
                known = null;
                return Tensor.wrap(value);
            }
            return Tensor.wrap(Reduce.sum(input, dims, keepdim));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            return new Tensor[]{kept(g).expand(inputShape)};
        }

        @Override
        protected String backwardName() {
            return overAll() ? "SumBackward0" : "SumBackward1";
        }
    }

    /** {@code mean}: {@code MeanBackward0}/{@code MeanBackward1}. */
    public static final class Mean extends OverDims {
        public Mean(int[] dims, boolean keepdim) {
            super(dims, keepdim);
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            return Tensor.wrap(Reduce.mean(resolve(in[0]), dims, keepdim));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            return new Tensor[]{kept(g).expand(inputShape).div(count(inputShape, dims))};
        }

        @Override
        protected String backwardName() {
            return overAll() ? "MeanBackward0" : "MeanBackward1";
        }
    }

    /** Sums broadcast dims away to reach a shape; the engine's un-broadcasting step. */
    public static final class SumToSize extends Function {
        private final int[] shape;
        private int[] inputShape;

        public SumToSize(int[] shape) {
            this.shape = shape.clone();
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            inputShape = in[0].shape();
            int lead = inputShape.length - shape.length;
            int[] dims = new int[inputShape.length];
            int n = 0;
            for (int d = 0; d < inputShape.length; d++) {
                if (d < lead || (shape[d - lead] == 1 && inputShape[d] != 1)) {
                    dims[n++] = d;
                }
            }
            if (n == 0) {
                return Tensor.wrap(in[0].ndarray().view(shape));
            }
            try (NDArray summed = Reduce.sum(in[0].ndarray(), java.util.Arrays.copyOf(dims, n), true)) {
                return Tensor.wrap(summed.reshape(shape));
            }
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            return new Tensor[]{g.expand(inputShape)};
        }

        @Override
        protected String backwardName() {
            return "SumBackward1";
        }
    }

    /** {@code amax}/{@code amin} and full {@code max()}/{@code min()}: ties share the gradient evenly. */
    public static final class Extremum extends OverDims {
        private final boolean max;
        private final String name;

        public Extremum(int[] dims, boolean keepdim, boolean max, String name) {
            super(dims, keepdim);
            this.max = max;
            this.name = name;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            NDArray a = resolve(in[0]);
            Tensor out = Tensor.wrap(max ? Reduce.amax(a, dims, keepdim) : Reduce.amin(a, dims, keepdim));
            ctx.saveForBackward(in[0], out);
            return out;
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            Tensor[] s = ctx.savedTensors();
            Tensor mask = s[0].eq(kept(s[1])).to(g.dtype());
            Tensor share = mask.div(mask.sum(dims, true));
            return new Tensor[]{kept(g).mul(share)};
        }

        @Override
        protected String backwardName() {
            return name;
        }
    }

    /** Variance or standard deviation with a correction (1 = unbiased): {@code VarBackward0}/{@code StdBackward0}. */
    public static final class Moment extends OverDims {
        private final int correction;
        private final boolean std;

        public Moment(int[] dims, int correction, boolean keepdim, boolean std) {
            super(dims, keepdim);
            this.correction = correction;
            this.std = std;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            NDArray a = resolve(in[0]);
            Tensor out = Tensor.wrap(std ? Reduce.std(a, dims, correction, keepdim) : Reduce.var(a, dims, correction, keepdim));
            ctx.saveForBackward(in[0], out);
            return out;
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            Tensor[] s = ctx.savedTensors();
            Tensor x = s[0];
            double denominator = Math.max(0, count(inputShape, dims) - correction);
            Tensor centered = x.sub(x.mean(dims, true));
            Tensor gk = kept(g);
            if (std) {
                return new Tensor[]{gk.mul(centered).div(kept(s[1]).mul(denominator))};
            }
            return new Tensor[]{gk.mul(centered).mul(2.0 / denominator)};
        }

        @Override
        protected String backwardName() {
            return std ? "StdBackward0" : "VarBackward0";
        }
    }

    /** Numerically stable {@code log(sum(exp(x)))}: {@code LogsumexpBackward0}. */
    public static final class LogSumExp extends OverDims {
        public LogSumExp(int[] dims, boolean keepdim) {
            super(dims, keepdim);
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            Tensor out = Tensor.wrap(Reduce.logsumexp(resolve(in[0]), dims, keepdim));
            ctx.saveForBackward(in[0], out);
            return out;
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            Tensor[] s = ctx.savedTensors();
            Tensor weights = s[0].sub(kept(s[1])).exp();
            return new Tensor[]{kept(g).mul(weights)};
        }

        @Override
        protected String backwardName() {
            return "LogsumexpBackward0";
        }
    }

    /** Cumulative sum along a dim: {@code CumsumBackward0} (the gradient is the reversed cumulative sum). */
    public static final class Cumsum extends Function {
        private final int dim;

        public Cumsum(int dim) {
            this.dim = dim;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            return Tensor.wrap(Reduce.cumsum(in[0].ndarray(), dim));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            // sum_{j >= i} g_j = total - cumsum(g)_i + g_i
            return new Tensor[]{g.sum(new int[]{dim}, true).sub(g.cumsum(dim)).add(g)};
        }
    }
}
