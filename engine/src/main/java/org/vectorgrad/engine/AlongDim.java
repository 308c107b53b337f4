package org.vectorgrad.engine;

import java.lang.foreign.MemorySegment;
import org.vectorgrad.engine.kernel.AlongDimScalar;
import org.vectorgrad.engine.kernel.SoftmaxF32;
import org.vectorgrad.engine.kernel.SoftmaxF64;
import org.vectorgrad.engine.kernel.StridedLoop;

/**
 * Ops that map each row along one dimension to a row of the same length: softmax, log-softmax, cumsum. The
 * rows are independent, so they are split over the pool by row and results never depend on the thread count.
 * Rows that are contiguous in both input and output run the SIMD kernels; others run the scalar rows.
 */
final class AlongDim {
    /** Elements per thread below which the work stays on the calling thread. */
    private static final long GRAIN = 1 << 15;

    private AlongDim() {
    }

    /** Called for each row: input and output element offsets, their strides along the dim, the length. */
    @FunctionalInterface
    private interface Row {
        void run(long io, long is, long oo, long os, int n);
    }

    static NDArray softmax(NDArray a, int dim, boolean log, boolean simd) {
        int d = Shapes.normalizeDim(dim, a.dim());
        DType t = a.dtype();
        if (!t.isFloatingPoint()) {
            boolean last = a.dim() == 0 || d == a.dim() - 1;
            throw new IllegalArgumentException("\"" + (log ? "log_softmax" : "softmax") + (last ? "_lastdim" : "")
                    + "_kernel_impl\" not implemented for '" + ReduceDims.scalarName(t) + "'");
        }
        NDArray out = NDArray.allocate(t, a.shape());
        MemorySegment in = a.segment();
        MemorySegment so = out.segment();
        forEachRow(a, out, d, (io, is, oo, os, n) -> {
            if (simd && is == 1 && os == 1 && t == DType.FLOAT32) {
                SoftmaxF32.row(log, in, io, so, oo, n);
            } else if (simd && is == 1 && os == 1) {
                SoftmaxF64.row(log, in, io, so, oo, n);
            } else {
                AlongDimScalar.softmax(log, in, t, io, is, so, oo, os, n);
            }
        });
        return out;
    }

    /** Cumulative sum; integer and bool inputs give int64, as PyTorch. */
    static NDArray cumsum(NDArray a, int dim) {
        int d = Shapes.normalizeDim(dim, a.dim());
        DType t = a.dtype();
        DType ot = t.isFloatingPoint() ? t : DType.INT64;
        NDArray out = NDArray.allocate(ot, a.shape());
        MemorySegment in = a.segment();
        MemorySegment so = out.segment();
        forEachRow(a, out, d, (io, is, oo, os, n) -> AlongDimScalar.cumsum(in, t, io, is, so, ot, oo, os, n));
        return out;
    }

    /** Visits every row of {@code a} along {@code d} with the matching row of the same-shaped {@code out}. */
    private static void forEachRow(NDArray a, NDArray out, int d, Row row) {
        int[] shape = a.shape();
        if (shape.length == 0) {
            row.run(a.offset(), 1, out.offset(), 1, 1);
            return;
        }
        int len = shape[d];
        long is = a.strides()[d];
        long os = out.strides()[d];
        int[] positions = shape.clone();
        positions[d] = 1;
        StridedLoop loop = new StridedLoop(positions, new long[][]{out.strides(), a.strides()},
                new long[]{out.offset(), a.offset()});
        if (len == 0 || loop.total() == 0) {
            return;
        }
        loop.forEachParallel(Math.max(1, GRAIN / len), (off, inner, n) -> {
            for (int k = 0; k < n; k++) {
                row.run(off[1] + k * inner[1], is, off[0] + k * inner[0], os, len);
            }
        });
    }
}
