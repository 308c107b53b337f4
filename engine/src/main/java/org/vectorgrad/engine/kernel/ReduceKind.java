package org.vectorgrad.engine.kernel;

/**
 * What a reduction kernel computes per output element: an elementwise map {@code f(x)} folded with a combine
 * operation. Composite ops are built from these: {@code var} is a mean followed by {@link #SUM_SQ_DEV} around the
 * mean, {@code logsumexp} is {@link #MAX} followed by {@link #SUM_EXP_SHIFT}, the norms are the abs kinds.
 *
 * <p>Kinds with a per-output parameter {@code c} ({@link #SUM_SQ_DEV}, {@link #SUM_EXP_SHIFT}) read it from the
 * caller's centre array; {@link #SUM_ABS_POW} reads the exponent {@code p}.
 */
public enum ReduceKind {
    /** {@code sum(x)}. */
    SUM,
    /** {@code prod(x)}. */
    PROD,
    /** {@code max(x)}, NaN propagating (as {@link Math#max}). */
    MAX,
    /** {@code min(x)}, NaN propagating. */
    MIN,
    /** {@code sum((x - c)^2)}. */
    SUM_SQ_DEV,
    /** {@code sum(|x|)}. */
    SUM_ABS,
    /** {@code sum(|x|^p)}. */
    SUM_ABS_POW,
    /** {@code sum(exp(x - c))}. */
    SUM_EXP_SHIFT,
    /** Number of non-zero elements (the 0-"norm"). */
    COUNT_NONZERO,
    /** {@code max(|x|)}. */
    MAX_ABS,
    /** {@code min(|x|)}. */
    MIN_ABS;

    /** The value of the reduction over no elements. */
    public double identity() {
        return switch (this) {
            case PROD -> 1.0;
            case MAX, MAX_ABS -> Double.NEGATIVE_INFINITY;
            case MIN, MIN_ABS -> Double.POSITIVE_INFINITY;
            default -> 0.0;
        };
    }

    /** Folds two partial results; the fold is the same for the map-then-sum kinds. */
    public double combine(double a, double b) {
        return switch (this) {
            case PROD -> a * b;
            case MAX, MAX_ABS -> Math.max(a, b);
            case MIN, MIN_ABS -> Math.min(a, b);
            default -> a + b;
        };
    }

    /** True for the kinds that integer tensors reduce exactly in {@code long} arithmetic. */
    public boolean hasIntegerForm() {
        return this == SUM || this == PROD || this == MAX || this == MIN;
    }

    /** Identity of the integer form. */
    public long identityLong() {
        return switch (this) {
            case PROD -> 1L;
            case MAX -> Long.MIN_VALUE;
            case MIN -> Long.MAX_VALUE;
            default -> 0L;
        };
    }

    /** Fold of the integer form; sums and products wrap around on overflow, as PyTorch's do. */
    public long combineLong(long a, long b) {
        return switch (this) {
            case PROD -> a * b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            default -> a + b;
        };
    }
}
