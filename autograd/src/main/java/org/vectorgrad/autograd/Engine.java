package org.vectorgrad.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.vectorgrad.engine.Shapes;

/**
 * The reverse-mode engine: counts dependencies over the graph reachable from the roots, then runs nodes from a
 * ready queue (latest-created first), summing gradients where a tensor fans out. Iterative, so a chain of
 * 100,000 ops does not overflow the stack. Gradients are validated and un-broadcast here, in one place.
 */
final class Engine {
    private Engine() {
    }

    /**
     * Runs backward from {@code roots}. With {@code capture} non-null (autograd.grad), gradients reaching the
     * captured nodes are stored there and leaves' {@code .grad} is left untouched.
     */
    static void run(List<Tensor> roots, List<Tensor> rootGrads, boolean retainGraph, boolean createGraph,
            Map<Node, Tensor> capture) {
        Map<Node, Tensor> buffers = new IdentityHashMap<>();
        List<Node> rootNodes = new ArrayList<>();
        for (int i = 0; i < roots.size(); i++) {
            Tensor root = roots.get(i);
            if (!root.requiresGrad()) {
                throw new IllegalStateException("element " + i + " of tensors does not require grad and does not have a grad_fn");
            }
            Node node = root.gradientEdge().node();
            rootNodes.add(node);
            addTo(buffers, node, rootGrads.get(i));
        }
        Map<Node, int[]> dependencies = countDependencies(rootNodes);
        PriorityQueue<Node> ready = new PriorityQueue<>((a, b) -> Long.compare(b.sequenceNr, a.sequenceNr));
        for (Node n : rootNodes) {
            if (dependencies.get(n)[0] == 0 && !ready.contains(n)) {
                ready.add(n);
            }
        }
        List<Node> executed = new ArrayList<>();
        try (GradMode.Guard mode = GradMode.set(createGraph)) {
            while (!ready.isEmpty()) {
                Node node = ready.poll();
                Tensor grad = buffers.remove(node);
                executed.add(node);
                if (grad != null) {
                    grad = node.runPreHooks(grad);
                }
                if (capture != null && capture.containsKey(node)) {
                    capture.put(node, grad);
                }
                Tensor[] inputGrads = grad == null || (capture != null && node instanceof AccumulateGrad)
                        ? null : execute(node, grad, createGraph);
                List<Edge> edges = node.nextFunctions();
                for (int i = 0; i < edges.size(); i++) {
                    Node next = edges.get(i).node();
                    if (next == null) {
                        continue;
                    }
                    if (inputGrads != null && inputGrads[i] != null) {
                        addTo(buffers, next, inputGrads[i]);
                    }
                    if (--dependencies.get(next)[0] == 0) {
                        ready.add(next);
                    }
                }
            }
        } finally {
            if (!retainGraph) {
                for (Node n : executed) {
                    n.release();
                }
            }
        }
    }

    private static Tensor[] execute(Node node, Tensor grad, boolean createGraph) {
        if (node instanceof AccumulateGrad acc) {
            acc.accumulate(grad, createGraph);
            return null;
        }
        Tensor[] grads = node.apply(grad);
        List<Edge> edges = node.nextFunctions();
        if (grads.length != edges.size()) {
            throw new IllegalStateException("function " + node.name() + " returned an incorrect number of gradients"
                    + " (expected " + edges.size() + ", got " + grads.length + ")");
        }
        int[][] shapes = node.inputShapes();
        for (int i = 0; i < grads.length; i++) {
            if (grads[i] == null || edges.get(i).node() == null) {
                grads[i] = null;
                continue;
            }
            grads[i] = conform(node, i, grads[i], shapes[i]);
            if (Autograd.isAnomalyEnabled() && grads[i].hasNaN()) {
                throw new IllegalStateException("Function '" + node.name() + "' returned nan values in its " + i
                        + "th output.");
            }
        }
        return grads;
    }

    /** Sums a broadcast gradient back to the input's shape, or rejects an incompatible one. */
    private static Tensor conform(Node node, int index, Tensor grad, int[] expected) {
        int[] got = grad.shape();
        if (java.util.Arrays.equals(got, expected)) {
            return grad;
        }
        if (!broadcastsTo(expected, got)) {
            throw new IllegalStateException(node.name() + " returned an invalid gradient at index " + index + " - got "
                    + Shapes.format(got) + " but expected shape compatible with " + Shapes.format(expected));
        }
        return grad.sumToSize(expected);
    }

    static boolean broadcastsTo(int[] from, int[] to) {
        if (from.length > to.length) {
            return false;
        }
        int shift = to.length - from.length;
        for (int i = 0; i < from.length; i++) {
            if (from[i] != 1 && from[i] != to[i + shift]) {
                return false;
            }
        }
        return true;
    }

    private static void addTo(Map<Node, Tensor> buffers, Node node, Tensor grad) {
        Tensor current = buffers.get(node);
        buffers.put(node, current == null ? grad : current.add(grad));
    }

    /** For every node reachable from the roots, the number of edges pointing at it. */
    private static Map<Node, int[]> countDependencies(List<Node> roots) {
        Map<Node, int[]> deps = new IdentityHashMap<>();
        ArrayDeque<Node> stack = new ArrayDeque<>();
        for (Node r : roots) {
            if (deps.putIfAbsent(r, new int[1]) == null) {
                stack.push(r);
            }
        }
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            for (Edge e : n.nextFunctions()) {
                Node next = e.node();
                if (next == null) {
                    continue;
                }
                int[] count = deps.get(next);
                if (count == null) {
                    deps.put(next, new int[]{1});
                    stack.push(next);
                } else {
                    count[0]++;
                }
            }
        }
        return deps;
    }
}
