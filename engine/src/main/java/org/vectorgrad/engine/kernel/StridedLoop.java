package org.vectorgrad.engine.kernel;

import org.vectorgrad.engine.Parallel;

/**
 * Walks an n-dimensional index space over several strided operands, one innermost row at a time.
 *
 * <p>Operand 0 is usually the output. Dimensions of size 1 are dropped and adjacent dimensions that are
 * contiguous for every operand are merged, so contiguous arrays become one long row that SIMD row kernels
 * process, and broadcasting shows up as an inner stride of 0.
 */
public final class StridedLoop {
    /** Called once per row: element offsets of each operand at the row start, their inner strides, the length. */
    @FunctionalInterface
    public interface RowVisitor {
        void row(long[] offsets, long[] innerStrides, int n);
    }

    private final int[] shape;
    private final long[][] strides;
    private final long[] base;
    private final long total;

    /**
     * @param shape   the iteration shape
     * @param strides per operand, one stride per dimension of {@code shape} (0 where broadcast)
     * @param base    per operand, the element offset of index 0
     */
    public StridedLoop(int[] shape, long[][] strides, long[] base) {
        int ops = strides.length;
        int[] s = new int[shape.length];
        long[][] st = new long[ops][shape.length];
        int rank = 0;
        long total = 1;
        for (int d = 0; d < shape.length; d++) {
            total *= shape[d];
            if (shape[d] == 1) {
                continue;
            }
            boolean merge = rank > 0;
            for (int k = 0; k < ops && merge; k++) {
                merge = st[k][rank - 1] == strides[k][d] * shape[d];
            }
            if (merge) {
                s[rank - 1] *= shape[d];
                for (int k = 0; k < ops; k++) {
                    st[k][rank - 1] = strides[k][d];
                }
            } else {
                s[rank] = shape[d];
                for (int k = 0; k < ops; k++) {
                    st[k][rank] = strides[k][d];
                }
                rank++;
            }
        }
        this.shape = java.util.Arrays.copyOf(s, rank);
        this.strides = new long[ops][];
        for (int k = 0; k < ops; k++) {
            this.strides[k] = java.util.Arrays.copyOf(st[k], rank);
        }
        this.base = base.clone();
        this.total = total;
    }

    /** Number of elements visited. */
    public long total() {
        return total;
    }

    /** Visits every row on the calling thread. */
    public void forEach(RowVisitor visitor) {
        forRange(0, total, visitor);
    }

    /** Visits every row, split over the pool when there are more than {@code grain} elements per thread. */
    public void forEachParallel(long grain, RowVisitor visitor) {
        Parallel.range(total, grain, (start, end) -> forRange(start, end, visitor));
    }

    /** Visits the elements with linear (row-major) index in {@code [start, end)}. */
    public void forRange(long start, long end, RowVisitor visitor) {
        if (start >= end) {
            return; // also keeps 0-size dims out of the index arithmetic below
        }
        int ops = base.length;
        int rank = shape.length;
        long[] offsets = new long[ops];
        long[] inner = new long[ops];
        if (rank == 0) {
            if (start < end) {
                System.arraycopy(base, 0, offsets, 0, ops);
                visitor.row(offsets, inner, 1);
            }
            return;
        }
        int last = rank - 1;
        for (int k = 0; k < ops; k++) {
            inner[k] = strides[k][last];
        }
        int[] index = new int[rank];
        long rem = start;
        for (int d = last; d >= 0; d--) {
            index[d] = (int) (rem % shape[d]);
            rem /= shape[d];
        }
        long pos = start;
        long[] rowOffsets = new long[ops];
        while (pos < end) {
            for (int k = 0; k < ops; k++) {
                long off = base[k];
                long[] sk = strides[k];
                for (int d = 0; d < rank; d++) {
                    off += index[d] * sk[d];
                }
                rowOffsets[k] = off;
            }
            int n = (int) Math.min(shape[last] - index[last], end - pos);
            System.arraycopy(rowOffsets, 0, offsets, 0, ops);
            visitor.row(offsets, inner, n);
            pos += n;
            index[last] += n;
            for (int d = last; d > 0 && index[d] >= shape[d]; d--) {
                index[d] = 0;
                index[d - 1]++;
            }
        }
    }
}
