package org.vectorgrad.engine;

import java.lang.foreign.MemorySegment;
import org.vectorgrad.engine.kernel.ElementCopy;
import org.vectorgrad.engine.kernel.StridedLoop;

/**
 * Indexing by integer tensors with PyTorch's semantics: {@code index_select}, {@code gather},
 * {@code scatter_add}, {@code index_add}, {@code one_hot}. Index tensors are int64 or int32; negative indices are
 * out of range (as in these PyTorch ops), reported as {@code index 5 is out of bounds for dimension 0 with size 3}
 * ({@link IndexOutOfBoundsException}); shape mismatches are {@link IllegalArgumentException}s naming the op and
 * the shapes. Out-of-place forms return new arrays and modify nothing; the {@code _} forms modify {@code self}.
 *
 * <p>Accumulating ops split work only over positions that write distinct elements and add in index order, so
 * their results are the same for any number of threads.
 */
public final class Index {
    private static final long GRAIN = 1 << 15;

    private Index() {
    }

    /**
     * The slices of {@code a} at positions {@code index} (1-d or 0-d) along {@code dim}: {@code out.size(dim) ==
     * index.numel()}, other sizes as {@code a}. A 0-d {@code a} takes a single index 0. Rows of embeddings
     * ({@code dim 0} of a contiguous matrix) are copied as whole blocks.
     */
    public static NDArray indexSelect(NDArray a, int dim, NDArray index) {
        IndexSupport.checkIndexType("index_select", index);
        if (index.dim() > 1) {
            throw new IllegalArgumentException("index_select(): Index is supposed to be a vector");
        }
        if (a.dim() == 0) {
            if (index.numel() != 1) {
                throw new IllegalArgumentException("index_select(): Index to scalar can have only 1 value, got "
                        + index.numel() + " value(s)");
            }
            Shapes.normalizeDim(dim, 0);
            IndexSupport.readChecked(index, 0, 1);
            return a.clone();
        }
        int d = Shapes.normalizeDim(dim, a.dim());
        long[] idx = IndexSupport.readChecked(index, d, a.size(d));
        int[] outShape = a.shape();
        outShape[d] = idx.length;
        NDArray out = NDArray.allocate(a.dtype(), outShape);
        if (out.numel() == 0) {
            return out;
        }
        long outStride = out.strides()[d];
        long aStride = a.strides()[d];
        StridedLoop rest = new StridedLoop(Views.remove(outShape, d),
                new long[][]{Views.remove(out.strides(), d), Views.remove(a.strides(), d)}, new long[2]);
        MemorySegment so = out.segment();
        MemorySegment sa = a.segment();
        int bytes = a.dtype().byteSize();
        long outBase = out.offset();
        long aBase = a.offset();
        Parallel.range(idx.length, Math.max(1, GRAIN / Math.max(1, rest.total())), (j0, j1) -> {
            for (long j = j0; j < j1; j++) {
                long ob = outBase + j * outStride;
                long ab = aBase + idx[(int) j] * aStride;
                rest.forEach((off, inner, n) -> ElementCopy.row(so, ob + off[0], inner[0], sa, ab + off[1], inner[1],
                        n, bytes));
            }
        });
        return out;
    }

    /**
     * {@code out[i][j][k] = a[i][index[i][j][k]][k]} for {@code dim = 1} (and likewise for other dims): the
     * result has the shape of {@code index}, which must have {@code a}'s rank and be no larger than {@code a}
     * outside {@code dim}.
     */
    public static NDArray gather(NDArray a, int dim, NDArray index) {
        IndexSupport.checkIndexType("gather", index);
        int d = Shapes.normalizeDim(dim, a.dim());
        if (index.dim() != a.dim()) {
            throw new IllegalArgumentException("Index tensor must have the same number of dimensions as input tensor");
        }
        IndexSupport.checkNotLarger("gather", index, a, d, null);
        NDArray out = NDArray.allocate(a.dtype(), index.shape());
        int size = a.dim() == 0 ? 1 : a.size(d);
        long aStride = a.dim() == 0 ? 0 : a.strides()[d];
        long[] aStrides = a.strides();
        if (a.dim() > 0) {
            aStrides[d] = 0;
        }
        StridedLoop loop = new StridedLoop(index.shape(), new long[][]{out.strides(), index.strides(), aStrides},
                new long[]{out.offset(), index.offset(), a.offset()});
        MemorySegment so = out.segment();
        MemorySegment si = index.segment();
        MemorySegment sa = a.segment();
        DType it = index.dtype();
        int bytes = a.dtype().byteSize();
        loop.forEachParallel(GRAIN, (off, inner, n) -> {
            for (int k = 0; k < n; k++) {
                long v = IndexSupport.checked(si, it, off[1] + k * inner[1], d, size);
                ElementCopy.one(so, off[0] + k * inner[0], sa, off[2] + k * inner[2] + v * aStride, bytes);
            }
        });
        return out;
    }

