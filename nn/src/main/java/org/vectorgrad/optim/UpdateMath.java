package org.vectorgrad.optim;

import java.util.EnumMap;
import org.vectorgrad.engine.Binary;
import org.vectorgrad.engine.BinaryOp;
import org.vectorgrad.engine.DType;
import org.vectorgrad.engine.MemoryScope;
import org.vectorgrad.engine.NDArray;
import org.vectorgrad.engine.NDArrays;
import org.vectorgrad.engine.Unary;
import org.vectorgrad.engine.UnaryOp;

/**
 * The arithmetic of optimizer updates, written so that a step allocates no off-heap memory once the state exists:
 * every result goes into an array that lives as long as the optimizer (a parameter, its state, or scratch); Java
 * scalars go through the engine's scalar forms, which take the dtype of the array they meet and allocate nothing.
 *
 * <p>Scratch: two buffers per dtype, shared by all parameters and sized for the largest; each parameter keeps
 * views of them shaped like itself. Updates run one parameter at a time, so sharing is safe, and the extra memory
 * is two copies of the largest parameter instead of two copies of the model.
 */
final class UpdateMath {
    private final EnumMap<DType, NDArray[]> scratch = new EnumMap<>(DType.class);
    private int generation;

    /** {@code out = a * c}. */
    void mul(NDArray a, double c, NDArray out) {
        Binary.into(BinaryOp.MUL, a, c, out);
    }

    /** {@code out = a / c}. */
    void div(NDArray a, double c, NDArray out) {
        Binary.into(BinaryOp.DIV, a, c, out);
    }

    /** {@code out = a + c}. */
    void add(NDArray a, double c, NDArray out) {
        Binary.into(BinaryOp.ADD, a, c, out);
    }

    /** {@code out = a + b}. */
    static void add(NDArray a, NDArray b, NDArray out) {
        Binary.into(BinaryOp.ADD, a, b, out);
    }

    /** {@code out = a - b}. */
    static void sub(NDArray a, NDArray b, NDArray out) {
        Binary.into(BinaryOp.SUB, a, b, out);
    }

    /** {@code out = a * b}. */
    static void mul(NDArray a, NDArray b, NDArray out) {
        Binary.into(BinaryOp.MUL, a, b, out);
    }

    /** {@code out = a / b}. */
    static void div(NDArray a, NDArray b, NDArray out) {
        Binary.into(BinaryOp.DIV, a, b, out);
    }

    /** {@code out = maximum(a, b)} (NaN propagates, as {@code torch.maximum}). */
    static void maximum(NDArray a, NDArray b, NDArray out) {
        Binary.into(BinaryOp.MAXIMUM, a, b, out);
    }

    /** {@code out = sqrt(a)}. */
    static void sqrt(NDArray a, NDArray out) {
        Unary.into(UnaryOp.SQRT, a, out);
    }

    /** {@code out += c * a}, using {@code tmp} for the product ({@code tmp} may be {@code a}, never {@code out}). */
    void addScaled(NDArray out, NDArray a, double c, NDArray tmp) {
        mul(a, c, tmp);
        add(out, tmp, out);
    }

    /**
     * The gradient the algorithms start from: {@code g}, negated when maximizing, plus {@code weightDecay * param}
     * (L2 penalty). Returns {@code grad} itself when nothing changes it (it is only read), else {@code into}.
     */
    NDArray effectiveGrad(NDArray param, NDArray grad, double weightDecay, boolean maximize, NDArray into) {
        if (weightDecay != 0) {
            // PyTorch: grad = (maximize ? -g : g).add(param, alpha=weight_decay); the sum is the same either way round
            mul(param, weightDecay, into);
            if (maximize) {
                sub(into, grad, into);
            } else {
                add(into, grad, into);
            }
            return into;
        }
        if (maximize) {
            mul(grad, -1, into);
            return into;
        }
        return grad;
    }

    /** The two scratch arrays of {@code param}'s shape and dtype for {@code state}, made or refreshed as needed. */
    NDArray[] scratchFor(ParamState state, NDArray param) {
        NDArray[] views = state.scratch;
        if (views != null && state.scratchGeneration == generation
                && views[0].dtype() == param.dtype() && java.util.Arrays.equals(views[0].shape(), param.shape())) {
            return views;
        }
        if (views != null) {
            views[0].close();
            views[1].close();
        }
        NDArray[] made = MemoryScope.persistent(() -> makeViews(param));
        state.scratch = made;
        state.scratchGeneration = generation;
        return made;
    }

    private NDArray[] makeViews(NDArray param) {
        long numel = param.numel();
        if (numel > Integer.MAX_VALUE) {
            // too large for one flat buffer: this parameter gets scratch of its own
            return new NDArray[]{NDArrays.empty(param.dtype(), param.shape()), NDArrays.empty(param.dtype(), param.shape())};
        }
        NDArray[] flat = scratch.get(param.dtype());
        if (flat == null || flat[0].numel() < numel) {
            if (flat != null) {
                // views made from the old buffers keep them alive until they are refreshed
                flat[0].close();
                flat[1].close();
            }
            flat = new NDArray[]{NDArrays.empty(param.dtype(), (int) numel), NDArrays.empty(param.dtype(), (int) numel)};
            scratch.put(param.dtype(), flat);
            generation++;
        }
        NDArray[] out = new NDArray[2];
        for (int i = 0; i < 2; i++) {
            try (NDArray prefix = flat[i].narrow(0, 0, (int) numel)) {
                out[i] = prefix.view(param.shape());
            }
        }
        return out;
    }
}
