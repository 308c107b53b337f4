package org.vectorgrad.engine;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Size-class pool of 64-byte aligned off-heap buffers.
 *
 * <p>Why a pool: {@code Arena.allocate} zeroes what it returns and a shared arena's close costs a handshake with
 * every thread, so allocating a fresh segment per op is slow; and {@code Arena.ofAuto()} alone frees memory only
 * when the GC runs. Buffers released by an {@link NDArray} (through {@code close()}, a {@link MemoryScope} or,
 * as a safety net, the GC) return here and are reused by the next request of the same size class. Segments come
 * from {@code Arena.ofAuto()}: a buffer the pool drops (beyond {@link #MAX_POOLED_BYTES}) is freed by the GC.
 *
 * <p>{@link #liveBytes()} counts bytes handed out and not yet released; a training loop that releases its
 * temporaries keeps it flat.
 */
public final class BufferPool {
    /** Alignment of every buffer: one cache line, also the widest vector. */
    public static final long ALIGNMENT = 64;
    /** Upper bound on the bytes kept for reuse. */
    public static final long MAX_POOLED_BYTES = Long.getLong("vectorgrad.pool.maxBytes", 2L << 30);
    /** Above this many live bytes, an allocation always first asks the GC to reclaim forgotten arrays. */
    private static final long SOFT_LIMIT = Long.getLong("vectorgrad.pool.softLimitBytes", 8L << 30);
    /** Live bytes below which the GC is never nudged. */
    private static final long MIN_NUDGE = Long.getLong("vectorgrad.pool.minNudgeBytes", 256L << 20);
    /** Live bytes right after the last nudge: the next one comes when live bytes have doubled since. */
    private static volatile long liveAfterNudge;
    private static final java.util.concurrent.atomic.AtomicBoolean NUDGING = new java.util.concurrent.atomic.AtomicBoolean();

    private static final int CLASSES = 4 * 64;
    @SuppressWarnings("unchecked")
    private static final ArrayDeque<MemorySegment>[] FREE = new ArrayDeque[CLASSES];
    private static final AtomicLong LIVE = new AtomicLong();
    private static final AtomicLong POOLED = new AtomicLong();
    private static final AtomicLong ALLOCATED = new AtomicLong();

    static {
        for (int i = 0; i < CLASSES; i++) {
            FREE[i] = new ArrayDeque<>();
        }
    }

    private BufferPool() {
    }

    /** Bytes currently held by arrays that have not been released. */
    public static long liveBytes() {
        return LIVE.get();
    }

    /** Bytes sitting in the pool, ready for reuse. */
    public static long pooledBytes() {
        return POOLED.get();
    }

    /** Bytes ever requested from the operating system (a pool miss). */
    public static long allocatedBytes() {
        return ALLOCATED.get();
    }

    /** Size class index: powers of two split in four steps (x1, x1.25, x1.5, x1.75), min 64 bytes. */
    static int sizeClass(long bytes) {
        long b = Math.max(bytes, ALIGNMENT);
        int log = 63 - Long.numberOfLeadingZeros(b);
        if (log < 2) {
            return 0;
        }
        long base = 1L << log;
        long quarter = base >>> 2;
        long step = (b - base + quarter - 1) / quarter;
        return log * 4 + (int) step;
    }

    static long classBytes(int sizeClass) {
        int log = sizeClass / 4;
        int step = sizeClass % 4;
        long base = 1L << log;
        return base + step * (base >>> 2);
    }

    /**
     * Hands out a whole size-class buffer of at least {@code bytes}; its content is unspecified (not zeroed).
     * Callers slice it to the size they asked for and give the whole buffer back to {@link #release}.
     */
    static MemorySegment acquire(long bytes) {
        int sc = sizeClass(bytes);
        long size = classBytes(sc);
        long live = LIVE.get() + size;
        long floor = liveAfterNudge;
        if (live < floor) {
            // the Cleaners may still be returning buffers after the nudge stopped waiting for them (a loaded
            // machine): the level to double from is the lowest seen since, or the bound would ratchet up
            liveAfterNudge = live;
            floor = live;
        }
        if (live > Math.min(SOFT_LIMIT, Math.max(MIN_NUDGE, 2 * floor))) {
            reclaimForgotten();
        }
        MemorySegment segment;
        ArrayDeque<MemorySegment> free = FREE[sc];
        synchronized (free) {
            segment = free.pollLast();
        }
        if (segment != null) {
            POOLED.addAndGet(-size);
        } else {
            segment = Arena.ofAuto().allocate(size, ALIGNMENT);
            ALLOCATED.addAndGet(size);
        }
        LIVE.addAndGet(size);
        return segment;
    }

    /** Returns a whole buffer obtained from {@link #acquire(long)}; the caller must never touch it again. */
    static void release(MemorySegment whole) {
        int sc = sizeClass(whole.byteSize());
        long size = classBytes(sc);
        LIVE.addAndGet(-size);
        if (POOLED.get() + size > MAX_POOLED_BYTES) {
            return; // dropped: the GC frees it with its automatic arena
        }
        ArrayDeque<MemorySegment> free = FREE[sc];
        synchronized (free) {
            free.addLast(whole);
        }
        POOLED.addAndGet(size);
    }

    /**
     * Like NIO's direct buffers: when arrays are left to the GC (a loop without scopes), live bytes grow until
     * this asks the GC to find the unreachable ones, whose Cleaners return them to the pool. Triggered when live
     * bytes double since the last time (and above {@link #MIN_NUDGE}), so such a loop's memory stays bounded.
     */
    private static void reclaimForgotten() {
        if (!NUDGING.compareAndSet(false, true)) {
            return;
        }
        try {
            long before = LIVE.get();
            System.gc();
            for (int i = 0; i < 6 && LIVE.get() >= before; i++) {
                try {
                    Thread.sleep(1L << i);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            liveAfterNudge = LIVE.get();
        } finally {
            NUDGING.set(false);
        }
    }
}
