package org.vectorgrad.engine;

/**
 * Element types of an {@link NDArray}, with PyTorch's type promotion.
 *
 * <p>Promotion follows the category order bool &lt; integer &lt; floating: an integer tensor combined with a
 * floating one gives the floating type, int32 with int64 gives int64, float32 with float64 gives float64.
 * A Java scalar never widens a tensor of its own category (a {@code double} scalar keeps a float32 tensor
 * float32), see {@link #promoteWithScalar(DType, boolean)}.
 */
public enum DType {
    FLOAT32(4, true, "torch.float32"),
    FLOAT64(8, true, "torch.float64"),
    INT32(4, false, "torch.int32"),
    INT64(8, false, "torch.int64"),
    BOOL(1, false, "torch.bool");

    private final int byteSize;
    private final boolean floating;
    private final String torchName;

    DType(int byteSize, boolean floating, String torchName) {
        this.byteSize = byteSize;
        this.floating = floating;
        this.torchName = torchName;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** True for FLOAT32 and FLOAT64, the only types that may require gradients. */
    public boolean isFloatingPoint() {
        return floating;
    }

    /** The name PyTorch prints for this type, e.g. {@code torch.float32}. */
    public String torchName() {
        return torchName;
    }

    private int category() {
        return this == BOOL ? 0 : floating ? 2 : 1;
    }

    /** The result type of a binary op between two tensors (PyTorch's {@code torch.promote_types}). */
    public static DType promote(DType a, DType b) {
        if (a == b) {
            return a;
        }
        if (a.category() != b.category()) {
            return a.category() > b.category() ? a : b;
        }
        return a.byteSize >= b.byteSize ? a : b;
    }

    /**
     * The result type of a binary op between a tensor and a Java scalar: the tensor's type unless the scalar
     * is of a higher category (a floating scalar with an integer or bool tensor gives the default float32;
     * an integral scalar with a bool tensor gives int64).
     */
    public static DType promoteWithScalar(DType tensor, boolean floatingScalar) {
        if (floatingScalar && !tensor.floating) {
            return FLOAT32;
        }
        if (!floatingScalar && tensor == BOOL) {
            return INT64;
        }
        return tensor;
    }
}
