package org.vectorgrad.examples;

import org.vectorgrad.engine.BufferPool;

/**
 * Lets the GC's safety net return what earlier tests in this JVM left unreachable, so that its releases do not land
 * in the middle of a memory measurement and look like a change in the measured loop's own memory.
 */
final class PoolSettling {
    private PoolSettling() {
    }

    /** Runs the GC until the pool's live bytes stop changing (at most about a second). */
    static void settle() {
        long previous = -1;
        for (int i = 0; i < 50 && BufferPool.liveBytes() != previous; i++) {
            previous = BufferPool.liveBytes();
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
