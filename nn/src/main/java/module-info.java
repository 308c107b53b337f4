/** Neural-network building blocks on vectorgrad autograd: modules, layers, losses, optimizers, data, io. */
module org.vectorgrad.nn {
    requires transitive org.vectorgrad.autograd;
    exports org.vectorgrad.nn;
    exports org.vectorgrad.optim;
    exports org.vectorgrad.data;
    exports org.vectorgrad.io;
}
