package org.vectorgrad.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.DType;
import org.vectorgrad.engine.Generator;
import org.vectorgrad.engine.MemoryScope;
import org.vectorgrad.nn.Linear;
import org.vectorgrad.nn.Parameter;
import org.vectorgrad.nn.Sequential;
import org.vectorgrad.optim.Adam;
import org.vectorgrad.optim.CosineAnnealingLR;
import org.vectorgrad.optim.LRScheduler;
import org.vectorgrad.optim.OneCycleLR;
import org.vectorgrad.optim.Optimizer;
import org.vectorgrad.optim.SGD;

/** A run resumed from a checkpoint continues bit for bit as the uninterrupted run. */
class CheckpointsTest {
    @TempDir
    Path dir;

    /** Model, optimizer and scheduler built the same way every time. */
    record Run(Sequential model, Optimizer optimizer, LRScheduler scheduler) {
        static Run create(Function<List<Parameter>, Optimizer> makeOptimizer,
                Function<Optimizer, LRScheduler> makeScheduler) {
            Generator g = new Generator(11);
            Sequential model = new Sequential(new Linear(3, 4, true, g), new Linear(4, 2, true, g));
            model.to(DType.FLOAT64);
            Optimizer opt = makeOptimizer.apply(model.parameters());
            return new Run(model, opt, makeScheduler.apply(opt));
        }

        void train(int steps, int from) {
            for (int s = from; s < from + steps; s++) {
                try (MemoryScope scope = MemoryScope.open()) {
                    Generator data = new Generator(1000 + s);
                    Tensor x = Tensor.randn(data, DType.FLOAT64, 5, 3);
                    Tensor y = Tensor.randn(data, DType.FLOAT64, 5, 2);
                    optimizer.zeroGrad();
                    model.forward(x).sub(y).pow(2).mean().backward();
                    optimizer.step();
                    scheduler.step();
                }
            }
        }

        List<double[]> weights() {
            List<double[]> out = new ArrayList<>();
            for (Parameter p : model.parameters()) {
                out.add(p.toDoubleArray());
            }
            return out;
        }
    }

    void assertResumesExactly(Function<List<Parameter>, Optimizer> makeOptimizer,
            Function<Optimizer, LRScheduler> makeScheduler) throws IOException {
        Run straight = Run.create(makeOptimizer, makeScheduler);
        straight.train(10, 0);

        Run first = Run.create(makeOptimizer, makeScheduler);
        first.train(4, 0);
        Path file = dir.resolve("ckpt.safetensors");
        Checkpoints.save(file, first.model(), first.optimizer(), first.scheduler(), Map.of("epoch", "4"));

        Run resumed = Run.create(makeOptimizer, makeScheduler);
        Map<String, String> extra = Checkpoints.load(file, resumed.model(), resumed.optimizer(), resumed.scheduler());
        assertEquals(Map.of("epoch", "4"), extra);
        resumed.train(6, 4);
        List<double[]> a = straight.weights();
        List<double[]> b = resumed.weights();
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), 0.0, "parameter " + i);
        }
        assertEquals(straight.scheduler().getLastLr(), resumed.scheduler().getLastLr());
    }

    @Test
    void adamWithCosineAnnealingResumesExactly() throws IOException {
        assertResumesExactly(ps -> new Adam(ps, new Adam.Options().lr(0.01).amsgrad(true)),
                opt -> new CosineAnnealingLR(opt, 7, 0.001));
    }

    @Test
    void sgdWithOneCycleResumesExactly() throws IOException {
        assertResumesExactly(ps -> new SGD(ps, new SGD.Options().lr(0.05).momentum(0.9).nesterov(true)),
                opt -> new OneCycleLR(opt, new OneCycleLR.Options(0.1).totalSteps(12)));
    }

    @Test
    void aCheckpointThatDoesNotFitChangesNothing() throws IOException {
        Run run = Run.create(ps -> new Adam(ps, new Adam.Options()), opt -> new CosineAnnealingLR(opt, 5));
        run.train(2, 0);
        Path file = dir.resolve("ckpt.safetensors");
        Checkpoints.save(file, run.model(), run.optimizer(), run.scheduler(), null);

        Generator g = new Generator(3);
        Sequential other = new Sequential(new Linear(3, 4, true, g), new Linear(4, 3, true, g));
        List<double[]> before = new ArrayList<>();
        other.parameters().forEach(p -> before.add(p.toDoubleArray()));
        var e = assertThrows(IllegalArgumentException.class, () -> Checkpoints.load(file, other, null, null));
        assertTrue(e.getMessage().contains("size mismatch for 1.weight: [2, 4] in the checkpoint, [3, 4] in the model"),
                e.getMessage());
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i), other.parameters().get(i).toDoubleArray(), 0.0);
        }

        Run sgd = Run.create(ps -> new SGD(ps, 0.1), opt -> new CosineAnnealingLR(opt, 5));
        double lr = sgd.optimizer().paramGroups().getFirst().lr();
        e = assertThrows(IllegalArgumentException.class,
                () -> Checkpoints.load(file, sgd.model(), sgd.optimizer(), sgd.scheduler()));
        assertTrue(e.getMessage().endsWith("the checkpoint holds the state of Adam, not of SGD"), e.getMessage());
        assertEquals(lr, sgd.optimizer().paramGroups().getFirst().lr());
        assertEquals(0, sgd.scheduler().lastEpoch());

        Path plain = dir.resolve("plain.safetensors");
        SafeTensors.save(run.model().stateDict(), plain);
        e = assertThrows(IllegalArgumentException.class, () -> Checkpoints.load(plain, run.model(), null, null));
        assertEquals(plain + ": not a vectorgrad checkpoint (no 'vectorgrad.checkpoint' metadata)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Checkpoints.save(plain, run.model(), null, null,
                Map.of("vectorgrad.format", "x")));
    }
}
