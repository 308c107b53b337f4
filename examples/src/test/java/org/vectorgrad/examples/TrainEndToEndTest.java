package org.vectorgrad.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.MemoryScope;
import org.vectorgrad.engine.Parallel;
import org.vectorgrad.io.SafeTensors;

/**
 * The trainer end to end on a synthetic data set in Fashion-MNIST's file format: it learns, prints the anchor's
 * line per epoch, saves checkpoints, resumes bit for bit, and rejects corrupt or incomplete checkpoints.
 */
class TrainEndToEndTest {
    /** {@code mlp epoch 1: 0.1 s, 5000 samples/s, loss 0.412, test acc 84.12%}, as torch_fashion_anchor.py. */
    static final Pattern EPOCH_LINE = Pattern.compile(
            "(?m)^(mlp|cnn) epoch (\\d+): \\d+\\.\\d s, \\d+ samples/s, loss (\\d+\\.\\d{3}), test acc (\\d+\\.\\d{2})%$");

    @TempDir
    static Path shared;
    static Path data;

    @TempDir
    Path tmp;

    @BeforeAll
    static void writeData() throws IOException {
        data = SyntheticFashion.write(shared.resolve("fashion"), 512, 128, 42);
    }

    static Run train(Path checkpoints, String... more) {
        List<String> args = new ArrayList<>(List.of("--data", data.toString(), "--checkpoint", checkpoints.toString(),
                "--limit", "384", "--seed", "7"));
        args.addAll(List.of(more));
        return Run.of(args.toArray(String[]::new));
    }

    static List<double[]> epochLines(String out) {
        List<double[]> lines = new ArrayList<>();
        Matcher m = EPOCH_LINE.matcher(out);
        while (m.find()) {
            lines.add(new double[]{Integer.parseInt(m.group(2)), Double.parseDouble(m.group(3)),
                Double.parseDouble(m.group(4))});
        }
        return lines;
    }

