package org.vectorgrad.engine;

import org.vectorgrad.engine.kernel.ReduceGeometry;

/** The dimension bookkeeping of reductions: which dims, the output shape, the kernel geometry, PyTorch's errors. */
final class ReduceDims {
    private ReduceDims() {
    }

    /**
     * Marks the reduced dimensions. {@code null} or empty means all; negative dims count from the end (a 0-d
     * array accepts 0 and -1, reducing nothing); a dim listed twice is PyTorch's error.
     */
    static boolean[] mask(int[] dims, int rank) {
        boolean[] mask = new boolean[rank];
        if (dims == null || dims.length == 0) {
            java.util.Arrays.fill(mask, true);
            return mask;
        }
        boolean[] seen = new boolean[Math.max(rank, 1)];
        for (int dim : dims) {
            int d = Shapes.normalizeDim(dim, rank);
            if (seen[d]) {
                throw new IllegalArgumentException("dim " + d + " appears multiple times in the list of dims");
            }
            seen[d] = true;
            if (rank > 0) {
                mask[d] = true;
            }
        }
        return mask;
    }

    /** One reduced dimension (a 0-d array reduces nothing). */
    static boolean[] single(int dim, int rank) {
        return mask(new int[]{dim}, rank);
    }

    /** The output shape: reduced dims removed, or kept with size 1. */
    static int[] outShape(int[] shape, boolean[] mask, boolean keepdim) {
        int n = 0;
        for (int d = 0; d < shape.length; d++) {
            n += mask[d] && !keepdim ? 0 : 1;
        }
        int[] out = new int[n];
        for (int d = 0, j = 0; d < shape.length; d++) {
            if (!mask[d]) {
                out[j++] = shape[d];
            } else if (keepdim) {
                out[j++] = 1;
            }
        }
        return out;
    }

    static ReduceGeometry geometry(NDArray a, boolean[] mask, boolean reorder) {
        return new ReduceGeometry(a.shape(), a.strides(), a.offset(), mask, reorder);
    }

    /** PyTorch's error for an extreme value over an empty dimension, which has no identity. */
    static void requireNonEmpty(String op, int[] shape, boolean[] mask) {
        for (int d = 0; d < shape.length; d++) {
            if (mask[d] && shape[d] == 0) {
                throw new IllegalArgumentException(op + "(): Expected reduction dim " + d + " to have non-zero size.");
            }
        }
    }

    /** The scalar type name PyTorch prints in dtype errors: {@code Float}, {@code Long}, ... */
    static String scalarName(DType t) {
        return switch (t) {
            case FLOAT32 -> "Float";
            case FLOAT64 -> "Double";
            case INT32 -> "Int";
            case INT64 -> "Long";
            case BOOL -> "Bool";
        };
    }
}
