package org.vectorgrad.engine;

import java.util.Arrays;
import org.vectorgrad.engine.MatMulPlan.Geo;
import org.vectorgrad.engine.kernel.Gemm;
import org.vectorgrad.engine.kernel.GemmArgs;
import org.vectorgrad.engine.kernel.GemmReference;

/**
 * Matrix products with PyTorch's rules: {@code matmul} (1-d operands promoted and the added dim removed after,
 * batch dims broadcast: {@code [2, 1, 3, 4] @ [5, 4, 2] -> [2, 5, 3, 2]}), {@code mm}, {@code bmm}, the fused
 * {@code addmm} / {@code linear} (bias added in the kernel's store, as {@code nn.Linear} needs) and output-buffer
 * forms. float32 and float64.
 *
 * <p>Operands may have any strides: transposed, sliced and broadcast views are read by the GEMM's packing
 * routines directly, never copied first (so {@code A^T G} and {@code G B^T} in a backward pass cost no copy).
 * The inputs are never modified; the {@code Into} forms write only {@code out} and bump its version.
 */
public final class MatMul {
    private MatMul() {
    }

    /** {@code torch.matmul(a, b)}: a new array. */
    public static NDArray matmul(NDArray a, NDArray b) {
        return compute(a, Geo.of(a), b, Geo.of(b), null, null, false);
    }

    /** {@code torch.matmul(a, b, out=out)}: out must have the result's shape and dtype; returns out. */
    public static NDArray matmulInto(NDArray a, NDArray b, NDArray out) {
        return compute(a, Geo.of(a), b, Geo.of(b), null, out, false);
    }

    /** {@code torch.mm}: both operands 2-d. */
    public static NDArray mm(NDArray a, NDArray b) {
        if (a.dim() != 2) {
            throw new IllegalArgumentException("self must be a matrix");
        }
        if (b.dim() != 2) {
            throw new IllegalArgumentException("mat2 must be a matrix");
        }
        return matmul(a, b);
    }

    /** {@code torch.bmm}: {@code [b, m, k] @ [b, k, n]}, batch sizes equal (no broadcasting). */
    public static NDArray bmm(NDArray a, NDArray b) {
        if (a.dim() != 3) {
            throw new IllegalArgumentException("batch1 must be a 3D tensor");
        }
        if (b.dim() != 3) {
            throw new IllegalArgumentException("batch2 must be a 3D tensor");
        }
        if (a.size(0) != b.size(0) || a.size(2) != b.size(1)) {
            throw new IllegalArgumentException("Expected size for first two dimensions of batch2 tensor to be: ["
                    + a.size(0) + ", " + a.size(2) + "] but got: [" + b.size(0) + ", " + b.size(1) + "].");
        }
        return matmul(a, b);
    }

    /** {@code torch.addmm(bias, a, b)}: {@code a @ b + bias}, bias broadcast to {@code [m, n]}. */
    public static NDArray addmm(NDArray bias, NDArray a, NDArray b) {
        return addmmInto(bias, a, b, null);
    }

    /**
     * {@code torch.addmm(bias, a, b, out=out)}; {@code out == null} allocates. {@code bias} may be {@code out}
     * itself (same storage, offset and strides) to accumulate: {@code out += a @ b}. Returns out.
     */
    public static NDArray addmmInto(NDArray bias, NDArray a, NDArray b, NDArray out) {
        for (int i = 0; i < 2; i++) {
            NDArray mat = i == 0 ? a : b;
            if (mat.dim() != 2) {
                throw new IllegalArgumentException("mat" + (i + 1) + " must be a matrix, got " + mat.dim() + "-D tensor");
            }
        }
        if (bias.dtype() != a.dtype() || bias.dtype() != b.dtype()) {
            throw new IllegalArgumentException("self and mat2 must have the same dtype");
        }
        return compute(a, Geo.of(a), b, Geo.of(b), bias, out, false);
    }

    /**
     * {@code out = a @ b + bias} with matmul's batch rules and the bias broadcast to the result (null for none),
     * written into {@code out}; for the engine's own fused uses (the convolution's per-image products). Returns out.
     */
    static NDArray matmulAddInto(NDArray a, NDArray b, NDArray bias, NDArray out) {
        return compute(a, Geo.of(a), b, Geo.of(b), bias, out, false);
    }

