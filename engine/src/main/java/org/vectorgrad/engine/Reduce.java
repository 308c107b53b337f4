package org.vectorgrad.engine;

/**
 * Reductions, scans and softmax with PyTorch's semantics. Every method returns a new array and modifies
 * nothing; inputs may have any layout (views, transposes, broadcast strides).
 *
 * <p><b>Dims.</b> {@code dims} lists the dimensions to reduce: {@code null} or empty means all, negative dims
 * count from the end, and a dim listed twice is an error ({@code dim 1 appears multiple times in the list of
 * dims}). With {@code keepdim} the reduced dimensions stay with size 1, which broadcasts back against the input.
 *
 * <p><b>Types.</b> As PyTorch: {@code sum}, {@code prod} and {@code cumsum} of integers or bool give int64;
 * {@code mean}, {@code var}, {@code std}, {@code norm}, {@code softmax} need a floating input;
 * {@code amax}/{@code amin}/{@code max}/{@code min} keep the input dtype; indices are int64.
 *
 * <p><b>Accuracy and speed.</b> Float32 sums run in float32 SIMD lanes over blocks of 2048 elements whose
 * partials are combined in double: the error is at most about {@code (2048/(4*lanes) + 3) * 2^-24 * sum|x|}
 * (2e-6 of {@code sum|x|} with 16 lanes) whatever the length; the composite ops fold in double. Large
 * reductions split over the pool in units fixed by the shape, so results are bit-for-bit the same for any
 * number of threads. Exponentials use a polynomial in plain IEEE operations (within 2 ulp of
 * {@code Math.exp}), not the JDK's vector math library, whose compiled and interpreted results can differ in
 * the last bit.
 */
public final class Reduce {
    private Reduce() {
    }

    /** Sum of all elements as a 0-d array. */
    public static NDArray sum(NDArray a) {
        return Reductions.sum(a, null, false, true);
    }

    /** Sum over {@code dims}. */
    public static NDArray sum(NDArray a, int[] dims, boolean keepdim) {
        return Reductions.sum(a, dims, keepdim, true);
    }

    /** Mean of all elements; floating inputs only (an empty array gives NaN). */
    public static NDArray mean(NDArray a) {
        return Reductions.mean(a, null, false, true);
    }

    /** Mean over {@code dims}; floating inputs only. */
    public static NDArray mean(NDArray a, int[] dims, boolean keepdim) {
        return Reductions.mean(a, dims, keepdim, true);
    }

    /** Product of all elements. */
    public static NDArray prod(NDArray a) {
        return Reductions.prod(a, null, false, true);
    }

    /** Product over one dimension (PyTorch's {@code prod} takes a single dim). */
    public static NDArray prod(NDArray a, int dim, boolean keepdim) {
        return Reductions.prod(a, new int[]{dim}, keepdim, true);
    }

    /** Maximum over {@code dims} (NaN propagates); an empty reduced dimension is an error. */
    public static NDArray amax(NDArray a, int[] dims, boolean keepdim) {
        return Reductions.extreme("amax", true, a, dims, keepdim, true);
    }

    /** Minimum over {@code dims} (NaN propagates); an empty reduced dimension is an error. */
    public static NDArray amin(NDArray a, int[] dims, boolean keepdim) {
        return Reductions.extreme("amin", false, a, dims, keepdim, true);
    }

    /** The largest element as a 0-d array (NaN if any element is NaN); an empty input is an error. */
    public static NDArray max(NDArray a) {
        return Reductions.extremeAll("max", true, a, true);
    }

    /** The smallest element as a 0-d array (NaN if any element is NaN); an empty input is an error. */
    public static NDArray min(NDArray a) {
        return Reductions.extremeAll("min", false, a, true);
    }

    /** Maximum values along {@code dim} and the int64 index of the first maximum (or first NaN). */
    public static ValuesIndices max(NDArray a, int dim, boolean keepdim) {
        return Reductions.extremeWithIndices("max", true, a, dim, keepdim);
    }

    /** Minimum values along {@code dim} and the int64 index of the first minimum (or first NaN). */
    public static ValuesIndices min(NDArray a, int dim, boolean keepdim) {
        return Reductions.extremeWithIndices("min", false, a, dim, keepdim);
    }

