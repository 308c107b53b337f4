package org.vectorgrad.engine;

import java.util.Arrays;

/**
 * The checks every kernel runs on an output it is asked to write ({@code into} forms and in-place ops), with
 * PyTorch's wording: the shape must be the broadcast shape, the result type must be castable to the output's
 * type, the output must not have several elements in one memory location (an expanded view), and an input must
 * not partially overlap it.
 */
final class Outputs {
    private Outputs() {
    }

    /** Checks that {@code out} can receive a result of {@code result} type and {@code shape}. */
    static void check(DType result, int[] shape, NDArray out) {
        if (!Arrays.equals(shape, out.shape())) {
            throw new IllegalArgumentException("output with shape " + Shapes.format(out.shape())
                    + " doesn't match the broadcast shape " + Shapes.format(shape));
        }
        if (!canCast(result, out.dtype())) {
            throw new IllegalArgumentException("result type " + typeName(result)
                    + " can't be cast to the desired output type " + typeName(out.dtype()));
        }
        checkNoInternalOverlap(out);
    }

    /**
     * Rejects an input that partially overlaps the output (PyTorch's {@code assert_no_partial_overlap}): the same
     * view, or disjoint memory, is fine; two dense views whose element ranges intersect otherwise are not, since
     * the kernel could read elements it has already overwritten ({@code a.add_(a.t())}). Layouts with gaps are
     * too irregular to compare and allowed, as in PyTorch.
     */
    static void checkNoPartialOverlap(NDArray input, NDArray out) {
        if (!input.sharesStorageWith(out) || input.numel() == 0 || out.numel() == 0) {
            return;
        }
        if (input.offset() == out.offset() && Arrays.equals(input.shape(), out.shape())
                && Arrays.equals(input.strides(), out.strides())) {
            return;
        }
        if (isNonOverlappingAndDense(input) && isNonOverlappingAndDense(out)) {
            long inStart = input.offset();
            long outStart = out.offset();
            if (inStart < outStart + out.numel() && outStart < inStart + input.numel()) {
                throw new IllegalArgumentException("unsupported operation: some elements of the input tensor and the "
                        + "written-to tensor refer to a single memory location. Please clone() the tensor before "
                        + "performing the operation.");
            }
        }
    }

    /** True if the elements fill {@code [offset, offset + numel)} exactly once, in any dimension order. */
    static boolean isNonOverlappingAndDense(NDArray a) {
        int[] shape = a.shape();
        long[] strides = a.strides();
        Integer[] dims = new Integer[shape.length];
        for (int d = 0; d < dims.length; d++) {
            dims[d] = d;
        }
        Arrays.sort(dims, (x, y) -> Long.compare(strides[x], strides[y]));
        long expected = 1;
        for (int d : dims) {
            if (shape[d] == 1) {
                continue;
            }
            if (strides[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    /**
     * PyTorch's {@code canCast}: a floating result cannot be written to an integral or bool output, and a
     * non-bool result cannot be written to a bool output.
     */
    static boolean canCast(DType from, DType to) {
        if (from.isFloatingPoint() && !to.isFloatingPoint()) {
            return false;
        }
        return from == DType.BOOL || to != DType.BOOL;
    }

    /** Rejects outputs where a dimension of size &gt; 1 has stride 0 (PyTorch's {@code assert_no_internal_overlap}). */
    static void checkNoInternalOverlap(NDArray out) {
        int[] shape = out.shape();
        long[] strides = out.strides();
        for (int d = 0; d < shape.length; d++) {
            if (strides[d] == 0 && shape[d] > 1) {
                throw new IllegalArgumentException("unsupported operation: more than one element of the written-to "
                        + "tensor refers to a single memory location. Please clone() the tensor before performing "
                        + "the operation.");
            }
        }
    }

    /** PyTorch's C++ scalar type name ({@code Float}, {@code Long}, ...), as its error messages print it. */
    static String typeName(DType type) {
        return switch (type) {
            case FLOAT32 -> "Float";
            case FLOAT64 -> "Double";
            case INT32 -> "Int";
            case INT64 -> "Long";
            case BOOL -> "Bool";
        };
    }
}
