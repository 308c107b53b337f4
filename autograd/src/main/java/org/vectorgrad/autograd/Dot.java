package org.vectorgrad.autograd;

import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;
import org.vectorgrad.engine.Shapes;

/**
 * Renders the backward graph of a tensor in Graphviz DOT, like torchviz's picture of {@code y = w*x + b}: the
 * output in green, op nodes by their {@code gradFn} names, leaves that require grad in blue with their shapes.
 */
final class Dot {
    private Dot() {
    }

    static String render(Tensor root) {
        StringBuilder sb = new StringBuilder("digraph {\n  node [shape=box, fontname=monospace];\n");
        Map<Node, String> ids = new IdentityHashMap<>();
        sb.append("  out [label=\"output ").append(Shapes.format(root.shape()))
                .append("\", style=filled, fillcolor=darkolivegreen1];\n");
        if (!root.requiresGrad()) {
            return sb.append("}\n").toString();
        }
        Node start = root.gradientEdge().node();
        ArrayDeque<Node> stack = new ArrayDeque<>();
        ids.put(start, "n0");
        stack.push(start);
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            String id = ids.get(n);
            if (n instanceof AccumulateGrad acc) {
                sb.append("  ").append(id).append(" [label=\"leaf ").append(Shapes.format(acc.leaf().shape()))
                        .append("\\nrequires_grad=True\", style=filled, fillcolor=lightblue];\n");
            } else {
                sb.append("  ").append(id).append(" [label=\"").append(n.name()).append("\"];\n");
            }
            for (Edge e : n.nextFunctions()) {
                if (e.node() == null) {
                    continue;
                }
                String next = ids.get(e.node());
                if (next == null) {
                    next = "n" + ids.size();
                    ids.put(e.node(), next);
                    stack.push(e.node());
                }
                sb.append("  ").append(next).append(" -> ").append(id).append(";\n");
            }
        }
        sb.append("  ").append(ids.get(start)).append(" -> out;\n");
        return sb.append("}\n").toString();
    }
}
