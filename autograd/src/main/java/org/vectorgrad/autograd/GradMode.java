package org.vectorgrad.autograd;

/**
 * Whether operations record a graph, per thread, as PyTorch's grad mode.
 *
 * <pre>{@code
 * try (var g = Tensor.noGrad()) { ... }        // nothing inside is recorded
 * try (var g = Tensor.enableGrad()) { ... }    // reopens recording inside a noGrad block
 * }</pre>
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[]{true});

    /** Restores the previous mode on close. */
    public static final class Guard implements AutoCloseable {
        private final boolean previous;
        private boolean closed;

        private Guard(boolean enabled) {
            boolean[] flag = ENABLED.get();
            this.previous = flag[0];
            flag[0] = enabled;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                ENABLED.get()[0] = previous;
            }
        }
    }

    private GradMode() {
    }

    /** True if operations on this thread record a graph. */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Sets the mode until the returned guard is closed. */
    public static Guard set(boolean enabled) {
        return new Guard(enabled);
    }
}
