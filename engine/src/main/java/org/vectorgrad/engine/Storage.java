package org.vectorgrad.engine;

import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The off-heap bytes behind one or more {@link NDArray} views, with a reference count and a version counter.
 *
 * <p>Every view that shares this storage holds one reference; the last {@code release()} returns the buffer to
 * the {@link BufferPool}. A storage nobody released is returned by a {@link Cleaner} once it becomes unreachable
 * (the safety net, not the mechanism). Access after release throws instead of reading reused memory.
 */
final class Storage {
    private static final Cleaner CLEANER = Cleaner.create();

    static {
        VectorSupport.checkOnce(); // engine start: warn once if the SIMD kernels would fall back to scalar code
    }

    /** The state the cleaner may touch: it must not reference the Storage itself. */
    private static final class Buffer implements Runnable {
        final MemorySegment whole;
        final MemorySegment data;
        volatile boolean released;

        Buffer(long bytes) {
            this.whole = BufferPool.acquire(bytes);
            this.data = whole.asSlice(0, bytes);
        }

        @Override
        public synchronized void run() {
            if (!released) {
                released = true;
                BufferPool.release(whole);
            }
        }
    }

    private final Buffer buffer;
    private volatile Cleaner.Cleanable cleanable;
    private final AtomicInteger refs = new AtomicInteger(0);
    private int version;

    Storage(long bytes) {
        this.buffer = new Buffer(bytes);
    }

    /**
     * Registers the GC safety net. Storage created inside a {@link MemoryScope} is released by the scope, so the
     * (comparatively costly) registration waits until an array on it leaves every scope.
     */
    void ensureCleaner() {
        if (cleanable == null) {
            synchronized (this) {
                if (cleanable == null && !buffer.released) {
                    cleanable = CLEANER.register(this, buffer);
                }
            }
        }
    }

    /** The bytes; throws if the storage was released. */
    MemorySegment segment() {
        if (buffer.released) {
            throw new IllegalStateException("NDArray storage was already released (use after close)");
        }
        return buffer.data;
    }

    long byteSize() {
        return buffer.data.byteSize();
    }

    boolean isReleased() {
        return buffer.released;
    }

    void retain() {
        refs.incrementAndGet();
    }

    /** Drops one reference; the last one returns the buffer to the pool. */
    void release() {
        if (refs.decrementAndGet() == 0) {
            Cleaner.Cleanable c = cleanable;
            if (c != null) {
                c.clean();
            } else {
                buffer.run();
            }
        }
    }

    /** The in-place modification counter autograd checks saved tensors against. */
    int version() {
        return version;
    }

    void bumpVersion() {
        version++;
    }
}
