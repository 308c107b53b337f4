package org.vectorgrad.engine.kernel;

import java.lang.foreign.MemorySegment;
import org.vectorgrad.engine.DType;
import org.vectorgrad.engine.Parallel;

/**
 * Runs a reduction over a {@link ReduceGeometry} on one of three paths and hands each output value to a sink:
 * <ul>
 *   <li>{@link Path#INNER}: the innermost reduced dimension is contiguous; each run goes to a SIMD row kernel.</li>
 *   <li>{@link Path#OUTER}: the innermost kept dimension is contiguous (e.g. a sum over dim 0 of {@code [N, M]},
 *       the bias gradient); whole rows are added with SIMD into per-column accumulators.</li>
 *   <li>{@link Path#STRIDED}: everything else, scalar rows in double (or long for integers).</li>
 * </ul>
 *
 * <p><b>Determinism.</b> Work is cut into units that depend only on the shape: an output element (or a tile of
 * {@link #TILE} columns) times a chunk of its reduced elements. Each unit is computed whole by one thread and
 * the partials of the chunks are folded in chunk order afterwards, so results never depend on the number of
 * threads. Sinks are called from pool threads, each output element exactly once.
 */
public final class ReduceDriver {
    /** Reduced elements per unit on the inner and strided paths. */
    static final long CHUNK = 1 << 16;
    /** Elements per thread below which the work stays on the calling thread. */
    static final long GRAIN = 1 << 15;
    /** Columns per unit on the outer path; the float32 scratch of a tile stays in L1. */
    static final int TILE = 1024;
    /** Rows the outer path sums in float32 before folding into double. */
    static final int ROWS_PER_FOLD = 256;

    /** Receives one output value. */
    @FunctionalInterface
    public interface Sink {
        void accept(long out, double value);
    }

    /** Receives one integer output value. */
    @FunctionalInterface
    public interface LongSink {
        void accept(long out, long value);
    }

    /** Receives the winner of an arg-reduction: its position in the reduced space and its input offset. */
    @FunctionalInterface
    public interface ArgSink {
        void accept(long out, long position, long inputOffset);
    }

    /** The kernel path a reduction takes. */
    public enum Path { INNER, OUTER, STRIDED }

    private interface Unit {
        void run(long out, int chunk, long start, long from, long to);
    }

    private ReduceDriver() {
    }

    /** The path {@link #reduce} takes for these arguments. */
    public static Path path(ReduceKind kind, DType t, ReduceGeometry g, boolean simd) {
        boolean vector = simd && t.isFloatingPoint() && g.redShape.length > 0;
        if (vector && g.innerReducedStride() == 1 && ReduceF32.hasRow(kind)) {
            return Path.INNER;
        }
        if (vector && g.keptShape.length > 0 && g.innerKeptStride() == 1 && ReduceF32.hasRows(kind)) {
            return Path.OUTER;
        }
        return Path.STRIDED;
    }

    /**
     * Reduces a floating (or any, through doubles) input; {@code centres[i]} is the centre or shift of output
     * {@code i} for the kinds that have one, {@code p} the power of {@link ReduceKind#SUM_ABS_POW}. With
     * {@code simd} false this is the scalar twin: one thread, one pass per output, scalar rows in double.
     */
    public static void reduce(ReduceKind kind, MemorySegment s, DType t, ReduceGeometry g, double[] centres,
            double p, boolean simd, Sink sink) {
        if (g.nOut == 0) {
            return;
        }
        if (g.nRed == 0 || !simd) {
            for (long i = 0; i < g.nOut; i++) {
                double c = centres == null ? 0 : centres[(int) i];
                double[] acc = {kind.identity()};
                g.walk(g.inputBase(i), 0, g.nRed, (off, stride, n, pos) ->
                        acc[0] = kind.combine(acc[0], ReduceScalar.row(kind, s, t, off, stride, n, c, p)));
                sink.accept(i, acc[0]);
            }
            return;
        }
        Path path = path(kind, t, g, true);
        if (path == Path.OUTER) {
            ReduceOuter.run(kind, s, t, g, centres, sink);
            return;
        }
        boolean f32 = path == Path.INNER && t == DType.FLOAT32;
        boolean f64 = path == Path.INNER && t == DType.FLOAT64;
        int chunks = chunks(g.nRed, CHUNK);
        double[] partial = chunks > 1 ? new double[Math.toIntExact(g.nOut * chunks)] : null;
        // short contiguous runs at a stride (a sum over all but the channels of NCHW: the conv bias gradient) are
        // summed several runs to a vector, rather than each run to a number
        boolean runs = f32 && kind == ReduceKind.SUM && chunks == 1 && g.redShape.length == 2
                && g.redShape[1] < ReduceF32.BLOCK;
        forUnits(g, CHUNK, (i, c, start, from, to) -> {
            if (runs) {
                sink.accept(i, ReduceF32.sumRuns(s, start, g.redStrides[0], g.redShape[0], g.redShape[1]));
                return;
            }
            double ci = centres == null ? 0 : centres[(int) i];
            double[] acc = {kind.identity()};
            g.walk(start, from, to, (off, stride, n, pos) -> {
                double v = f32 ? ReduceF32.row(kind, s, off, n, ci)
                        : f64 ? ReduceF64.row(kind, s, off, n, ci)
                        : ReduceScalar.row(kind, s, t, off, stride, n, ci, p);
                acc[0] = kind.combine(acc[0], v);
            });
            if (partial == null) {
                sink.accept(i, acc[0]);
            } else {
                partial[(int) (i * chunks + c)] = acc[0];
            }
        });
        if (partial != null) {
            for (long i = 0; i < g.nOut; i++) {
                double v = kind.identity();
                for (int c = 0; c < chunks; c++) {
                    v = kind.combine(v, partial[(int) (i * chunks + c)]);
                }
                sink.accept(i, v);
            }
        }
    }