    /** Row-major index of the first maximum of the flattened array (0-d int64). */
    public static NDArray argmax(NDArray a) {
        return Reductions.argExtreme("argmax", true, a, null, false);
    }

    /** Int64 index of the first maximum along {@code dim}. */
    public static NDArray argmax(NDArray a, int dim, boolean keepdim) {
        return Reductions.argExtreme("argmax", true, a, dim, keepdim);
    }

    /** Row-major index of the first minimum of the flattened array (0-d int64). */
    public static NDArray argmin(NDArray a) {
        return Reductions.argExtreme("argmin", false, a, null, false);
    }

    /** Int64 index of the first minimum along {@code dim}. */
    public static NDArray argmin(NDArray a, int dim, boolean keepdim) {
        return Reductions.argExtreme("argmin", false, a, dim, keepdim);
    }

    /** Unbiased variance of all elements (Bessel's correction, N - 1). */
    public static NDArray var(NDArray a) {
        return Reductions.var(a, null, 1, false, false, true);
    }

    /** Variance over {@code dims}, divided by N - 1 when {@code unbiased}, else by N. */
    public static NDArray var(NDArray a, int[] dims, boolean unbiased, boolean keepdim) {
        return Reductions.var(a, dims, unbiased ? 1 : 0, keepdim, false, true);
    }

    /** Variance over {@code dims} divided by {@code max(0, N - correction)} (PyTorch's {@code correction=}). */
    public static NDArray var(NDArray a, int[] dims, double correction, boolean keepdim) {
        return Reductions.var(a, dims, correction, keepdim, false, true);
    }

    /** Unbiased standard deviation of all elements. */
    public static NDArray std(NDArray a) {
        return Reductions.var(a, null, 1, false, true, true);
    }

    /** Standard deviation over {@code dims}, with N - 1 when {@code unbiased}. */
    public static NDArray std(NDArray a, int[] dims, boolean unbiased, boolean keepdim) {
        return Reductions.var(a, dims, unbiased ? 1 : 0, keepdim, true, true);
    }

    /** Standard deviation over {@code dims} with PyTorch's {@code correction=}. */
    public static NDArray std(NDArray a, int[] dims, double correction, boolean keepdim) {
        return Reductions.var(a, dims, correction, keepdim, true, true);
    }

    /**
     * {@code log(sum(exp(a)))} over {@code dims}, computed around the maximum so that it stays finite for large
     * inputs (logits of 1000 give 1000 + log n, not infinity); over no elements it is {@code -inf}.
     */
    public static NDArray logsumexp(NDArray a, int[] dims, boolean keepdim) {
        return Reductions.logsumexp(a, dims, keepdim, true);
    }

    /** The 2-norm of all elements (PyTorch's {@code torch.linalg.vector_norm}). */
    public static NDArray norm(NDArray a) {
        return Reductions.norm(a, 2, null, false, true);
    }

    /** The {@code p}-norm of all elements. */
    public static NDArray norm(NDArray a, double p) {
        return Reductions.norm(a, p, null, false, true);
    }

    /**
     * The vector {@code p}-norm over {@code dims}: {@code (sum |x|^p)^(1/p)}; {@code p = inf} is {@code max|x|},
     * {@code -inf} is {@code min|x|}, {@code 0} counts the non-zero elements. Floating inputs only.
     */
    public static NDArray norm(NDArray a, double p, int[] dims, boolean keepdim) {
        return Reductions.norm(a, p, dims, keepdim, true);
    }

    /** Cumulative sum along {@code dim} (same shape; integers and bool give int64, floats accumulate in double). */
    public static NDArray cumsum(NDArray a, int dim) {
        return AlongDim.cumsum(a, dim);
    }

    /**
     * Softmax along {@code dim}: {@code exp(x - max) / sum(exp(x - max))}, so that rows of logits of +-1000 stay
     * finite and sum to 1. Floating inputs only.
     */
    public static NDArray softmax(NDArray a, int dim) {
        return AlongDim.softmax(a, dim, false, true);
    }

    /** Log-softmax along {@code dim}: {@code (x - max) - log(sum(exp(x - max)))}, finite for large logits. */
    public static NDArray logSoftmax(NDArray a, int dim) {
        return AlongDim.softmax(a, dim, true, true);
    }
}
