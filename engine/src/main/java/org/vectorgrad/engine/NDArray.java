package org.vectorgrad.engine;

import java.lang.foreign.MemorySegment;
import org.vectorgrad.engine.kernel.Elements;

/**
 * An n-dimensional array in off-heap memory: storage + element offset + shape + strides + dtype.
 *
 * <p>Views ({@link #view}, {@link #permute}, {@link #narrow}, {@link #expand}, ...) share storage and never copy.
 * Compute lives in the kernel families ({@link Binary}, {@link Unary}, {@link Reduce}, ...); factories in
 * {@link NDArrays}. An NDArray knows nothing of gradients.
 *
 * <p>Memory: each array holds a reference on its storage. {@link #close()} drops it (the storage's buffer goes
 * back to the {@link BufferPool} when its last view is closed); arrays created inside a {@link MemoryScope} are
 * closed with the scope unless {@link #keep() kept}. Any access after close throws {@link IllegalStateException}.
 */
public final class NDArray implements AutoCloseable {
    private final Storage storage;
    private final long offset;
    private final int[] shape;
    private final long[] strides;
    private final DType dtype;
    private MemoryScope scope;
    private volatile boolean closed;

    NDArray(Storage storage, long offset, int[] shape, long[] strides, DType dtype) {
        this.storage = storage;
        this.offset = offset;
        this.shape = shape;
        this.strides = strides;
        this.dtype = dtype;
        storage.retain();
        this.scope = MemoryScope.current();
        if (scope != null) {
            scope.adopt(this);
        } else {
            storage.ensureCleaner();
        }
    }

    /** A new contiguous array with unspecified content. */
    static NDArray allocate(DType dtype, int[] shape) {
        int[] s = Shapes.checkedShape(shape);
        long bytes = Shapes.numel(s) * dtype.byteSize();
        return new NDArray(new Storage(bytes), 0, s, Shapes.contiguousStrides(s), dtype);
    }

    /** A view of the same storage with another geometry. */
    NDArray withGeometry(long newOffset, int[] newShape, long[] newStrides) {
        checkOpen();
        return new NDArray(storage, newOffset, newShape, newStrides, dtype);
    }

    // ---- geometry ----

    /** The sizes (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** Size of one dimension; negative dims count from the end. */
    public int size(int dim) {
        return shape[Shapes.normalizeDim(dim, shape.length)];
    }

    /** Number of dimensions (0 for a scalar). */
    public int dim() {
        return shape.length;
    }

    /** Number of elements. */
    public long numel() {
        return Shapes.numel(shape);
    }

    public DType dtype() {
        return dtype;
    }

    /** Strides in elements (a copy). */
    public long[] strides() {
        return strides.clone();
    }

    /** Offset of element 0 in the storage, in elements. */
    public long offset() {
        return offset;
    }

    /** True if the elements are laid out row-major without gaps. */
    public boolean isContiguous() {
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && strides[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    /** True if both arrays are views of the same storage. */
    public boolean sharesStorageWith(NDArray other) {
        return storage == other.storage;
    }

    // ---- raw access for kernels ----

    /** The storage's bytes (bounds-checked); throws if this array was closed or its storage released. */
    public MemorySegment segment() {
        checkOpen();
        return storage.segment();
    }

    /** The in-place modification counter of the storage, shared by all its views. */
    public int version() {
        return storage.version();
    }

    /** Records an in-place write; every in-place kernel calls this once. */
    public void bumpVersion() {
        storage.bumpVersion();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("NDArray " + Shapes.format(shape) + " was used after close()");
        }
    }

    /** Element offset (in elements, from the storage start) of a multi-index. */
    long elementOffset(int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("expected an index of " + shape.length + " dimensions for shape "
                    + Shapes.format(shape) + ", got " + index.length);
        }
        long off = offset;
        for (int d = 0; d < index.length; d++) {
            int i = index[d] < 0 ? index[d] + shape[d] : index[d];
            if (i < 0 || i >= shape[d]) {
                throw new IndexOutOfBoundsException("index " + index[d] + " is out of bounds for dimension " + d
                        + " with size " + shape[d]);
            }
            off += i * strides[d];
        }
        return off;
    }

    // ---- elements ----

    /** The element at {@code index} as a double. */
    public double getDouble(int... index) {
        return Elements.getDouble(segment(), dtype, elementOffset(index));
    }

    /** The element at {@code index} as a long. */
    public long getLong(int... index) {
        return Elements.getLong(segment(), dtype, elementOffset(index));
    }

    /** Writes one element in place (converted to this dtype). */
    public void set(double value, int... index) {
        Elements.setDouble(segment(), dtype, elementOffset(index), value);
        bumpVersion();
    }

    /** The value of a one-element array, as PyTorch's {@code item()}. */
    public double item() {
        if (numel() != 1) {
            throw new IllegalArgumentException("a Tensor with " + numel() + " elements cannot be converted to Scalar");
        }
        int[] zero = new int[shape.length];
        return getDouble(zero);
    }

    // ---- views (no copy) ----

    /** Same data, new shape; fails when the strides forbid it (use {@link #reshape}). One size may be -1. */
    public NDArray view(int... newShape) {
        return Views.view(this, newShape);
    }

    /** Like {@link #view}, but copies when the strides forbid a view. */
    public NDArray reshape(int... newShape) {
        return Views.reshape(this, newShape);
    }

