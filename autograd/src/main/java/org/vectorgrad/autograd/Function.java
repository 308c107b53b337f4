package org.vectorgrad.autograd;

/**
 * A differentiable operation in the style of {@code torch.autograd.Function}: a forward computed without recording,
 * and a backward that returns one gradient per input. Every built-in op is one; users write their own the same way:
 *
 * <pre>{@code
 * final class Cube extends Function {
 *     protected Tensor forward(Context ctx, Tensor... in) { ctx.saveForBackward(in[0]); return in[0].pow(3); }
 *     protected Tensor[] backward(Context ctx, Tensor grad) {
 *         Tensor x = ctx.savedTensors()[0];
 *         return new Tensor[]{grad.mul(x.square()).mul(3)};
 *     }
 * }
 * Tensor y = new Cube().apply(x);
 * }</pre>
 *
 * <p>Backward should be written with Tensor ops, so that {@code createGraph} records it and higher-order gradients
 * work. A Function instance is used for one call; constructor arguments carry non-tensor parameters (dims, scalars).
 */
public abstract class Function {
    /** Computes the output; runs with grad mode off. Use {@code ctx} to save what backward needs. */
    protected abstract Tensor forward(Context ctx, Tensor... inputs);

    /**
     * Gradients with respect to each input given the output's gradient, {@code null} where
     * {@link Context#needsInputGrad(int)} is false or the input is not differentiable. Broadcast inputs may
     * receive a gradient of the broadcast shape: the engine sums it back to the input's shape.
     */
    protected abstract Tensor[] backward(Context ctx, Tensor gradOutput);

    /** The node's name PyTorch would print, by default the class name + {@code Backward0}. */
    protected String backwardName() {
        return getClass().getSimpleName() + "Backward0";
    }

    /** Runs forward and, when grad mode is on and an input requires grad, records a node for backward. */
    public final Tensor apply(Tensor... inputs) {
        boolean record = false;
        boolean[] needs = new boolean[inputs.length];
        if (GradMode.isEnabled()) {
            for (int i = 0; i < inputs.length; i++) {
                needs[i] = inputs[i] != null && inputs[i].requiresGrad();
                record |= needs[i];
            }
        }
        Context ctx = new Context(needs);
        Tensor out;
        try (GradMode.Guard off = GradMode.set(false)) {
            out = forward(ctx, inputs);
        }
        if (!record) {
            return out;
        }
        if (!out.dtype().isFloatingPoint()) {
            return out; // integer and bool results (argmax, comparisons) are never differentiable
        }
        FunctionNode node = new FunctionNode(this, ctx, inputs);
        ctx.setNode(node);
        // A fresh output takes the node; one that is an input (an identity forward) gets a new object first.
        Tensor result = out.isLeaf() && !isInput(out, inputs) ? out : out.detach();
        result.attachGradFn(node);
        return result;
    }

    private static boolean isInput(Tensor out, Tensor[] inputs) {
        for (Tensor t : inputs) {
            if (t == out) {
                return true;
            }
        }
        return false;
    }

    /** For the engine: backward under the node's name. */
    Tensor[] runBackward(Context ctx, Tensor gradOutput) {
        return backward(ctx, gradOutput);
    }
}
