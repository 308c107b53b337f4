package org.vectorgrad.engine.kernel;

import org.vectorgrad.engine.DType;
import org.vectorgrad.engine.Parallel;

/**
 * Entry point of the GEMM kernels: picks the float32 or float64 driver and splits the work over the persistent
 * {@link Parallel} pool. The split is static and over output tiles only (whole batch entries, or bands of
 * columns or rows of C), never over k, so every element is computed by one thread with the same arithmetic as
 * the serial path: results do not depend on the thread count.
 */
public final class Gemm {
    /**
     * Below this many multiply-adds (~25 us of work on one core) the work stays on the calling thread: handing
     * a task to a pool thread costs tens of microseconds on a busy machine.
     */
    static final long PARALLEL_MACS = 1L << 21;

    private Gemm() {
    }

    /** Computes {@code C = A @ B (+ X)} for every batch entry of {@code g}. */
    public static void run(GemmArgs g) {
        run(g, g.dtype == DType.FLOAT32 ? GemmF32.MR : GemmF64.MR);
    }

    /** As {@link #run(GemmArgs)} with micro-tiles of {@code mr} rows (12 or 6): lets tests run both kernels. */
    static void run(GemmArgs g, int mr) {
        if (g.dtype != DType.FLOAT32 && g.dtype != DType.FLOAT64) {
            throw new IllegalArgumentException("GEMM is implemented for float32 and float64, got " + g.dtype);
        }
        if (g.batch == 0 || g.m == 0 || g.n == 0) {
            return;
        }
        int threads = Parallel.threads();
        if (threads == 1 || g.macs() < PARALLEL_MACS) {
            blocks(g, 0, g.batch, 0, g.m, 0, g.n, mr);
            return;
        }
        if (g.batch >= threads) {
            Parallel.range(g.batch, 1, (s, end) -> blocks(g, (int) s, (int) end, 0, g.m, 0, g.n, mr));
            return;
        }
        boolean splitColumns = splitColumns(g, threads, mr);
        int unit = splitColumns ? (g.dtype == DType.FLOAT32 ? GemmF32.NR : GemmF64.NR) : mr;
        int extent = splitColumns ? g.n : g.m;
        int units = (extent + unit - 1) / unit;
        Parallel.range((long) g.batch * units, 1, (s, end) -> {
            long u = s;
            while (u < end) {
                int e = (int) (u / units);
                int u0 = (int) (u % units);
                int u1 = (int) Math.min(units, u0 + (end - u));
                int lo = u0 * unit;
                int hi = Math.min(extent, u1 * unit);
                if (splitColumns) {
                    blocks(g, e, e + 1, 0, g.m, lo, hi, mr);
                } else {
                    blocks(g, e, e + 1, lo, hi, 0, g.n, mr);
                }
                u += u1 - u0;
            }
        });
    }

    /**
     * Whether one product is split into bands of columns (else rows): the split that packs fewer elements. Bands
     * of columns each pack all of A, and their B strips once per A block; bands of rows pack A once, and all of B
     * once per A block of each band. For float32 n = 2048 on two threads, rows: 1032-row bands are one A block
     * each, so B is packed twice in all, against A twice and B three times for the column halves.
     */
    static boolean splitColumns(GemmArgs g, int threads, int mr) {
        if (g.dtype != DType.FLOAT32) {
            return g.n >= g.m;
        }
        long m = g.m;
        long kn = (long) g.k * g.n;
        long bandRows = (m + threads - 1) / threads;
        long columns = threads * m * g.k + aBlocks(m, mr) * kn;
        long rows = m * g.k + threads * aBlocks(bandRows, mr) * kn;
        return columns <= rows;
    }

    /** The packed A blocks of {@code rows} float32 rows ({@link GemmF32#blockRows}). */
    private static long aBlocks(long rows, int mr) {
        int step = GemmF32.blockRows((int) rows, mr);
        return (rows + step - 1) / step;
    }

    /** Entries {@code [e0, e1)}, rows {@code [i0, i1)}, columns {@code [j0, j1)} of C, on this thread. */
    private static void blocks(GemmArgs g, int e0, int e1, int i0, int i1, int j0, int j1, int mr) {
        if (g.dtype == DType.FLOAT32) {
            GemmF32.blocks(g, e0, e1, i0, i1, j0, j1, mr);
        } else {
            for (int e = e0; e < e1; e++) {
                GemmF64.block(g, e, i0, i1, j0, j1, mr);
            }
        }
    }
}
