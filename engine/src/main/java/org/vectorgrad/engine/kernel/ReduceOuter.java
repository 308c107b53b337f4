package org.vectorgrad.engine.kernel;

import java.lang.foreign.MemorySegment;
import org.vectorgrad.engine.DType;
import org.vectorgrad.engine.Parallel;

/**
 * The outer-reduction path of {@link ReduceDriver}: the innermost kept dimension is contiguous, so every reduced
 * index contributes a contiguous row of columns, and rows are added with SIMD into per-column accumulators
 * (the sum over dim 0 of {@code [N, M]}, as for a bias gradient or batch statistics).
 *
 * <p>Units are (kept outer index, tile of {@link ReduceDriver#TILE} columns, chunk of rows), all fixed by the
 * shape; chunks are folded in order at the end, so the result does not depend on the number of threads.
 * Float32 rows are summed in float32 for {@link ReduceDriver#ROWS_PER_FOLD} rows at a time and then folded
 * into double, which bounds the float32 error per column independently of the number of rows.
 */
final class ReduceOuter {
    private ReduceOuter() {
    }

    /** A batch of row offsets handed to the SIMD kernel together. */
    private static final class Batch {
        final ReduceKind kind;
        final MemorySegment s;
        final DType t;
        final long[] rows = new long[ReduceDriver.ROWS_PER_FOLD];
        final int width;
        final double[] acc;
        final float[] scratch;
        final float[] centreF;
        final double[] centreD;
        int count;

        Batch(ReduceKind kind, MemorySegment s, DType t, int width, double[] centres, long firstCol) {
            this.kind = kind;
            this.s = s;
            this.t = t;
            this.width = width;
            this.acc = new double[width];
            this.scratch = t == DType.FLOAT32 ? new float[width] : null;
            // Without centres, the squared deviations are from 0 (the 2-norm).
            if (t == DType.FLOAT32) {
                centreF = new float[width];
                for (int j = 0; centres != null && j < width; j++) {
                    centreF[j] = (float) centres[(int) (firstCol + j)];
                }
                centreD = null;
            } else {
                centreD = centres == null ? new double[width]
                        : java.util.Arrays.copyOfRange(centres, (int) firstCol, (int) firstCol + width);
                centreF = null;
            }
        }

        void add(long rowOffset) {
            rows[count++] = rowOffset;
            if (count == rows.length) {
                flush();
            }
        }

        void flush() {
            if (count == 0) {
                return;
            }
            if (t == DType.FLOAT32) {
                ReduceF32.accumulateRows(kind, s, rows, count, width, scratch, acc, centreF);
            } else {
                ReduceF64.accumulateRows(kind, s, rows, count, width, acc, centreD);
            }
            count = 0;
        }
    }

    static void run(ReduceKind kind, MemorySegment s, DType t, ReduceGeometry g, double[] centres,
            ReduceDriver.Sink sink) {
        int kin = g.innerKeptSize();
        long outer = g.nOut / kin;
        int tiles = (kin + ReduceDriver.TILE - 1) / ReduceDriver.TILE;
        int tileWidth = Math.min(kin, ReduceDriver.TILE);
        long rowsPerChunk = (long) ReduceDriver.ROWS_PER_FOLD
                * Math.max(1, ReduceDriver.CHUNK / ((long) ReduceDriver.ROWS_PER_FOLD * tileWidth));
        int chunks = ReduceDriver.chunks(g.nRed, rowsPerChunk);
        double[] partial = chunks > 1 ? new double[Math.toIntExact(g.nOut * chunks)] : null;
        long units = outer * tiles * chunks;
        long perUnit = Math.min(g.nRed, rowsPerChunk) * tileWidth;
        Parallel.range(units, Math.max(1, ReduceDriver.GRAIN / Math.max(1, perUnit)), (u0, u1) -> {
            for (long u = u0; u < u1; u++) {
                int c = (int) (u % chunks);
                long rest = u / chunks;
                int tile = (int) (rest % tiles);
                long o = rest / tiles;
                int col0 = tile * ReduceDriver.TILE;
                int width = Math.min(ReduceDriver.TILE, kin - col0);
                long firstOut = o * kin + col0;
                // The kept inner stride is 1, so column j of every row is at row offset + j.
                long start = g.inputBase(o * kin) + col0;
                Batch batch = new Batch(kind, s, t, width, centres, firstOut);
                long from = c * rowsPerChunk;
                g.walk(start, from, Math.min(g.nRed, from + rowsPerChunk), (off, stride, n, pos) -> {
                    for (int k = 0; k < n; k++) {
                        batch.add(off + k * stride);
                    }
                });
                batch.flush();
                for (int j = 0; j < width; j++) {
                    if (partial == null) {
                        sink.accept(firstOut + j, batch.acc[j]);
                    } else {
                        partial[(int) ((firstOut + j) * chunks + c)] = batch.acc[j];
                    }
                }
            }
        });
        if (partial != null) {
            for (long i = 0; i < g.nOut; i++) {
                double v = 0;
                for (int c = 0; c < chunks; c++) {
                    v += partial[(int) (i * chunks + c)];
                }
                sink.accept(i, v);
            }
        }
    }
}