    /**
     * {@code torch.nn.functional.linear(x, weight, bias)}: {@code x @ weight^T + bias} with weight
     * {@code [out, in]} read transposed in place (no copy) and bias (nullable, usually {@code [out]}) added in the
     * kernel's store. x is {@code [..., in]}; the result {@code [..., out]}.
     */
    public static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return linearInto(x, weight, bias, null);
    }

    /** {@link #linear} into {@code out} ({@code null} allocates); returns out. */
    public static NDArray linearInto(NDArray x, NDArray weight, NDArray bias, NDArray out) {
        if (weight.dim() > 2) {
            throw new IllegalArgumentException("t() expects a tensor with <= 2 dimensions, but self is "
                    + weight.dim() + "D");
        }
        Geo w = Geo.of(weight);
        Geo wt = w.dim() < 2 ? w : new Geo(new int[]{w.size(1), w.size(0)}, new long[]{w.stride(1), w.stride(0)},
                w.offset());
        if (bias != null && bias.dtype() != x.dtype()) {
            throw new IllegalArgumentException("expected scalar type " + scalarName(x.dtype()) + " but found "
                    + scalarName(bias.dtype()));
        }
        return compute(x, Geo.of(x), weight, wt, bias, out, false);
    }

    /** The scalar twin of {@link #addmmInto} with matmul's rules: the naive triple loop. Bias may be null. */
    static NDArray reference(NDArray a, NDArray b, NDArray bias) {
        return compute(a, Geo.of(a), b, Geo.of(b), bias, null, true);
    }

    private static NDArray compute(NDArray a, Geo ga, NDArray b, Geo gb, NDArray bias, NDArray out,
            boolean reference) {
        checkTypes(a, ga, b, gb);
        int[] shape = resultShape(ga, gb);
        DType dtype = a.dtype();
        if (out != null) {
            checkOut(out, shape, dtype, a, b, bias);
        }
        NDArray c = out != null ? out : NDArray.allocate(dtype, shape);
        try {
            Geo gc = Geo.of(c);
            Geo gx = bias == null ? null : Geo.of(bias).expand(shape);
            if (gb.dim() == 1) {
                gb = gb.unsqueeze(1);
                gc = gc.unsqueeze(gc.dim());
                gx = gx == null ? null : gx.unsqueeze(gx.dim());
            }
            if (ga.dim() == 1) {
                ga = ga.unsqueeze(0);
                gc = gc.unsqueeze(gc.dim() - 1);
                gx = gx == null ? null : gx.unsqueeze(gx.dim() - 1);
            }
            GemmArgs g = MatMulPlan.plan(a, ga, b, gb, c, gc, bias, gx);
            if (reference) {
                GemmReference.run(g);
            } else {
                Gemm.run(g);
            }
        } catch (RuntimeException | Error e) {
            if (out == null) {
                c.close();
            }
            throw e;
        }
        if (out != null) {
            out.bumpVersion();
        }
        return c;
    }

    private static void checkTypes(NDArray a, Geo ga, NDArray b, Geo gb) {
        if (ga.dim() == 0 || gb.dim() == 0) {
            throw new IllegalArgumentException("both arguments to matmul need to be at least 1D, but they are "
                    + ga.dim() + "D and " + gb.dim() + "D");
        }
        if (a.dtype() != b.dtype()) {
            if (ga.dim() == 1 && gb.dim() == 1) {
                throw new IllegalArgumentException("dot : expected both vectors to have same dtype, but found "
                        + scalarName(a.dtype()) + " and " + scalarName(b.dtype()));
            }
            throw new IllegalArgumentException("expected scalar type " + scalarName(a.dtype()) + " but found "
                    + scalarName(b.dtype()));
        }
        if (!a.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("matmul is implemented for float32 and float64, got "
                    + a.dtype().torchName());
        }
    }

    /** The result shape by torch.matmul's case analysis, with the error each case raises in PyTorch. */
    static int[] resultShape(Geo a, Geo b) {
        int da = a.dim();
        int db = b.dim();
        int ka = a.size(-1);
        if (da == 1 && db == 1) {
            if (ka != b.size(0)) {
                throw new IllegalArgumentException("inconsistent tensor size, expected tensor [" + ka + "] and src ["
                        + b.size(0) + "] to have the same number of elements, but got " + ka + " and " + b.size(0)
                        + " elements respectively");
            }
            return new int[0];
        }
        if (db <= 2 && da != 1) {
            // mm, mv, or A's batch folded into its rows.
            int[] rows = Arrays.copyOf(a.shape(), da - 1);
            long m = Shapes.numel(rows);
            int kb = b.size(0);
            if (ka != kb) {
                throw new IllegalArgumentException(db == 1
                        ? "size mismatch, got input (" + m + "), mat (" + m + "x" + ka + "), vec (" + kb + ")"
                        : "mat1 and mat2 shapes cannot be multiplied (" + m + "x" + ka + " and " + kb + "x"
                                + b.size(1) + ")");
            }
            return db == 1 ? rows : append(rows, b.size(1));
        }
        int kb = b.size(-2);
        if (da <= 2) {
            // 1-d or 2-d A against a batch of B: PyTorch folds B^T's batch into its rows.
            if (ka != kb) {
                long rows = Shapes.numel(b.shape()) / Math.max(kb, 1);
                if (db == 2) {
                    throw new IllegalArgumentException("mat1 and mat2 shapes cannot be multiplied (1x" + ka
                            + " and " + kb + "x" + b.size(1) + ")");
                }
                throw new IllegalArgumentException(da == 1
                        ? "size mismatch, got input (" + rows + "), mat (" + rows + "x" + kb + "), vec (" + ka + ")"
                        : "mat1 and mat2 shapes cannot be multiplied (" + rows + "x" + kb + " and " + ka + "x"
                                + a.size(0) + ")");
            }
            int[] out = b.batchShape();
            if (da == 2) {
                out = append(out, a.size(0));
            }
            return append(out, b.size(-1));
        }
        int[] batch = Shapes.broadcast(a.batchShape(), b.batchShape());
        if (ka != kb) {
            long count = Shapes.numel(batch);
            throw new IllegalArgumentException("Expected size for first two dimensions of batch2 tensor to be: ["
                    + count + ", " + ka + "] but got: [" + count + ", " + kb + "].");
        }
        return append(append(batch, a.size(-2)), b.size(-1));
    }

    private static void checkOut(NDArray out, int[] shape, DType dtype, NDArray a, NDArray b, NDArray bias) {
        if (out.dtype() != dtype) {
            throw new IllegalArgumentException("Expected out tensor to have dtype " + cName(dtype) + ", but got "
                    + cName(out.dtype()) + " instead");
        }
        if (!Arrays.equals(out.shape(), shape)) {
            throw new IllegalArgumentException("Expected out tensor to have shape " + Shapes.format(shape)
                    + ", but got " + Shapes.format(out.shape()) + " instead");
        }
        boolean biasAliases = bias != null && bias.sharesStorageWith(out) && !(bias.offset() == out.offset()
                && Arrays.equals(bias.shape(), out.shape()) && Arrays.equals(bias.strides(), out.strides()));
        if (out.sharesStorageWith(a) || out.sharesStorageWith(b) || biasAliases) {
            throw new IllegalArgumentException("unsupported operation: some elements of the input tensor and the"
                    + " written-to tensor refer to a single memory location. Please clone() the tensor before"
                    + " performing the operation.");
        }
    }

    private static int[] append(int[] shape, int size) {
        int[] out = Arrays.copyOf(shape, shape.length + 1);
        out[shape.length] = size;
        return out;
    }

    /** PyTorch's scalar type name as printed in dtype errors: Float, Double, Long... */
    static String scalarName(DType t) {
        return switch (t) {
            case FLOAT32 -> "Float";
            case FLOAT64 -> "Double";
            case INT32 -> "Int";
            case INT64 -> "Long";
            case BOOL -> "Bool";
        };
    }

    private static String cName(DType t) {
        return switch (t) {
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
            case INT32 -> "int";
            case INT64 -> "long int";
            case BOOL -> "bool";
        };
    }
}
