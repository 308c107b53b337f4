/** The command-line Fashion-MNIST trainer and the seed examples, built on vectorgrad's nn package. */
module org.vectorgrad.examples {
    requires org.vectorgrad.nn;
    exports org.vectorgrad.examples;
}
