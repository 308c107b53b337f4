package org.vectorgrad.engine;

import java.lang.foreign.MemorySegment;
import org.vectorgrad.engine.kernel.ElementCopy;
import org.vectorgrad.engine.kernel.Elements;
import org.vectorgrad.engine.kernel.StridedLoop;

/** Checks (with PyTorch's messages) and the accumulating kernels behind {@link Index}. */
final class IndexSupport {
    private static final long GRAIN = 1 << 15;

    private IndexSupport() {
    }

    static void checkIndexType(String op, NDArray index) {
        if (index.dtype() != DType.INT64 && index.dtype() != DType.INT32) {
            throw new IllegalArgumentException(op + "(): Expected dtype int32 or int64 for index, but got "
                    + index.dtype().torchName());
        }
    }

    /** Reads one index value and checks {@code 0 <= v < size}. */
    static long checked(MemorySegment s, DType t, long off, int dim, int size) {
        long v = Elements.getLong(s, t, off);
        if (v < 0 || v >= size) {
            throw outOfBounds(v, dim, size);
        }
        return v;
    }

    static IndexOutOfBoundsException outOfBounds(long v, int dim, int size) {
        return new IndexOutOfBoundsException("index " + v + " is out of bounds for dimension " + dim + " with size "
                + size);
    }

    /** All values of a (small, 0-d or 1-d) index tensor, each checked against {@code size}. */
    static long[] readChecked(NDArray index, int dim, int size) {
        long[] values = index.toLongArray();
        for (long v : values) {
            if (v < 0 || v >= size) {
                throw outOfBounds(v, dim, size);
            }
        }
        return values;
    }

    /** Checks every value of an index tensor of any shape before an in-place op writes anything. */
    static void checkAll(NDArray index, int dim, int size) {
        if (index.numel() == 0) {
            return;
        }
        StridedLoop loop = new StridedLoop(index.shape(), new long[][]{index.strides()}, new long[]{index.offset()});
        MemorySegment s = index.segment();
        DType t = index.dtype();
        loop.forEach((off, inner, n) -> {
            for (int k = 0; k < n; k++) {
                checked(s, t, off[0] + k * inner[0], dim, size);
            }
        });
    }

    /** {@code index.size(d) <= a.size(d)} outside {@code dim} (and {@code <= src.size(d)} everywhere). */
    static void checkNotLarger(String op, NDArray index, NDArray self, int dim, NDArray src) {
        for (int d = 0; d < index.dim(); d++) {
            boolean selfOk = d == dim || index.size(d) <= self.size(d);
            boolean srcOk = src == null || index.size(d) <= src.size(d);
            if (!selfOk || !srcOk) {
                String idx = Shapes.format(index.shape());
                String s = Shapes.format(self.shape());
                throw new IllegalArgumentException(src == null
                        ? "Size does not match at dimension " + d + " expected index " + idx
                        + " to be smaller than self " + s + " apart from dimension " + dim
                        : "Expected index " + idx + " to be smaller than self " + s + " apart from dimension " + dim
                        + " and to be smaller size than src " + Shapes.format(src.shape()));
            }
        }
    }

    /** PyTorch refuses to write through a view in which several elements share memory (a stride of 0). */
    static void checkNoInternalOverlap(NDArray self) {
        int[] shape = self.shape();
        long[] strides = self.strides();
        for (int d = 0; d < shape.length; d++) {
            if (strides[d] == 0 && shape[d] > 1) {
                throw new IllegalArgumentException("unsupported operation: more than one element of the written-to"
                        + " tensor refers to a single memory location. Please clone() the tensor before performing"
                        + " the operation.");
            }
        }
    }

    static void checkScatter(NDArray self, int dim, NDArray index, NDArray src) {
        checkIndexType("scatter_add", index);
        int d = Shapes.normalizeDim(dim, self.dim());
        if (index.dim() != self.dim()) {
            throw new IllegalArgumentException("Index tensor must have the same number of dimensions as self tensor");
        }
        if (src.dim() != self.dim()) {
            throw new IllegalArgumentException("Index tensor must have the same number of dimensions as src tensor");
        }
        if (src.dtype() != self.dtype()) {
            throw new IllegalArgumentException("scatter(): Expected self.dtype to be equal to src.dtype");
        }
        checkNotLarger("scatter_add", index, self, d, src);
        checkAll(index, d, self.dim() == 0 ? 1 : self.size(d));
    }

