package org.vectorgrad.engine.kernel;

import java.lang.ref.SoftReference;
import java.util.function.Function;

/**
 * A kernel's working arrays kept per thread from one call to the next on the same shape, instead of allocated
 * afresh each call. The Winograd weight gradient of cnn_b64's conv2 allocated ~3 MB a call: zeroing it, cold cache
 * lines and the young collections it caused made the layer 20-30% slower on two threads than with the arrays
 * reused (in-process medians 1.58-1.78 against 1.21-1.37 ms).
 *
 * <p>A value is only ever handed to the thread that owns it, so no two calls share one. The few most recent
 * shapes are kept ({@link #ENTRIES}: a network's layers take turns), each softly, so that the GC may drop them
 * when memory runs short. Callers must not rely on a value's contents: a kernel that needs zeros (accumulators)
 * clears them; padding that no call on the shape ever writes keeps the zeros of its allocation.
 */
final class ScratchCache<K, V> {
    /** Shapes kept per thread. */
    static final int ENTRIES = 4;

    private final Function<K, V> factory;
    /** Per thread, the most recently used first: key i at {@code [2i]}, its value's soft reference at {@code [2i+1]}. */
    private final ThreadLocal<Object[]> entries = ThreadLocal.withInitial(() -> new Object[2 * ENTRIES]);

    ScratchCache(Function<K, V> factory) {
        this.factory = factory;
    }

    /** This thread's value for {@code key}, made by the factory when none is kept (or the GC dropped it). */
    @SuppressWarnings("unchecked")
    V get(K key) {
        Object[] kept = entries.get();
        int found = ENTRIES - 1; // a miss replaces the least recently used entry
        V value = null;
        for (int i = 0; i < ENTRIES; i++) {
            if (key.equals(kept[2 * i])) {
                value = ((SoftReference<V>) kept[2 * i + 1]).get();
                found = i;
                break;
            }
        }
        Object reference;
        if (value != null) {
            reference = kept[2 * found + 1];
        } else {
            value = factory.apply(key);
            reference = new SoftReference<>(value);
        }
        // to the front
        System.arraycopy(kept, 0, kept, 2, 2 * found);
        kept[0] = key;
        kept[1] = reference;
        return value;
    }
}
