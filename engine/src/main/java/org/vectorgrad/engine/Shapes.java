package org.vectorgrad.engine;

import java.util.Arrays;

/** Shape arithmetic and the shape-related errors, worded as PyTorch words them. */
public final class Shapes {
    private Shapes() {
    }

    /** Formats a shape the one way every message prints it: {@code [2, 3]}. */
    public static String format(int[] shape) {
        return Arrays.toString(shape);
    }

    /** Number of elements of a shape (1 for a 0-d shape). */
    public static long numel(int[] shape) {
        long n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    /** Row-major (C-contiguous) strides in elements. */
    public static long[] contiguousStrides(int[] shape) {
        long[] strides = new long[shape.length];
        long stride = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = stride;
            stride *= Math.max(shape[i], 1);
        }
        return strides;
    }

    /** Checks sizes are non-negative and returns a defensive copy. */
    public static int[] checkedShape(int... shape) {
        for (int s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("Trying to create tensor with negative dimension " + s + ": "
                        + format(shape));
            }
        }
        return shape.clone();
    }

    /**
     * Wraps a possibly negative dimension index into {@code [0, rank)}, or throws PyTorch's
     * {@code Dimension out of range} error. A 0-d tensor accepts dims -1 and 0, as in PyTorch.
     */
    public static int normalizeDim(int dim, int rank) {
        int effective = Math.max(rank, 1);
        if (dim < -effective || dim >= effective) {
            throw new IndexOutOfBoundsException("Dimension out of range (expected to be in range of ["
                    + (-effective) + ", " + (effective - 1) + "], but got " + dim + ")");
        }
        return dim < 0 ? dim + effective : dim;
    }

    /** Broadcasts two shapes (numpy/PyTorch rules) or throws PyTorch's size-mismatch error. */
    public static int[] broadcast(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int ai = i - (rank - a.length);
            int bi = i - (rank - b.length);
            int sa = ai >= 0 ? a[ai] : 1;
            int sb = bi >= 0 ? b[bi] : 1;
            if (sa != sb && sa != 1 && sb != 1) {
                throw new IllegalArgumentException("The size of tensor a (" + sa + ") must match the size of tensor b ("
                        + sb + ") at non-singleton dimension " + i);
            }
            out[i] = sa == 1 ? sb : sa;
        }
        return out;
    }

    /**
     * Strides that read an array of {@code shape}/{@code strides} as if it had {@code target} shape:
     * broadcast dimensions get stride 0. The caller has checked the shapes broadcast.
     */
    public static long[] broadcastStrides(int[] shape, long[] strides, int[] target) {
        long[] out = new long[target.length];
        int shift = target.length - shape.length;
        for (int i = 0; i < shape.length; i++) {
            out[i + shift] = shape[i] == 1 && target[i + shift] != 1 ? 0 : strides[i];
        }
        return out;
    }

    /** Resolves a single -1 in a requested shape, or throws {@code shape '[2, 2]' is invalid for input of size 3}. */
    public static int[] inferSize(int[] requested, long numel) {
        int infer = -1;
        long known = 1;
        for (int i = 0; i < requested.length; i++) {
            if (requested[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("only one dimension can be inferred");
                }
                infer = i;
            } else if (requested[i] < 0) {
                throw new IllegalArgumentException("invalid shape dimension " + requested[i]);
            } else {
                known *= requested[i];
            }
        }
        int[] out = requested.clone();
        if (infer >= 0) {
            if (known == 0 || numel % known != 0) {
                throw new IllegalArgumentException("shape '" + format(requested) + "' is invalid for input of size " + numel);
            }
            out[infer] = Math.toIntExact(numel / known);
        } else if (known != numel) {
            throw new IllegalArgumentException("shape '" + format(requested) + "' is invalid for input of size " + numel);
        }
        return out;
    }
}
