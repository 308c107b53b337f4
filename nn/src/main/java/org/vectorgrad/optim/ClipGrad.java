package org.vectorgrad.optim;

import java.util.ArrayList;
import java.util.List;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.Binary;
import org.vectorgrad.engine.BinaryOp;
import org.vectorgrad.engine.DType;
import org.vectorgrad.engine.MemoryScope;
import org.vectorgrad.engine.NDArray;
import org.vectorgrad.engine.NDArrays;
import org.vectorgrad.engine.Reduce;
import org.vectorgrad.engine.Unary;

/** Gradient clipping, as {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}. */
public final class ClipGrad {
    private ClipGrad() {
    }

    /** {@link #clipGradNorm(Iterable, double, double, boolean)} with the 2-norm. */
    public static double clipGradNorm(Iterable<? extends Tensor> parameters, double maxNorm) {
        return clipGradNorm(parameters, maxNorm, 2.0, false);
    }

    /** {@link #clipGradNorm(Iterable, double, double, boolean)} without the non-finite check. */
    public static double clipGradNorm(Iterable<? extends Tensor> parameters, double maxNorm, double normType) {
        return clipGradNorm(parameters, maxNorm, normType, false);
    }

    /**
     * Scales the gradients of {@code parameters} in place so that their total norm is at most about
     * {@code maxNorm}, as PyTorch: the total norm is the {@code normType}-norm of the per-gradient norms (use
     * {@code Double.POSITIVE_INFINITY} for the max norm), and every gradient is multiplied by
     * {@code min(1, maxNorm / (total + 1e-6))}. Parameters without a gradient are skipped. Returns the total norm
     * before clipping (0 when there are no gradients). Only the gradients are modified.
     */
    public static double clipGradNorm(Iterable<? extends Tensor> parameters, double maxNorm, double normType,
            boolean errorIfNonfinite) {
        List<NDArray> grads = new ArrayList<>();
        for (Tensor p : parameters) {
            if (p.grad() != null) {
                grads.add(p.grad().ndarray());
            }
        }
        if (grads.isEmpty()) {
            return 0.0;
        }
        try (MemoryScope scope = MemoryScope.open()) {
            DType type = grads.getFirst().dtype();
            for (NDArray g : grads) {
                type = DType.promote(type, g.dtype());
            }
            // the norms are stacked in the gradients' dtype, as torch.stack of the per-gradient norms
            NDArray norms = NDArrays.empty(type, grads.size());
            for (int i = 0; i < grads.size(); i++) {
                norms.set(Reduce.norm(grads.get(i), normType).item(), i);
            }
            double total = Reduce.norm(norms, normType).item();
            if (errorIfNonfinite && !Double.isFinite(total)) {
                throw new IllegalStateException("The total norm of order " + Py.repr(normType) + " for gradients from "
                        + "`parameters` is non-finite, so it cannot be clipped. To disable this error and scale the "
                        + "gradients by the non-finite norm anyway, set `error_if_nonfinite=False`");
            }
            double coef;
            if (type == DType.FLOAT32) {
                // PyTorch computes max_norm / (total_norm + 1e-6) on a float32 tensor
                coef = (float) maxNorm / ((float) total + (float) 1e-6);
                coef = Math.min((float) coef, 1.0f);
            } else {
                coef = Math.min(maxNorm / (total + 1e-6), 1.0);
            }
            for (NDArray g : grads) {
                Binary.inPlace(BinaryOp.MUL, g, coef);
            }
            return total;
        }
    }

    /** Clamps every gradient of {@code parameters} to {@code [-clipValue, clipValue]} in place. */
    public static void clipGradValue(Iterable<? extends Tensor> parameters, double clipValue) {
        for (Tensor p : parameters) {
            if (p.grad() != null) {
                Unary.clamp_(p.grad().ndarray(), -clipValue, clipValue);
            }
        }
    }
}
