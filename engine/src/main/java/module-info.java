/** The vectorgrad engine: off-heap n-dimensional arrays and their SIMD kernels. */
module org.vectorgrad.engine {
    requires transitive jdk.incubator.vector;
    requires java.management;
    requires jdk.management;
    exports org.vectorgrad.engine;
}
