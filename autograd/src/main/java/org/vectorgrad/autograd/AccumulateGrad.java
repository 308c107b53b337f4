package org.vectorgrad.autograd;

import java.util.List;
import org.vectorgrad.engine.Binary;
import org.vectorgrad.engine.BinaryOp;
import org.vectorgrad.engine.MemoryScope;

/**
 * The node at a leaf that requires grad: adds incoming gradients into {@code leaf.grad()}. The first gradient is
 * copied into memory outside every {@link MemoryScope} (a leaf's grad outlives the step that made it); later ones
 * are added in place, unless a graph is being built for higher-order gradients.
 */
final class AccumulateGrad extends Node {
    private final Tensor leaf;

    AccumulateGrad(Tensor leaf) {
        this.leaf = leaf;
    }

    Tensor leaf() {
        return leaf;
    }

    @Override
    public String name() {
        return "AccumulateGrad";
    }

    @Override
    public List<Edge> nextFunctions() {
        return List.of();
    }

    @Override
    Tensor[] apply(Tensor gradOutput) {
        accumulate(gradOutput, GradMode.isEnabled());
        return new Tensor[0];
    }

    void accumulate(Tensor grad, boolean createGraph) {
        Tensor g = leaf.runHooks(grad);
        Tensor current = leaf.grad();
        if (current == null) {
            leaf.setGrad(createGraph ? g : Tensor.wrap(MemoryScope.persistent(() -> g.ndarray().clone().keepForever())));
        } else if (createGraph || current.requiresGrad()) {
            leaf.setGrad(current.add(g));
        } else {
            Binary.inPlace(BinaryOp.ADD, current.ndarray(), g.ndarray());
        }
    }

    @Override
    int[][] inputShapes() {
        return new int[0][];
    }
}