    /** Out-of-place {@link #scatterAdd_}: a copy of {@code self} with {@code src} added at {@code index}. */
    public static NDArray scatterAdd(NDArray self, int dim, NDArray index, NDArray src) {
        IndexSupport.checkScatter(self, dim, index, src);
        NDArray out = self.clone();
        IndexSupport.scatterAddInto(out, dim, index, src);
        return out;
    }

    /**
     * In place: {@code self[i][index[i][j][k]][k] += src[i][j][k]} for {@code dim = 1} (likewise for other dims),
     * where {@code index} has the rank of {@code self} and {@code src} and is no larger than {@code src}, nor than
     * {@code self} outside {@code dim}. Repeated indices accumulate. Modifies and returns {@code self}.
     */
    public static NDArray scatterAdd_(NDArray self, int dim, NDArray index, NDArray src) {
        IndexSupport.checkScatter(self, dim, index, src);
        IndexSupport.checkNoInternalOverlap(self);
        IndexSupport.scatterAddInto(self, dim, index, src);
        self.bumpVersion();
        return self;
    }

    /** Out-of-place {@link #indexAdd_}: a copy of {@code self} with the slices of {@code source} added. */
    public static NDArray indexAdd(NDArray self, int dim, NDArray index, NDArray source) {
        IndexSupport.checkIndexAdd(self, dim, index, source);
        NDArray out = self.clone();
        IndexSupport.indexAddInto(out, dim, index, source);
        return out;
    }

    /**
     * In place: {@code self.select(dim, index[j]) += source.select(dim, j)} for every j, accumulating repeated
     * indices in order (the backward of {@link #indexSelect}, e.g. of an embedding). {@code index} is 1-d with
     * {@code source.size(dim)} entries; {@code source} has {@code self}'s shape outside {@code dim}. Modifies and
     * returns {@code self}.
     */
    public static NDArray indexAdd_(NDArray self, int dim, NDArray index, NDArray source) {
        IndexSupport.checkIndexAdd(self, dim, index, source);
        IndexSupport.checkNoInternalOverlap(self);
        IndexSupport.indexAddInto(self, dim, index, source);
        self.bumpVersion();
        return self;
    }

    /**
     * One-hot encoding: an int64 array of shape {@code index.shape() + [numClasses]} with a 1 at each index.
     * {@code numClasses = -1} infers {@code max(index) + 1}.
     */
    public static NDArray oneHot(NDArray index, int numClasses) {
        IndexSupport.checkIndexType("one_hot", index);
        long[] values = index.toLongArray();
        long classes = numClasses;
        if (numClasses == -1) {
            if (values.length == 0) {
                throw new IllegalArgumentException("Can not infer total number of classes from empty tensor.");
            }
            classes = java.util.Arrays.stream(values).max().getAsLong() + 1;
        } else if (numClasses < -1) {
            throw new IllegalArgumentException("num_classes should be positive");
        }
        for (long v : values) {
            if (v < 0) {
                throw new IndexOutOfBoundsException("Class values must be non-negative.");
            }
            if (v >= classes) {
                throw new IndexOutOfBoundsException("Class values must be smaller than num_classes.");
            }
        }
        int[] shape = java.util.Arrays.copyOf(index.shape(), index.dim() + 1);
        shape[index.dim()] = Math.toIntExact(classes);
        NDArray out = NDArrays.zeros(DType.INT64, shape);
        MemorySegment so = out.segment();
        for (int i = 0; i < values.length; i++) {
            so.setAtIndex(org.vectorgrad.engine.kernel.Elements.I64, i * classes + values[i], 1L);
        }
        return out;
    }
}
