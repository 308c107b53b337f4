package org.vectorgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.Generator;
import org.vectorgrad.nn.Linear;
import org.vectorgrad.optim.SGD;

/** Naming, digests, pruning and the choice of checkpoint to resume from. */
class CheckpointStoreTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream info = new ByteArrayOutputStream();
    private final ByteArrayOutputStream warn = new ByteArrayOutputStream();

    private CheckpointStore.Resumed resume(CheckpointStore store, Linear model, SGD optimizer) throws IOException {
        return store.resume(model, optimizer, new PrintStream(info, true, StandardCharsets.UTF_8),
                new PrintStream(warn, true, StandardCharsets.UTF_8));
    }

    @Test
    void keepsTheMostRecentAndResumesFromTheNewest() throws IOException {
        Linear model = new Linear(3, 2, true, new Generator(1));
        SGD optimizer = new SGD(model.parameters(), new SGD.Options().lr(0.1));
        CheckpointStore store = new CheckpointStore(dir, "mlp", 2);
        for (int epoch = 1; epoch <= 4; epoch++) {
            try (var g = Tensor.noGrad()) {
                model.weight.mul_(0).add_(epoch);
            }
            store.save(epoch, model, optimizer, Map.of("epoch", Integer.toString(epoch)));
        }
        assertEquals(List.of(3, 4), store.epochs());
        assertEquals(List.of("mlp-epoch-0003.safetensors", "mlp-epoch-0003.safetensors.sha256",
                "mlp-epoch-0004.safetensors", "mlp-epoch-0004.safetensors.sha256"), listing());
        String digest = Files.readString(CheckpointStore.sumFile(store.file(4)));
        assertEquals(CheckpointStore.sha256(store.file(4)) + "  mlp-epoch-0004.safetensors\n", digest,
                "the digest file is in sha256sum's format");

        Linear fresh = new Linear(3, 2, true, new Generator(2));
        CheckpointStore.Resumed r = resume(store, fresh, new SGD(fresh.parameters(), new SGD.Options().lr(0.1)));
        assertEquals(4, r.epoch());
        assertEquals(4.0, fresh.weight.toDoubleArray()[0]);
    }

    @Test
    void aCheckpointWhoseMetadataContradictsItsNameIsRejected() throws IOException {
        Linear model = new Linear(3, 2, true, new Generator(1));
        SGD optimizer = new SGD(model.parameters(), new SGD.Options().lr(0.1));
        CheckpointStore store = new CheckpointStore(dir, "mlp", 3);
        store.save(1, model, optimizer, Map.of("epoch", "1"));
        store.save(2, model, optimizer, Map.of("epoch", "7"));
        CheckpointStore.Resumed r = resume(store, model, optimizer);
        assertEquals(1, r.epoch());
        assertTrue(warn.toString(StandardCharsets.UTF_8).contains("its metadata says epoch 7, its name says 2"),
                warn::toString);
    }

    @Test
    void aCheckpointOfAnotherShapeIsRejectedWithTheLoadersMessage() throws IOException {
        Linear model = new Linear(3, 2, true, new Generator(1));
        new CheckpointStore(dir, "mlp", 3).save(1, model, new SGD(model.parameters(), new SGD.Options().lr(0.1)),
                Map.of("epoch", "1"));
        Linear other = new Linear(4, 2, true, new Generator(1));
        CheckpointStore.Resumed r = resume(new CheckpointStore(dir, "mlp", 3), other,
                new SGD(other.parameters(), new SGD.Options().lr(0.1)));
        assertNull(r);
        assertTrue(warn.toString(StandardCharsets.UTF_8).contains("it does not load: "), warn::toString);
        assertTrue(warn.toString(StandardCharsets.UTF_8).contains("size mismatch for weight"), warn::toString);
        assertTrue(info.toString(StandardCharsets.UTF_8).contains("No usable checkpoint"), info::toString);
    }

    @Test
    void noDirectoryMeansAFreshStart() throws IOException {
        Linear model = new Linear(3, 2, true, new Generator(1));
        CheckpointStore store = new CheckpointStore(dir.resolve("absent"), "mlp", 3);
        assertNull(resume(store, model, new SGD(model.parameters(), new SGD.Options().lr(0.1))));
        assertTrue(info.toString(StandardCharsets.UTF_8).contains("No checkpoint in"), info::toString);
        assertEquals(List.of(), store.epochs());
    }

    private List<String> listing() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