    @Test
    void trainsTwoEpochsAboveChanceAndSavesCheckpoints() {
        Path ck = tmp.resolve("ck");
        Run run = train(ck, "--epochs", "2");
        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().contains("Training mlp on 384 samples"), run::toString);
        assertTrue(run.out().contains("starting from scratch"), run::toString);
        List<double[]> lines = epochLines(run.out());
        assertEquals(2, lines.size(), run::toString);
        assertEquals(1, lines.get(0)[0]);
        assertEquals(2, lines.get(1)[0]);
        assertTrue(lines.get(1)[2] > 50, "test accuracy should be far above chance (10%): " + run);
        for (int epoch = 1; epoch <= 2; epoch++) {
            Path file = ck.resolve(String.format("mlp-epoch-%04d.safetensors", epoch));
            assertTrue(Files.isRegularFile(file), file + " missing");
            assertTrue(Files.isRegularFile(CheckpointStore.sumFile(file)), file + " has no digest file");
        }
    }

    @Test
    void resumedRunEndsBitIdenticalToUninterruptedOne() throws IOException {
        Path straight = tmp.resolve("straight");
        Run full = train(straight, "--epochs", "3");
        assertEquals(0, full.status(), full::toString);

        Path stopped = tmp.resolve("stopped");
        Run first = train(stopped, "--epochs", "1"); // the "kill": the process ends after epoch 1
        assertEquals(0, first.status(), first::toString);
        Run second = train(stopped, "--epochs", "3");
        assertEquals(0, second.status(), second::toString);
        assertTrue(second.out().contains("Resuming from " + stopped.resolve("mlp-epoch-0001.safetensors")),
                second::toString);
        List<double[]> lines = epochLines(second.out());
        assertEquals(List.of(2.0, 3.0), lines.stream().map(l -> l[0]).toList(), second::toString);
        // same printed loss and accuracy for epochs 2 and 3 ...
        assertEquals(epochLines(full.out()).subList(1, 3).stream().map(l -> l[1] + "/" + l[2]).toList(),
                lines.stream().map(l -> l[1] + "/" + l[2]).toList());
        // ... and the same bits in every parameter and momentum buffer
        assertSameTensors(straight.resolve("mlp-epoch-0003.safetensors"), stopped.resolve("mlp-epoch-0003.safetensors"));
    }

    @Test
    void corruptLatestCheckpointIsRejectedAndThePreviousOneUsed() throws IOException {
        Path straight = tmp.resolve("straight");
        assertEquals(0, train(straight, "--epochs", "2").status());
        Path ck = tmp.resolve("ck");
        assertEquals(0, train(ck, "--epochs", "2").status());
        Path latest = ck.resolve("mlp-epoch-0002.safetensors");
        byte[] bytes = Files.readAllBytes(latest);
        bytes[bytes.length - 100] ^= 0x10; // one flipped bit in a tensor: the safetensors header still parses
        Files.write(latest, bytes);

        Run run = train(ck, "--epochs", "2");
        assertEquals(0, run.status(), run::toString);
        assertTrue(run.err().contains("Rejecting checkpoint " + latest + ": it is corrupt (SHA-256"), run::toString);
        assertTrue(run.out().contains("Resuming from " + ck.resolve("mlp-epoch-0001.safetensors")), run::toString);
        assertEquals(List.of(2.0), epochLines(run.out()).stream().map(l -> l[0]).toList(), run::toString);
        // epoch 2 was trained again from epoch 1's checkpoint, exactly as before the corruption
        assertSameTensors(straight.resolve("mlp-epoch-0002.safetensors"), latest);
    }

    @Test
    void incompleteCheckpointsAreIgnoredAndUnusableOnesMeanAFreshStart() throws IOException {
        Path ck = tmp.resolve("ck");
        assertEquals(0, train(ck, "--epochs", "2").status());
        // a kill during a save leaves the temporary file, or a checkpoint without its digest
        Path leftover = ck.resolve(".mlp-epoch-0003.safetensors.1234abcd.tmp");
        Files.write(leftover, new byte[]{1, 2, 3});
        Files.delete(CheckpointStore.sumFile(ck.resolve("mlp-epoch-0002.safetensors")));
        Run run = train(ck, "--epochs", "2");
        assertEquals(0, run.status(), run::toString);
        assertFalse(Files.exists(leftover), "the leftover temporary file is removed");
        assertTrue(run.err().contains("mlp-epoch-0002.safetensors: no mlp-epoch-0002.safetensors.sha256 next to it"),
                run::toString);
        assertTrue(run.out().contains("Resuming from " + ck.resolve("mlp-epoch-0001.safetensors")), run::toString);

        // now every checkpoint is damaged: the run says so and starts from scratch
        for (int epoch = 1; epoch <= 2; epoch++) {
            Files.writeString(CheckpointStore.sumFile(ck.resolve(String.format("mlp-epoch-%04d.safetensors", epoch))),
                    "0".repeat(64) + "  x\n");
        }
        Run fresh = train(ck, "--epochs", "1");
        assertEquals(0, fresh.status(), fresh::toString);
        assertTrue(fresh.err().contains("mlp-epoch-0001.safetensors: it is corrupt"), fresh::toString);
        assertTrue(fresh.out().contains("No usable checkpoint in " + ck + ": starting from scratch."), fresh::toString);
        assertEquals(List.of(1.0), epochLines(fresh.out()).stream().map(l -> l[0]).toList(), fresh::toString);
    }

    @Test
    void finishedRunOnlyEvaluatesAndCnnRecipeTrains() {
        int threads = Parallel.threads();
        try {
            Path ck = tmp.resolve("cnn");
            Run run = train(ck, "--model", "cnn", "--epochs", "1", "--limit", "64", "--threads", "1");
            assertEquals(0, run.status(), run::toString);
            assertTrue(run.out().contains("Training cnn on 64 samples"), run::toString);
            assertTrue(run.out().contains("Adam lr 0.001, threads 1;"), run::toString);
            assertEquals(1, epochLines(run.out()).size(), run::toString);
            assertTrue(Files.isRegularFile(ck.resolve("cnn-epoch-0001.safetensors")));

            Run again = train(ck, "--model", "cnn", "--epochs", "1", "--limit", "64");
            assertEquals(0, again.status(), again::toString);
            assertTrue(again.out().contains("nothing to train. Test acc"), again::toString);
            assertTrue(epochLines(again.out()).isEmpty(), again::toString);
        } finally {
            Parallel.setThreads(threads);
        }
    }

    @Test
    void trainerMemoryIsFlatFromEpochToEpoch() throws IOException {
        // the prefetching DataLoader, evaluation and checkpointing included: after the first epochs have seen every
        // buffer size, an epoch leaves live bytes as they were
        TrainOptions o = TrainOptions.parse("--data", data.toString(), "--checkpoint", tmp.resolve("ck").toString(),
                "--limit", "320", "--epochs", "5");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        PoolSettling.settle();
        List<Trainer.EpochResult> epochs = Trainer.run(o, quiet, quiet).epochs();
        assertEquals(5, epochs.size());
        for (int e = 3; e < 5; e++) {
            assertEquals(epochs.get(2).liveBytes(), epochs.get(e).liveBytes(), "live bytes after epoch " + (e + 1));
        }
        // the prefetching loader may build a batch before or after a step's temporaries peak (thread timing), so
        // the pool's high-water mark may rise once by one batch (128 images of 784 floats and their labels)
        long oneBatch = 128 * 784 * 4 + 128 * 8;
        long extra = epochs.get(4).allocatedBytes() - epochs.get(2).allocatedBytes();
        assertTrue(extra <= oneBatch, "the pool allocated " + extra + " bytes after epoch 3");
    }

    @Test
    void missingDataSaysHowToGetIt() {
        Run run = Run.of("--data", tmp.resolve("nowhere").toString(), "--checkpoint", tmp.resolve("ck").toString());
        assertEquals(2, run.status(), run::toString);
        assertTrue(run.err().contains("Fashion-MNIST not found: the directory " + tmp.resolve("nowhere")), run::toString);
        assertTrue(run.err().contains("apt-get install dataset-fashion-mnist"), run::toString);
        assertTrue(run.err().contains("--data DIR"), run::toString);
        assertFalse(Files.exists(tmp.resolve("ck")), "nothing is written without data");
    }

    @Test
    void helpAndBadOptions() {
        Run help = Run.of("--help");
        assertEquals(0, help.status());
        assertTrue(help.out().startsWith("Usage: ./train [options]"), help::toString);
        Run bad = Run.of("--epochs", "zero");
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("option --epochs expects an integer, got 'zero'"), bad::toString);
        Run unknown = Run.of("--bogus");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().contains("unknown option '--bogus'"), unknown::toString);
    }

    /** Same tensor names, dtypes, shapes and bits in two checkpoint files (model and optimizer state). */
    static void assertSameTensors(Path expected, Path actual) throws IOException {
        try (MemoryScope scope = MemoryScope.open()) {
            Map<String, Tensor> a = SafeTensors.load(expected);
            Map<String, Tensor> b = SafeTensors.load(actual);
            assertEquals(a.keySet(), b.keySet());
            for (String k : a.keySet()) {
                assertEquals(a.get(k).dtype(), b.get(k).dtype(), k);
                assertArrayEquals(a.get(k).shape(), b.get(k).shape(), k);
                assertArrayEquals(bits(a.get(k)), bits(b.get(k)), k);
            }
        }
    }

    private static long[] bits(Tensor t) {
        return java.util.Arrays.stream(t.toDoubleArray()).mapToLong(Double::doubleToRawLongBits).toArray();
    }
}
