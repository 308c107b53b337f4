/** Reverse-mode automatic differentiation over vectorgrad NDArrays, with PyTorch's semantics. */
module org.vectorgrad.autograd {
    requires transitive org.vectorgrad.engine;
    exports org.vectorgrad.autograd;
    // The fused ops that nn's layers call directly (e.g. binary cross-entropy); not public API.
    exports org.vectorgrad.autograd.ops to org.vectorgrad.nn;
}
