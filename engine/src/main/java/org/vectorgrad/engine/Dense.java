package org.vectorgrad.engine;

import java.util.Arrays;

/** Recognises operands that a row kernel can read as one flat run, so kernels can skip the strided walk. */
final class Dense {
    private Dense() {
    }

    /** True if both arrays are contiguous with the same shape. */
    static boolean sameLayout(NDArray input, NDArray out) {
        return input.isContiguous() && out.isContiguous() && Arrays.equals(input.shape(), out.shape())
                && out.numel() <= Integer.MAX_VALUE;
    }

    /**
     * The flat stride with which {@code input} broadcasts to {@code out}'s shape: 1 for a contiguous array of the
     * same shape, 0 for a single element, -1 when neither holds (the strided walk is needed).
     */
    static long stride(NDArray input, NDArray out) {
        if (input.numel() == 1) {
            return 0;
        }
        return input.isContiguous() && Arrays.equals(input.shape(), out.shape()) ? 1 : -1;
    }
}
