package org.vectorgrad.autograd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The node recorded for one call of a {@link Function}. */
final class FunctionNode extends Node {
    private final Function function;
    private final Context ctx;
    private final List<Edge> edges;
    private final int[][] inputShapes;

    FunctionNode(Function function, Context ctx, Tensor[] inputs) {
        this.function = function;
        this.ctx = ctx;
        List<Edge> e = new ArrayList<>(inputs.length);
        inputShapes = new int[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = inputs[i];
            if (t != null && t.requiresGrad()) {
                e.add(t.gradientEdge());
                inputShapes[i] = t.shape();
            } else {
                e.add(new Edge(null, 0));
            }
        }
        this.edges = Collections.unmodifiableList(e);
    }

    @Override
    public String name() {
        return function.backwardName();
    }

    @Override
    public List<Edge> nextFunctions() {
        return edges;
    }

    @Override
    Tensor[] apply(Tensor gradOutput) {
        return function.runBackward(ctx, gradOutput);
    }

    @Override
    int[][] inputShapes() {
        return inputShapes;
    }

    @Override
    void release() {
        ctx.release();
    }
}
