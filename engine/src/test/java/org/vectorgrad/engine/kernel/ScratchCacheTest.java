package org.vectorgrad.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Per-thread reuse of working arrays: same key, same arrays; other threads and evicted shapes, new ones. */
class ScratchCacheTest {
    private final ScratchCache<Integer, float[]> cache = new ScratchCache<>(n -> new float[n]);

    @Test
    void aThreadGetsItsArraysBackForTheSameKey() {
        float[] first = cache.get(8);
        assertSame(first, cache.get(8));
        assertNotSame(first, cache.get(9));
        assertSame(first, cache.get(8));
    }

    @Test
    void anotherThreadNeverSharesThem() throws InterruptedException {
        float[] mine = cache.get(8);
        AtomicReference<float[]> theirs = new AtomicReference<>();
        Thread other = new Thread(() -> theirs.set(cache.get(8)));
        other.start();
        other.join();
        assertNotSame(mine, theirs.get());
        assertSame(mine, cache.get(8));
    }

    @Test
    void theLeastRecentlyUsedShapeMakesRoom() {
        float[] first = cache.get(1);
        for (int key = 2; key <= ScratchCache.ENTRIES; key++) {
            cache.get(key);
        }
        assertSame(first, cache.get(1)); // still among the kept ones, now the most recent
        for (int key = 100; key < 100 + ScratchCache.ENTRIES; key++) {
            cache.get(key);
        }
        assertNotSame(first, cache.get(1));
    }
}
