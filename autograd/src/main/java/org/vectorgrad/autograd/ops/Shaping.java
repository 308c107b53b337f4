package org.vectorgrad.autograd.ops;

import org.vectorgrad.autograd.Context;
import org.vectorgrad.autograd.Function;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.NDArray;
import org.vectorgrad.engine.NDArrays;

/** View and copy ops. Views share storage with their input; their backward maps the gradient back. */
public final class Shaping {
    private Shaping() {
    }

    /** {@code view}/{@code reshape}/{@code flatten}/{@code unflatten}: PyTorch's {@code ViewBackward0}. */
    public static final class View extends Function {
        private final int[] shape;
        private final boolean allowCopy;
        private int[] inputShape;

        public View(int[] shape, boolean allowCopy) {
            this.shape = shape.clone();
            this.allowCopy = allowCopy;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            inputShape = in[0].shape();
            NDArray a = in[0].ndarray();
            return Tensor.wrap(allowCopy ? a.reshape(shape) : a.view(shape));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            return new Tensor[]{g.reshape(inputShape)};
        }

        @Override
        protected String backwardName() {
            return "ViewBackward0";
        }
    }

    /** Reorders dimensions. */
    public static final class Permute extends Function {
        private final int[] dims;

        public Permute(int[] dims) {
            this.dims = dims.clone();
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            return Tensor.wrap(in[0].ndarray().permute(dims));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            int rank = dims.length;
            int[] inverse = new int[rank];
            for (int i = 0; i < rank; i++) {
                inverse[Math.floorMod(dims[i], rank)] = i;
            }
            return new Tensor[]{g.permute(inverse)};
        }
    }

    /** Swaps two dimensions ({@code TransposeBackward0}; {@code t()} is {@code TBackward0}). */
    public static final class Transpose extends Function {
        private final int dim0;
        private final int dim1;
        private final String name;

        public Transpose(int dim0, int dim1, String name) {
            this.dim0 = dim0;
            this.dim1 = dim1;
            this.name = name;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            NDArray a = in[0].ndarray();
            return Tensor.wrap(a.dim() < 2 ? a.view(a.shape()) : a.transpose(dim0, dim1));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            return new Tensor[]{g.dim() < 2 ? g : g.transpose(dim0, dim1)};
        }

        @Override
        protected String backwardName() {
            return name;
        }
    }

    /** Python slicing along one dimension ({@code narrow} too): {@code SliceBackward0}. */
    public static final class Slice extends Function {
        private final int dim;
        private final int start;
        private final int end;
        private final int step;
        private int[] inputShape;

        public Slice(int dim, int start, int end, int step) {
            this.dim = dim;
            this.start = start;
            this.end = end;
            this.step = step;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            inputShape = in[0].shape();
            return Tensor.wrap(in[0].ndarray().slice(dim, start, end, step));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            return new Tensor[]{new SliceScatter(inputShape, dim, start, end, step).apply(g)};
        }
    }

    /** Zeros of a shape with one slice set to the input: the backward of {@link Slice}. */
    public static final class SliceScatter extends Function {
        private final int[] shape;
        private final int dim;
        private final int start;
        private final int end;
        private final int step;

        public SliceScatter(int[] shape, int dim, int start, int end, int step) {
            this.shape = shape;
            this.dim = dim;
            this.start = start;
            this.end = end;
            this.step = step;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            NDArray out = NDArrays.zeros(in[0].dtype(), shape);
            try (NDArray window = out.slice(dim, start, end, step)) {
                window.copy_(in[0].ndarray());
            }
            return Tensor.wrap(out);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            return new Tensor[]{g.slice(dim, start, end, step)};
        }
    }

    /** Takes one index along a dimension: {@code SelectBackward0}. */
    public static final class Select extends Function {
        private final int dim;
        private final int index;
        private int[] inputShape;

        public Select(int dim, int index) {
            this.dim = dim;
            this.index = index;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            inputShape = in[0].shape();
            return Tensor.wrap(in[0].ndarray().select(dim, index));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            int d = Math.floorMod(dim, inputShape.length);
            int i = Math.floorMod(index, inputShape[d]);
            return new Tensor[]{new SliceScatter(inputShape, d, i, i + 1, 1).apply(g.unsqueeze(d))};
        }
    }

    /** Broadcasts size-1 dimensions: {@code ExpandBackward0}, whose backward sums them back. */
    public static final class Expand extends Function {
        private final int[] sizes;
        private int[] inputShape;

        public Expand(int[] sizes) {
            this.sizes = sizes.clone();
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            inputShape = in[0].shape();
            return Tensor.wrap(in[0].ndarray().expand(sizes));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            return new Tensor[]{g.sumToSize(inputShape)};
        }
    }

    /** Inserts or removes size-1 dimensions ({@code SqueezeBackward0}, {@code UnsqueezeBackward0}, ...). */
    public static final class Squeeze extends Function {
        private final int[] shape;
        private final String name;
        private int[] inputShape;

        public Squeeze(int[] shape, String name) {
            this.shape = shape;
            this.name = name;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            inputShape = in[0].shape();
            return Tensor.wrap(in[0].ndarray().view(shape));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            return new Tensor[]{g.reshape(inputShape)};
        }

        @Override
        protected String backwardName() {
            return name;
        }
    }

    /** A contiguous copy: {@code CloneBackward0}. */
    public static final class Clone extends Function {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            return Tensor.wrap(in[0].ndarray().clone());
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            return new Tensor[]{g};
        }
    }

    /** Converts the dtype: {@code ToCopyBackward0}, whose backward converts back. */
    public static final class ToType extends Function {
        private final org.vectorgrad.engine.DType type;
        private org.vectorgrad.engine.DType inputType;

        public ToType(org.vectorgrad.engine.DType type) {
            this.type = type;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            inputType = in[0].dtype();
            return Tensor.wrap(in[0].ndarray().to(type));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            return new Tensor[]{g.to(inputType)};
        }

        @Override
        protected String backwardName() {
            return "ToCopyBackward0";
        }
    }
}
