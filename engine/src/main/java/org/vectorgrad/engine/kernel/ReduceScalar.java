package org.vectorgrad.engine.kernel;

import java.lang.foreign.MemorySegment;
import org.vectorgrad.engine.DType;

/**
 * Scalar reduction rows over {@code n} elements at {@code off + i*stride}: the general strided path and the
 * scalar twin the SIMD rows are tested against. Floating values accumulate in double, integers in long.
 * The switch on the kind sits outside each loop so that every loop stays a simple counted loop.
 */
public final class ReduceScalar {
    private ReduceScalar() {
    }

    /** Reduces one row of any dtype in double arithmetic; {@code c} is the centre/shift, {@code p} the power. */
    public static double row(ReduceKind kind, MemorySegment s, DType t, long off, long stride, int n, double c,
            double p) {
        double acc = kind.identity();
        switch (kind) {
            case SUM -> {
                for (int i = 0; i < n; i++) {
                    acc += Elements.getDouble(s, t, off + i * stride);
                }
            }
            case PROD -> {
                for (int i = 0; i < n; i++) {
                    acc *= Elements.getDouble(s, t, off + i * stride);
                }
            }
            case MAX -> {
                for (int i = 0; i < n; i++) {
                    acc = Math.max(acc, Elements.getDouble(s, t, off + i * stride));
                }
            }
            case MIN -> {
                for (int i = 0; i < n; i++) {
                    acc = Math.min(acc, Elements.getDouble(s, t, off + i * stride));
                }
            }
            case SUM_SQ_DEV -> {
                for (int i = 0; i < n; i++) {
                    double d = Elements.getDouble(s, t, off + i * stride) - c;
                    acc += d * d;
                }
            }
            case SUM_ABS -> {
                for (int i = 0; i < n; i++) {
                    acc += Math.abs(Elements.getDouble(s, t, off + i * stride));
                }
            }
            case SUM_ABS_POW -> {
                for (int i = 0; i < n; i++) {
                    acc += Math.pow(Math.abs(Elements.getDouble(s, t, off + i * stride)), p);
                }
            }
            case SUM_EXP_SHIFT -> {
                for (int i = 0; i < n; i++) {
                    acc += Math.exp(Elements.getDouble(s, t, off + i * stride) - c);
                }
            }
            case COUNT_NONZERO -> {
                for (int i = 0; i < n; i++) {
                    acc += Elements.getDouble(s, t, off + i * stride) != 0 ? 1 : 0;
                }
            }
            case MAX_ABS -> {
                for (int i = 0; i < n; i++) {
                    acc = Math.max(acc, Math.abs(Elements.getDouble(s, t, off + i * stride)));
                }
            }
            case MIN_ABS -> {
                for (int i = 0; i < n; i++) {
                    acc = Math.min(acc, Math.abs(Elements.getDouble(s, t, off + i * stride)));
                }
            }
        }
        return acc;
    }

    /** Reduces one row of an integer or bool tensor exactly in long arithmetic (SUM, PROD, MAX, MIN). */
    public static long rowLong(ReduceKind kind, MemorySegment s, DType t, long off, long stride, int n) {
        long acc = kind.identityLong();
        switch (kind) {
            case SUM -> {
                for (int i = 0; i < n; i++) {
                    acc += Elements.getLong(s, t, off + i * stride);
                }
            }
            case PROD -> {
                for (int i = 0; i < n; i++) {
                    acc *= Elements.getLong(s, t, off + i * stride);
                }
            }
            case MAX -> {
                for (int i = 0; i < n; i++) {
                    acc = Math.max(acc, Elements.getLong(s, t, off + i * stride));
                }
            }
            case MIN -> {
                for (int i = 0; i < n; i++) {
                    acc = Math.min(acc, Elements.getLong(s, t, off + i * stride));
                }
            }
            default -> throw new IllegalArgumentException(kind + " has no integer form");
        }
        return acc;
    }

    /**
     * The running best of an argmax/argmin: the first extreme element in reduction order wins, and NaN counts as
     * more extreme than any number (PyTorch's {@code max(dim)} returns NaN and the index of the first NaN).
     */
    public static final class Arg {
        final boolean max;
        final boolean floating;
        /** Linear position within the reduced index space, -1 while empty. */
        long pos = -1;
        /** Element offset in the input of the best element. */
        long offset;
        double value;
        long longValue;

        public Arg(boolean max, boolean floating) {
            this.max = max;
            this.floating = floating;
        }

        public long position() {
            return pos;
        }

        public long offset() {
            return offset;
        }

        /** Offers one element; keeps it if strictly better than the current best (so ties keep the first). */
        void offer(double x, long xPos, long xOff) {
            boolean better = pos < 0 || (!Double.isNaN(value) && (Double.isNaN(x) || (max ? x > value : x < value)));
            if (better) {
                value = x;
                pos = xPos;
                offset = xOff;
            }
        }

        void offerLong(long x, long xPos, long xOff) {
            if (pos < 0 || (max ? x > longValue : x < longValue)) {
                longValue = x;
                pos = xPos;
                offset = xOff;
            }
        }

        /** Folds a later partial into this one (partials must be merged in reduction order). */
        public void merge(Arg later) {
            if (later.pos < 0) {
                return;
            }
            if (floating) {
                offer(later.value, later.pos, later.offset);
            } else {
                offerLong(later.longValue, later.pos, later.offset);
            }
        }

        /** Scans a row whose first element has linear position {@code pos0}. */
        public void row(MemorySegment s, DType t, long off, long stride, int n, long pos0) {
            if (floating) {
                for (int i = 0; i < n; i++) {
                    long o = off + i * stride;
                    offer(Elements.getDouble(s, t, o), pos0 + i, o);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    long o = off + i * stride;
                    offerLong(Elements.getLong(s, t, o), pos0 + i, o);
                }
            }
        }
    }
}
