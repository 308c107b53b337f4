package org.vectorgrad.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** PyTorch's {@code torch.autograd}: {@link #grad} and {@link #backward} over several tensors, and anomaly mode. */
public final class Autograd {
    private static volatile boolean anomaly;

    private Autograd() {
    }

    /**
     * Gradients of {@code outputs} with respect to {@code inputs}, without touching any {@code .grad}.
     *
     * @param gradOutputs  one per output, or null for all-scalar outputs (implicit ones)
     * @param retainGraph  keep saved tensors for another backward
     * @param createGraph  record the backward itself, for higher-order gradients
     * @param allowUnused  return null for an input the outputs do not depend on, instead of throwing
     */
    public static Tensor[] grad(Tensor[] outputs, Tensor[] inputs, Tensor[] gradOutputs, boolean retainGraph,
            boolean createGraph, boolean allowUnused) {
        Map<Node, Tensor> capture = new IdentityHashMap<>();
        Node[] targets = new Node[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (!inputs[i].requiresGrad()) {
                throw new IllegalArgumentException("One of the differentiated Tensors does not require grad");
            }
            targets[i] = inputs[i].gradientEdge().node();
            capture.put(targets[i], null);
        }
        Engine.run(Arrays.asList(outputs), rootGrads(outputs, gradOutputs), retainGraph, createGraph, capture);
        Tensor[] result = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            result[i] = capture.get(targets[i]);
            if (result[i] == null && !allowUnused) {
                throw new IllegalArgumentException("One of the differentiated Tensors appears to not have been used in the"
                        + " graph. Set allow_unused=True if this is the desired behavior.");
            }
        }
        return result;
    }

    /** {@code grad(outputs, inputs, null, false, createGraph, false)} for one scalar output. */
    public static Tensor[] grad(Tensor output, Tensor[] inputs, boolean createGraph) {
        return grad(new Tensor[]{output}, inputs, null, createGraph, createGraph, false);
    }

    /** Accumulates gradients of several roots into the leaves' {@code .grad}. */
    public static void backward(Tensor[] roots, Tensor[] gradOutputs, boolean retainGraph, boolean createGraph) {
        Engine.run(Arrays.asList(roots), rootGrads(roots, gradOutputs), retainGraph, createGraph, null);
    }

    private static List<Tensor> rootGrads(Tensor[] outputs, Tensor[] gradOutputs) {
        List<Tensor> grads = new ArrayList<>(outputs.length);
        for (int i = 0; i < outputs.length; i++) {
            Tensor g = gradOutputs == null ? null : gradOutputs[i];
            if (g == null) {
                if (outputs[i].numel() != 1) {
                    throw new IllegalArgumentException("grad can be implicitly created only for scalar outputs");
                }
                g = Tensor.onesLike(outputs[i]);
            } else if (!Arrays.equals(g.shape(), outputs[i].shape())) {
                throw new IllegalArgumentException("Mismatch in shape: grad_output[" + i + "] has a shape of "
                        + org.vectorgrad.engine.Shapes.format(g.shape()) + " and output[" + i + "] has a shape of "
                        + org.vectorgrad.engine.Shapes.format(outputs[i].shape()) + ".");
            }
            grads.add(g);
        }
        return grads;
    }

    /** Turns anomaly detection on or off: a backward that produces NaN then names the op whose backward did. */
    public static void detectAnomaly(boolean enabled) {
        anomaly = enabled;
    }

    public static boolean isAnomalyEnabled() {
        return anomaly;
    }
}
