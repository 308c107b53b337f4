/** The command-line Fashion-MNIST trainer and the seed examples, built on vectorgrad's nn package. */
module org.vectorgrad.examples {
    requires transitive org.vectorgrad.nn; // the public API (DynamicNet, Recipe) exposes nn, autograd and engine types
    exports org.vectorgrad.examples;
}
