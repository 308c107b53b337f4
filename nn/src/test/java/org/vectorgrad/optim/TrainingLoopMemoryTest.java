package org.vectorgrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.data.Batch;
import org.vectorgrad.data.DataLoader;
import org.vectorgrad.data.TensorDataset;
import org.vectorgrad.engine.BufferPool;
import org.vectorgrad.engine.DType;
import org.vectorgrad.engine.Generator;
import org.vectorgrad.engine.MemoryScope;
import org.vectorgrad.nn.Linear;
import org.vectorgrad.nn.Sequential;

/**
 * The README's training loop with the loader, optimizer and scheduler of this package keeps off-heap memory flat:
 * batches and temporaries go with each step's scope, gradients are released by zeroGrad and reallocated from the
 * pool, and the optimizer's state is made once.
 */
class TrainingLoopMemoryTest {
    /** Bytes of one batch of 16 (x: 16 x 8 floats, y: 16 x 2 floats), rounded up to the pool's 64-byte minimum. */
    private static final long ONE_BATCH = 16 * 8 * 4 + 128;

    @Test
    void liveBytesStayFlatAcrossSteps() {
        // without prefetch the loop is single-threaded and deterministic: nothing at all is allocated after warm-up
        assertEquals(0, allocatedAfterWarmUp(false), "the pool had to allocate after warm-up");
    }

    @Test
    void prefetchingLoaderNeedsAtMostOneMoreBatch() {
        // with prefetch, whether batch k+1 is built before or after step k's temporaries peak depends on thread
        // timing, so the pool's high-water mark may rise once by one batch; it must not keep growing
        long extra = allocatedAfterWarmUp(true);
        assertTrue(extra <= ONE_BATCH, "the pool allocated " + extra + " bytes after warm-up");
    }

    /** Runs 24 steps and returns the bytes the pool allocated after step 8; asserts live bytes do not grow. */
    private static long allocatedAfterWarmUp(boolean prefetch) {
        Generator g = new Generator(5);
        TensorDataset data = new TensorDataset(Tensor.randn(g, DType.FLOAT32, 64, 8), Tensor.randn(g, DType.FLOAT32, 64, 2));
        Sequential model = new Sequential(new Linear(8, 16, true, g), new Linear(16, 2, true, g));
        AdamW opt = new AdamW(model.parameters(), new AdamW.Options().lr(1e-2));
        CosineAnnealingLR sched = new CosineAnnealingLR(opt, 10);
        long live = -1;
        long allocated = -1;
        int steps = 0;
        double first = Double.NaN;
        double last = Double.NaN;
        try (var loader = DataLoader.builder(data).batchSize(16).shuffle(true).generator(new Generator(1))
                .prefetch(prefetch).build()) {
            for (int epoch = 0; epoch < 6; epoch++) {
                var it = loader.iterator();
                while (it.hasNext()) {
                    try (MemoryScope step = MemoryScope.open()) {
                        Batch b = it.next();
                        opt.zeroGrad();
                        Tensor loss = model.forward(b.get(0)).sub(b.get(1)).pow(2).mean();
                        loss.backward();
                        ClipGrad.clipGradNorm(model.parameters(), 1.0);
                        opt.step();
                        last = loss.item();
                        first = Double.isNaN(first) ? last : first;
                    }
                    sched.step();
                    if (++steps == 8) {
                        // after warm-up (state, scratch, pooled buffers of every size) nothing should grow
                        live = BufferPool.liveBytes();
                        allocated = BufferPool.allocatedBytes();
                    }
                }
            }
        }
        assertEquals(24, steps);
        assertTrue(BufferPool.liveBytes() <= live, "live bytes grew from " + live + " to " + BufferPool.liveBytes());
        assertTrue(last < first, "the loss went down: " + first + " -> " + last);
        return BufferPool.allocatedBytes() - allocated;
    }
}
