package org.vectorgrad.engine;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class MemoryTest {
    @Test
    void tenThousandScopedStepsKeepLiveBytesFlat() {
        NDArray w = MemoryScope.persistent(() -> NDArrays.randn(256, 64));
        try (MemoryScope first = MemoryScope.open()) {
            Binary.apply(BinaryOp.MUL, w, 0.0); // makes this thread's persistent scalar register (64 bytes) once
        }
        long before = BufferPool.liveBytes();
        NDArray total = NDArrays.zeros(256, 64);
        long allocatedAfterWarmup = 0;
        for (int step = 0; step < 10_000; step++) {
            if (step == 100) {
                allocatedAfterWarmup = BufferPool.allocatedBytes();
            }
            try (MemoryScope scope = MemoryScope.open()) {
                NDArray y = Binary.mul(w, w);
                NDArray z = Binary.add(y, total);
                Binary.inPlace(BinaryOp.ADD, total, Binary.apply(BinaryOp.MUL, z, 0.0));
            }
        }
        total.close();
        // Other tests' forgotten arrays may be reclaimed by the GC meanwhile, so live bytes can only fall.
        assertTrue(BufferPool.liveBytes() <= before, "live bytes after 10,000 steps: " + BufferPool.liveBytes()
                + " > " + before);
        assertEquals(allocatedAfterWarmup, BufferPool.allocatedBytes(), "every buffer after warm-up came from the pool");
        w.close();
    }

    @Test
    void aLoopThatNeverClosesStaysBoundedThroughTheGcSafetyNet() {
        NDArray x = NDArrays.ones(256, 1024); // 1 MiB
        long peak = 0;
        for (int step = 0; step < 4096; step++) { // 4 GiB of temporaries, none closed
            Binary.mul(x, x);
            peak = Math.max(peak, BufferPool.liveBytes());
        }
        assertTrue(peak < (1L << 30), "peak live bytes " + peak);
    }

    @Test
    void useAfterCloseThrows() {
        NDArray a = NDArrays.ones(4);
        NDArray v = a.view(2, 2);
        a.close();
        assertEquals(4.0, Reduce0.sum(v), "a view keeps the storage alive");
        var e = assertThrows(IllegalStateException.class, () -> a.getDouble(0));
        assertTrue(e.getMessage().contains("after close"));
        v.close();
        assertThrows(IllegalStateException.class, v::toFloatArray);
    }

    @Test
    void keepMovesAnArrayOutOfTheScope() {
        NDArray kept;
        NDArray dropped;
        try (MemoryScope outer = MemoryScope.open()) {
            try (MemoryScope inner = MemoryScope.open()) {
                kept = NDArrays.ones(3).keep();
                dropped = NDArrays.ones(3);
            }
            assertTrue(dropped.isClosed());
            assertFalse(kept.isClosed());
        }
        assertTrue(kept.isClosed());
    }

    /** Sums through element access, independent of the reduction kernels. */
    private static final class Reduce0 {
        static double sum(NDArray a) {
            double s = 0;
            for (double v : a.toDoubleArray()) {
                s += v;
            }
            return s;
        }
    }
}
