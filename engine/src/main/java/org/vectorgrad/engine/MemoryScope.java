package org.vectorgrad.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;

/**
 * Deterministic release of every array created on this thread while the scope is open.
 *
 * <pre>{@code
 * for (int step = 0; step < steps; step++) {
 *     try (MemoryScope scope = MemoryScope.open()) {
 *         NDArray y = Binary.add(x, bias);      // temporaries are released when the scope closes
 *         total = y.sum().keep();               // keep() moves an array out to the enclosing scope
 *     }
 * }
 * }</pre>
 *
 * <p>Scopes nest; an array belongs to the innermost scope open when it was created. {@link NDArray#keep()} hands
 * it to the enclosing scope (or to no scope at the outermost level: it then lives until {@code close()} or the GC).
 * State that must outlive every step (parameters, gradients of leaves, optimizer moments, module buffers) is
 * created inside {@link #persistent(java.util.function.Supplier)}, which suspends the scopes of this thread.
 */
public final class MemoryScope implements AutoCloseable {
    private static final ThreadLocal<ArrayDeque<MemoryScope>> STACK = ThreadLocal.withInitial(ArrayDeque::new);

    private ArrayList<NDArray> owned = new ArrayList<>();
    private final Thread owner = Thread.currentThread();
    private boolean closed;

    private MemoryScope() {
    }

    /** Opens a scope on the current thread; close it in the same thread (try-with-resources). */
    public static MemoryScope open() {
        MemoryScope scope = new MemoryScope();
        STACK.get().push(scope);
        return scope;
    }

    /** Runs {@code body} with no scope active, so what it allocates is released only explicitly or by the GC. */
    public static <T> T persistent(java.util.function.Supplier<T> body) {
        ArrayDeque<MemoryScope> saved = STACK.get();
        STACK.set(new ArrayDeque<>());
        try {
            return body.get();
        } finally {
            STACK.set(saved);
        }
    }

    /** The innermost open scope of this thread, or null. */
    static MemoryScope current() {
        return STACK.get().peek();
    }

    /** The scope enclosing this one, or null. */
    MemoryScope parent() {
        boolean seen = false;
        for (MemoryScope s : STACK.get()) {
            if (seen) {
                return s;
            }
            seen = s == this;
        }
        return null;
    }

    void adopt(NDArray array) {
        if (owned == null) {
            throw new IllegalStateException("MemoryScope is closed");
        }
        owned.add(array);
    }

    /** Number of arrays this scope will release. */
    public int size() {
        int n = 0;
        if (owned == null) {
            return 0;
        }
        for (NDArray a : owned) {
            if (a.scope() == this) {
                n++;
            }
        }
        return n;
    }

    /** Releases every array still owned by this scope. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("MemoryScope closed by a thread other than the one that opened it");
        }
        ArrayDeque<MemoryScope> stack = STACK.get();
        if (stack.peek() != this) {
            throw new IllegalStateException("MemoryScope closed out of order: close inner scopes first");
        }
        stack.pop();
        closed = true;
        for (int i = 0, n = owned.size(); i < n; i++) {
            NDArray a = owned.get(i);
            if (a.scope() == this) {
                a.close();
            }
        }
        owned = null;
    }
}
