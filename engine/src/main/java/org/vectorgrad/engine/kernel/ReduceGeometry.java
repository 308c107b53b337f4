package org.vectorgrad.engine.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The input of a reduction split into kept dimensions (one output element per kept index, in row-major output
 * order) and reduced dimensions (walked per output element). Size-1 dimensions are dropped and adjacent
 * dimensions that are contiguous in the input are merged, so that a contiguous reduction becomes one long row
 * the SIMD kernels take whole.
 *
 * <p>With {@code reorder}, reduced dimensions are first sorted by decreasing stride: the order in which a sum
 * visits its elements does not change its value (beyond rounding), and walking memory in order lets e.g. a
 * reduction over all dimensions of a transposed matrix run as one contiguous row. Arg-reductions pass
 * {@code reorder = false}, because their result is a position in row-major order.
 */
public final class ReduceGeometry {
    /** Called once per run of the reduced space: element offset, stride, length and linear position of the start. */
    @FunctionalInterface
    public interface RowSink {
        void row(long offset, long stride, int n, long position);
    }

    final int[] keptShape;
    final long[] keptStrides;
    final int[] redShape;
    final long[] redStrides;
    final long base;
    final long nOut;
    final long nRed;

    /**
     * @param shape   input sizes
     * @param strides input strides in elements
     * @param offset  input offset in elements
     * @param reduced which dimensions are reduced
     * @param reorder whether reduced dimensions may be walked in memory order rather than row-major order
     */
    public ReduceGeometry(int[] shape, long[] strides, long offset, boolean[] reduced, boolean reorder) {
        List<long[]> kept = new ArrayList<>();
        List<long[]> red = new ArrayList<>();
        long nOut = 1;
        long nRed = 1;
        for (int d = 0; d < shape.length; d++) {
            if (reduced[d]) {
                nRed *= shape[d];
            } else {
                nOut *= shape[d];
            }
            if (shape[d] != 1) {
                (reduced[d] ? red : kept).add(new long[]{shape[d], strides[d]});
            }
        }
        if (reorder) {
            // Stable, so equal strides (e.g. several broadcast dims) keep their relative order.
            red.sort((x, y) -> Long.compare(y[1], x[1]));
        }
        merge(kept);
        merge(red);
        this.keptShape = sizes(kept);
        this.keptStrides = strides(kept);
        this.redShape = sizes(red);
        this.redStrides = strides(red);
        this.base = offset;
        this.nOut = nOut;
        this.nRed = nRed;
    }

    /** Merges each dimension into the one before it when together they step through memory evenly. */
    private static void merge(List<long[]> dims) {
        for (int i = dims.size() - 1; i > 0; i--) {
            long[] outer = dims.get(i - 1);
            long[] inner = dims.get(i);
            if (outer[1] == inner[0] * inner[1] && inner[0] != 0 && outer[0] != 0) {
                outer[0] *= inner[0];
                outer[1] = inner[1];
                dims.remove(i);
            }
        }
    }

    private static int[] sizes(List<long[]> dims) {
        int[] out = new int[dims.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.toIntExact(dims.get(i)[0]);
        }
        return out;
    }

    private static long[] strides(List<long[]> dims) {
        long[] out = new long[dims.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = dims.get(i)[1];
        }
        return out;
    }

    /** Number of output elements. */
    public long outputCount() {
        return nOut;
    }

    /** Number of elements each output element reduces. */
    public long reducedCount() {
        return nRed;
    }

    /** Input element offset of the first element reduced into output element {@code out}. */
    long inputBase(long out) {
        long off = base;
        long rem = out;
        for (int d = keptShape.length - 1; d >= 0; d--) {
            off += (rem % keptShape[d]) * keptStrides[d];
            rem /= keptShape[d];
        }
        return off;
    }

    /** Stride and size of the innermost reduced dimension (size 1 and stride 0 when nothing is reduced). */
    long innerReducedStride() {
        return redShape.length == 0 ? 0 : redStrides[redStrides.length - 1];
    }

    long innerKeptStride() {
        return keptShape.length == 0 ? 0 : keptStrides[keptStrides.length - 1];
    }

    int innerKeptSize() {
        return keptShape.length == 0 ? 1 : keptShape[keptShape.length - 1];
    }

    /**
     * Visits the reduced elements with linear positions {@code [from, to)} of the output element whose first
     * input element is at {@code start}, as runs along the innermost reduced dimension.
     */
    void walk(long start, long from, long to, RowSink sink) {
        if (from >= to) {
            return;
        }
        int rank = redShape.length;
        if (rank <= 1) {
            long stride = rank == 0 ? 0 : redStrides[0];
            for (long pos = from; pos < to; pos += 1 << 30) {
                sink.row(start + pos * stride, stride, (int) Math.min(1 << 30, to - pos), pos);
            }
            return;
        }
        int last = rank - 1;
        int[] index = new int[rank];
        long rem = from;
        for (int d = last; d >= 0; d--) {
            index[d] = (int) (rem % redShape[d]);
            rem /= redShape[d];
        }
        long pos = from;
        long innerStride = redStrides[last];
        while (pos < to) {
            long off = start;
            for (int d = 0; d < rank; d++) {
                off += index[d] * redStrides[d];
            }
            int n = (int) Math.min(redShape[last] - index[last], to - pos);
            sink.row(off, innerStride, n, pos);
            pos += n;
            index[last] += n;
            for (int d = last; d > 0 && index[d] >= redShape[d]; d--) {
                index[d] = 0;
                index[d - 1]++;
            }
        }
    }

    @Override
    public String toString() {
        return "kept " + Arrays.toString(keptShape) + Arrays.toString(keptStrides) + " reduced "
                + Arrays.toString(redShape) + Arrays.toString(redStrides);
    }
}
