/** Reverse-mode automatic differentiation over vectorgrad NDArrays, with PyTorch's semantics. */
module org.vectorgrad.autograd {
    requires transitive org.vectorgrad.engine;
    exports org.vectorgrad.autograd;
}
