package org.vectorgrad.autograd;

/** Where a gradient flows: input number {@code inputNr} of {@code node} (PyTorch's {@code next_functions} entry). */
public record Edge(Node node, int inputNr) {
    @Override
    public String toString() {
        return "(" + (node == null ? "None" : "<" + node.name() + ">") + ", " + inputNr + ")";
    }
}