    /** {@code self[.. index[pos] ..] += src[pos]} over the positions of {@code index}; split over non-dim positions. */
    static void scatterAddInto(NDArray self, int dim, NDArray index, NDArray src) {
        if (index.numel() == 0) {
            return;
        }
        try (NDArray s1 = atLeast1d(self); NDArray i1 = atLeast1d(index); NDArray r1 = atLeast1d(src)) {
            int d = Shapes.normalizeDim(dim, s1.dim());
            int len = i1.size(d);
            int size = s1.size(d);
            long selfStride = s1.strides()[d];
            long indexStride = i1.strides()[d];
            long srcStride = r1.strides()[d];
            StridedLoop rest = new StridedLoop(Views.remove(i1.shape(), d), new long[][]{
                    Views.remove(s1.strides(), d), Views.remove(i1.strides(), d), Views.remove(r1.strides(), d)},
                    new long[]{s1.offset(), i1.offset(), r1.offset()});
            MemorySegment ss = s1.segment();
            MemorySegment si = i1.segment();
            MemorySegment sr = r1.segment();
            DType it = i1.dtype();
            DType t = s1.dtype();
            // Different positions outside dim write different elements of self; along dim, j ascends.
            rest.forEachParallel(Math.max(1, GRAIN / len), (off, inner, n) -> {
                for (int k = 0; k < n; k++) {
                    long so = off[0] + k * inner[0];
                    long io = off[1] + k * inner[1];
                    long ro = off[2] + k * inner[2];
                    for (int j = 0; j < len; j++) {
                        long v = checked(si, it, io + j * indexStride, d, size);
                        ElementCopy.add(ss, so + v * selfStride, sr, ro + j * srcStride, t);
                    }
                }
            });
        }
    }

    static void checkIndexAdd(NDArray self, int dim, NDArray index, NDArray source) {
        checkIndexType("index_add_", index);
        if (index.dim() > 1) {
            throw new IllegalArgumentException("index_add_(): Index is supposed to be a vector");
        }
        int d = Shapes.normalizeDim(dim, self.dim());
        if (source.dtype() != self.dtype()) {
            throw new IllegalArgumentException("index_add_(): self (" + ReduceDims.scalarName(self.dtype())
                    + ") and source (" + ReduceDims.scalarName(source.dtype()) + ") must have the same scalar type");
        }
        int[] selfSlice = self.dim() == 0 ? new int[0] : Views.remove(self.shape(), d);
        int[] sourceSlice = source.dim() == 0 ? new int[0]
                : Views.remove(source.shape(), Math.min(d, source.dim() - 1));
        if (source.dim() != Math.max(self.dim(), 1) && !(self.dim() == 0 && source.dim() == 0)
                || !java.util.Arrays.equals(selfSlice, sourceSlice)) {
            throw new IllegalArgumentException("index_add_(): Source/destination tensor must have same slice shapes."
                    + " Destination slice shape: " + Shapes.format(selfSlice) + " at dimension " + d
                    + " and source slice shape: " + Shapes.format(sourceSlice) + " at dimension " + d + ".");
        }
        long sourceLen = source.dim() == 0 ? 1 : source.size(d);
        if (index.numel() != sourceLen) {
            throw new IllegalArgumentException("index_add_(): Number of indices (" + index.numel()
                    + ") should be equal to source.size(dim) (" + sourceLen + ")");
        }
        readChecked(index, d, self.dim() == 0 ? 1 : self.size(d));
    }

    /** {@code self.select(dim, index[j]) += source.select(dim, j)}; split over positions outside dim, j in order. */
    static void indexAddInto(NDArray self, int dim, NDArray index, NDArray source) {
        try (NDArray s1 = atLeast1d(self); NDArray r1 = atLeast1d(source)) {
            int d = Shapes.normalizeDim(dim, s1.dim());
            long[] idx = readChecked(index, d, s1.size(d));
            if (idx.length == 0) {
                return;
            }
            long selfStride = s1.strides()[d];
            long srcStride = r1.strides()[d];
            StridedLoop rest = new StridedLoop(Views.remove(s1.shape(), d),
                    new long[][]{Views.remove(s1.strides(), d), Views.remove(r1.strides(), d)},
                    new long[]{s1.offset(), r1.offset()});
            MemorySegment ss = s1.segment();
            MemorySegment sr = r1.segment();
            DType t = s1.dtype();
            Parallel.range(rest.total(), Math.max(1, GRAIN / idx.length), (r0, rEnd) -> {
                for (int j = 0; j < idx.length; j++) {
                    long so = idx[j] * selfStride;
                    long ro = j * srcStride;
                    rest.forRange(r0, rEnd, (off, inner, n) -> ElementCopy.addRow(ss, off[0] + so, inner[0], sr,
                            off[1] + ro, inner[1], n, t));
                }
            });
        }
    }

    /** A view of a 0-d array as shape [1] (a new view of any other array), so kernels have a dim to index. */
    private static NDArray atLeast1d(NDArray a) {
        return a.dim() == 0 ? a.withGeometry(a.offset(), new int[]{1}, new long[]{1})
                : a.withGeometry(a.offset(), a.shape(), a.strides());
    }
}
