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
    @Test
    void liveBytesStayFlatAcrossSteps() {
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
        try (var loader = DataLoader.builder(data).batchSize(16).shuffle(true).generator(new Generator(1)).build()) {
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
        assertEquals(allocated, BufferPool.allocatedBytes(), "the pool had to allocate after warm-up");
        assertTrue(last < first, "the loss went down: " + first + " -> " + last);
    }
}
