package org.vectorgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.BufferPool;
import org.vectorgrad.engine.DType;
import org.vectorgrad.engine.Generator;
import org.vectorgrad.engine.MemoryScope;
import org.vectorgrad.nn.CrossEntropyLoss;
import org.vectorgrad.nn.Linear;
import org.vectorgrad.nn.ReLU;
import org.vectorgrad.nn.Sequential;
import org.vectorgrad.optim.SGD;

/**
 * The README's training loop, one {@link MemoryScope} per step, run for 10,000 steps: off-heap memory is flat.
 * After warm-up the live bytes are the same at every sample, and the pool never has to ask the system for more.
 */
class TrainingLoopMemoryTest {
    @Test
    void tenThousandStepsKeepLiveAndAllocatedBytesFlat() {
        Generator g = new Generator(3);
        // the data set lives outside every scope, as a loaded data set does; each step takes a slice of it
        Tensor inputs = Tensor.randn(g, DType.FLOAT32, 256, 20);
        Tensor labels = Tensor.randint(0, 4, 256);
        Sequential model = new Sequential(new Linear(20, 32, true, g), new ReLU(), new Linear(32, 4, true, g));
        CrossEntropyLoss lossFn = new CrossEntropyLoss();
        SGD optimizer = new SGD(model.parameters(), new SGD.Options().lr(0.05).momentum(0.9));
        PoolSettling.settle();

        long liveAt100 = -1;
        long allocatedAt100 = -1;
        long liveAt2000 = -1;
        double first = Double.NaN;
        double last = Double.NaN;
        for (int step = 1; step <= 10_000; step++) {
            int offset = (step * 32) % 256;
            try (MemoryScope scope = MemoryScope.open()) {
                Tensor x = inputs.narrow(0, offset, 32);
                Tensor y = labels.narrow(0, offset, 32);
                optimizer.zeroGrad();
                Tensor loss = lossFn.forward(model.forward(x), y);
                loss.backward();
                optimizer.step();
                last = loss.item();
                first = step == 1 ? last : first;
            }
            if (step == 100) {
                liveAt100 = BufferPool.liveBytes();
                allocatedAt100 = BufferPool.allocatedBytes();
            } else if (step == 2_000) {
                liveAt2000 = BufferPool.liveBytes();
            }
        }
        assertEquals(liveAt100, liveAt2000, "live off-heap bytes after step 100 and after step 2,000");
        assertEquals(liveAt100, BufferPool.liveBytes(), "live off-heap bytes after step 100 and after step 10,000");
        assertEquals(allocatedAt100, BufferPool.allocatedBytes(), "the pool allocated after step 100");
        assertTrue(last < first, "the loss went down: " + first + " -> " + last);
        inputs.close();
        labels.close();
    }
}