    /** Reduces an integer or bool input exactly in long arithmetic (sums and products wrap, as PyTorch's). */
    public static void reduceLong(ReduceKind kind, MemorySegment s, DType t, ReduceGeometry g, LongSink sink) {
        if (g.nOut == 0) {
            return;
        }
        int chunks = chunks(g.nRed, CHUNK);
        long[] partial = chunks > 1 ? new long[Math.toIntExact(g.nOut * chunks)] : null;
        if (g.nRed == 0) {
            for (long i = 0; i < g.nOut; i++) {
                sink.accept(i, kind.identityLong());
            }
            return;
        }
        forUnits(g, CHUNK, (i, c, start, from, to) -> {
            long[] acc = {kind.identityLong()};
            g.walk(start, from, to, (off, stride, n, pos) ->
                    acc[0] = kind.combineLong(acc[0], ReduceScalar.rowLong(kind, s, t, off, stride, n)));
            if (partial == null) {
                sink.accept(i, acc[0]);
            } else {
                partial[(int) (i * chunks + c)] = acc[0];
            }
        });
        if (partial != null) {
            for (long i = 0; i < g.nOut; i++) {
                long v = kind.identityLong();
                for (int c = 0; c < chunks; c++) {
                    v = kind.combineLong(v, partial[(int) (i * chunks + c)]);
                }
                sink.accept(i, v);
            }
        }
    }

    /**
     * Finds the first maximum (or minimum) of each output's reduced elements, NaN counting as the extreme.
     * The geometry must keep row-major order ({@code reorder = false}) and reduce at least one element.
     */
    public static void arg(boolean max, MemorySegment s, DType t, ReduceGeometry g, ArgSink sink) {
        if (g.nOut == 0) {
            return;
        }
        int chunks = chunks(g.nRed, CHUNK);
        ReduceScalar.Arg[] partial = chunks > 1 ? new ReduceScalar.Arg[Math.toIntExact(g.nOut * chunks)] : null;
        boolean floating = t.isFloatingPoint();
        forUnits(g, CHUNK, (i, c, start, from, to) -> {
            ReduceScalar.Arg acc = new ReduceScalar.Arg(max, floating);
            g.walk(start, from, to, (off, stride, n, pos) -> acc.row(s, t, off, stride, n, pos));
            if (partial == null) {
                sink.accept(i, acc.position(), acc.offset());
            } else {
                partial[(int) (i * chunks + c)] = acc;
            }
        });
        if (partial != null) {
            for (long i = 0; i < g.nOut; i++) {
                ReduceScalar.Arg v = partial[(int) (i * chunks)];
                for (int c = 1; c < chunks; c++) {
                    v.merge(partial[(int) (i * chunks + c)]);
                }
                sink.accept(i, v.position(), v.offset());
            }
        }
    }

    static int chunks(long n, long chunk) {
        return (int) Math.max(1, (n + chunk - 1) / chunk);
    }

    /** Runs every (output, chunk) unit, split over the pool by units; which thread runs a unit does not matter. */
    private static void forUnits(ReduceGeometry g, long chunk, Unit unit) {
        int chunks = chunks(g.nRed, chunk);
        long units = g.nOut * chunks;
        long perUnit = Math.max(1, Math.min(g.nRed, chunk));
        Parallel.range(units, Math.max(1, GRAIN / perUnit), (u0, u1) -> {
            for (long u = u0; u < u1; u++) {
                long i = u / chunks;
                int c = (int) (u % chunks);
                long from = c * chunk;
                unit.run(i, c, g.inputBase(i), from, Math.min(g.nRed, from + chunk));
            }
        });
    }
}