    /** Reorders dimensions. */
    public NDArray permute(int... dims) {
        return Views.permute(this, dims);
    }

    /** Swaps two dimensions. */
    public NDArray transpose(int dim0, int dim1) {
        return Views.transpose(this, dim0, dim1);
    }

    /** Transpose of a matrix (0-d and 1-d arrays are returned as views unchanged). */
    public NDArray t() {
        if (shape.length > 2) {
            throw new IllegalArgumentException("t() expects a tensor with <= 2 dimensions, but self is " + shape.length + "D");
        }
        return shape.length < 2 ? withGeometry(offset, shape.clone(), strides.clone()) : transpose(0, 1);
    }

    /** Elements {@code start .. start+length-1} along {@code dim}. */
    public NDArray narrow(int dim, int start, int length) {
        return Views.narrow(this, dim, start, length);
    }

    /** Python's {@code a[start:end:step]} along {@code dim}; negative start/end count from the end. */
    public NDArray slice(int dim, int start, int end, int step) {
        return Views.slice(this, dim, start, end, step);
    }

    /** Removes {@code dim} by taking index {@code index} (negative counts from the end). */
    public NDArray select(int dim, int index) {
        return Views.select(this, dim, index);
    }

    /** Broadcasts size-1 dimensions (and new leading ones) to {@code sizes}; -1 keeps a size. */
    public NDArray expand(int... sizes) {
        return Views.expand(this, sizes);
    }

    /** Same as {@link #expand}, named as numpy and PyTorch's {@code broadcast_to}. */
    public NDArray broadcastTo(int... sizes) {
        return Views.expand(this, sizes);
    }

    /** Removes every size-1 dimension. */
    public NDArray squeeze() {
        return Views.squeeze(this);
    }

    /** Removes {@code dim} if its size is 1 (otherwise returns a view unchanged, as PyTorch). */
    public NDArray squeeze(int dim) {
        return Views.squeeze(this, dim);
    }

    /** Inserts a size-1 dimension at {@code dim} (range {@code [-dim()-1, dim()]}). */
    public NDArray unsqueeze(int dim) {
        return Views.unsqueeze(this, dim);
    }

    /** Flattens all dimensions into one. */
    public NDArray flatten() {
        return flatten(0, -1);
    }

    /** Flattens dimensions {@code startDim..endDim} into one (a view when possible, else a copy). */
    public NDArray flatten(int startDim, int endDim) {
        return Views.flatten(this, startDim, endDim);
    }

    /** Splits {@code dim} into {@code sizes} (one may be -1). */
    public NDArray unflatten(int dim, int... sizes) {
        return Views.unflatten(this, dim, sizes);
    }

    // ---- copies ----

    /** This array if contiguous, else a contiguous copy. */
    public NDArray contiguous() {
        return isContiguous() ? withGeometry(offset, shape.clone(), strides.clone()) : clone();
    }

    /** A contiguous copy with its own storage. */
    @Override
    public NDArray clone() {
        NDArray out = allocate(dtype, shape);
        Copy.copyInto(out, this);
        return out;
    }

    /** A copy converted to {@code type} (this array itself, as a new view, when the type already matches). */
    public NDArray to(DType type) {
        if (type == dtype) {
            return withGeometry(offset, shape.clone(), strides.clone());
        }
        NDArray out = allocate(type, shape);
        Copy.copyInto(out, this);
        return out;
    }

    /** Copies {@code src} (broadcast to this shape, converted to this dtype) into this array, in place. */
    public NDArray copy_(NDArray src) {
        Copy.copyInto(this, src);
        bumpVersion();
        return this;
    }

    // ---- conversion to Java arrays ----

    public float[] toFloatArray() {
        return ArrayConversion.toFloatArray(this);
    }

    public double[] toDoubleArray() {
        return ArrayConversion.toDoubleArray(this);
    }

    public long[] toLongArray() {
        return ArrayConversion.toLongArray(this);
    }

    public int[] toIntArray() {
        return ArrayConversion.toIntArray(this);
    }

    public boolean[] toBooleanArray() {
        return ArrayConversion.toBooleanArray(this);
    }

    /** The rows of a 2-d array. */
    public float[][] toFloatMatrix() {
        return ArrayConversion.toFloatMatrix(this);
    }

    // ---- memory ----

    /** The scope that will close this array, or null. */
    MemoryScope scope() {
        return scope;
    }

    /**
     * Moves this array out of its {@link MemoryScope} into the enclosing one (or out of all scopes), so that
     * it survives the scope's close. Returns this.
     */
    public NDArray keep() {
        if (scope != null) {
            MemoryScope parent = scope.parent();
            scope = parent;
            if (parent != null) {
                parent.adopt(this);
            } else {
                storage.ensureCleaner();
            }
        }
        return this;
    }

    /** Takes this array out of every scope: only {@link #close()} or the GC release it. Returns this. */
    public NDArray keepForever() {
        scope = null;
        storage.ensureCleaner();
        return this;
    }

    /** True once {@link #close()} ran. */
    public boolean isClosed() {
        return closed;
    }

    /** Releases this view's reference on the storage. Idempotent. Further use of this array throws. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        scope = null;
        storage.release();
    }

    /** PyTorch-style printing, summarised with {@code ...} beyond 1000 elements. */
    @Override
    public String toString() {
        if (closed) {
            return "NDArray(closed, shape=" + Shapes.format(shape) + ")";
        }
        return Printer.format(this);
    }
}
