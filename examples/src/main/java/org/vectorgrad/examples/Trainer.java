package org.vectorgrad.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.data.Batch;
import org.vectorgrad.data.DataLoader;
import org.vectorgrad.data.Dataset;
import org.vectorgrad.data.Idx;
import org.vectorgrad.data.Subset;
import org.vectorgrad.data.TensorDataset;
import org.vectorgrad.engine.BufferPool;
import org.vectorgrad.engine.Generator;
import org.vectorgrad.engine.MemoryScope;
import org.vectorgrad.engine.Parallel;
import org.vectorgrad.nn.CrossEntropyLoss;
import org.vectorgrad.nn.Layer;
import org.vectorgrad.nn.Loss;
import org.vectorgrad.optim.Optimizer;

/**
 * One Fashion-MNIST training run as {@code ./train} performs it: load the IDX files, build the recipe's model and
 * optimizer, resume from the last good checkpoint, then per epoch train (each step in its own
 * {@link MemoryScope}, so off-heap memory stays flat), evaluate on the test set, print one line in the format of
 * {@code torch_fashion_anchor.py} and save a checkpoint.
 *
 * <p>Randomness: the initial weights come from {@code Generator(seed)}; epoch {@code e}'s shuffle comes from a
 * generator seeded with a hash of {@code (seed, e)}. After initialisation that shuffle is the run's only random
 * stream, so its whole state at an epoch boundary is {@code (seed, epoch)}, both saved in every checkpoint: a run
 * resumed after epoch {@code k} draws the same batches, and ends with bit-identical parameters, as one that never
 * stopped. (The engine's {@link Generator} does not expose its internal state, which makes this the exact way.)
 */
public final class Trainer {
    /** Samples per forward pass when measuring test accuracy (bounds the memory of the CNN's activations). */
    static final int EVAL_BATCH = 1000;

    /**
     * The figures of one epoch, as printed, and the engine's off-heap {@link BufferPool#liveBytes()} and
     * {@link BufferPool#allocatedBytes()} once its checkpoint is saved (flat from epoch to epoch).
     */
    public record EpochResult(int epoch, double seconds, double samplesPerSecond, double loss, double testAccuracy,
            long liveBytes, long allocatedBytes) {
    }

    /**
     * What a run did: the epochs already done in the checkpoint it resumed from (0 when it started fresh) and one
     * result per epoch it trained.
     */
    public record Result(int resumedEpoch, List<EpochResult> epochs) {
    }

    /** The data directory or its files are missing; the message says how to get them. */
    public static final class MissingDataException extends IOException {
        private static final long serialVersionUID = 1L;

        MissingDataException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Trainer() {
    }

    /**
     * Runs training as configured by {@code o}, printing progress on {@code out} and warnings (rejected
     * checkpoints, settings that differ from the checkpoint's) on {@code err}. Sets the engine's thread count when
     * {@code o.threads() > 0}. Throws {@link MissingDataException} before touching any checkpoint when the data is
     * not there.
     */
    public static Result run(TrainOptions o, PrintStream out, PrintStream err) throws IOException {
        TensorDataset fullTrain = load(o.data(), true);
        TensorDataset test = null;
        try {
            test = load(o.data(), false);
            if (o.threads() > 0) {
                Parallel.setThreads(o.threads());
            }
            Dataset<List<Tensor>> train = fullTrain;
            if (o.limit() > 0 && o.limit() < fullTrain.size()) {
                int[] first = new int[o.limit()];
                for (int i = 0; i < first.length; i++) {
                    first[i] = i;
                }
                train = new Subset<>(fullTrain, first);
            }
            return train(o, train, test, out, err);
        } finally {
            // 220 MB off-heap for the full data set: give it back now rather than when the GC notices
            fullTrain.tensors().forEach(Tensor::close);
            if (test != null) {
                test.tensors().forEach(Tensor::close);
            }
        }
    }

    private static Result train(TrainOptions o, Dataset<List<Tensor>> train, TensorDataset test, PrintStream out,
            PrintStream err) throws IOException {
        Recipe recipe = o.recipe();
        out.printf(Locale.ROOT, "Training %s on %d samples of %s (test: %d), batch %d, %s, threads %d; "
                        + "checkpoints in %s%n", recipe.cliName(), train.size(), o.data(), test.size(),
                recipe.batchSize(), recipe.optimizerDescription(), Parallel.threads(), o.checkpoints());
        Layer model = recipe.model(new Generator(o.seed()));
        Optimizer optimizer = recipe.optimizer(model);
        CheckpointStore store = new CheckpointStore(o.checkpoints(), recipe.cliName(), o.keep());
        CheckpointStore.Resumed resumed = store.resume(model, optimizer, out, err);
        long seed = o.seed();
        int done = 0;
        if (resumed == null) {
            // a rejected checkpoint may have been loaded before it was rejected: start from the true beginning, and
            // give the discarded weights back now rather than when the GC notices
            model.parameters().forEach(Tensor::close);
            model.namedBuffers().values().forEach(Tensor::close);
            model = recipe.model(new Generator(o.seed()));
            optimizer = recipe.optimizer(model);
        } else {
            done = resumed.epoch();
            seed = checkSettings(o, resumed.metadata(), train.size(), err);
        }
        Loss lossFn = new CrossEntropyLoss();
        List<EpochResult> results = new ArrayList<>();
        if (done >= o.epochs()) {
            out.printf(Locale.ROOT, "The checkpoint has %d epochs, --epochs is %d: nothing to train. Test acc %.2f%%%n",
                    done, o.epochs(), 100 * evaluate(model, test));
            return new Result(done, results);
        }
        Generator order = new Generator(0);
        try (DataLoader<List<Tensor>> loader = DataLoader.builder(train).batchSize(recipe.batchSize()).shuffle(true)
                .generator(order).build()) {
            for (int epoch = done + 1; epoch <= o.epochs(); epoch++) {
                order.manualSeed(epochSeed(seed, epoch)); // the loader draws the epoch's order from it right now
                long t0 = System.nanoTime();
                double loss = trainEpoch(loader, model, optimizer, lossFn);
                double seconds = (System.nanoTime() - t0) / 1e9;
                double accuracy = evaluate(model, test);
                double rate = train.size() / seconds;
                out.printf(Locale.ROOT, "%s epoch %d: %.1f s, %.0f samples/s, loss %.3f, test acc %.2f%%%n",
                        recipe.cliName(), epoch, seconds, rate, loss, 100 * accuracy);
                store.save(epoch, model, optimizer, metadata(recipe, epoch, seed, o.limit(), train.size(), loss,
                        accuracy));
                results.add(new EpochResult(epoch, seconds, rate, loss, accuracy, BufferPool.liveBytes(),
                        BufferPool.allocatedBytes()));
            }
        }
        return new Result(done, results);
    }

    /**
     * One pass over the loader; returns the loss of the last batch (what the anchor prints). Each step is one
     * memory scope: the batch, activations, the graph's saved tensors and temporaries go back to the pool when it
     * closes, while gradients and optimizer state, allocated outside any scope, persist.
     */
    static double trainEpoch(DataLoader<List<Tensor>> loader, Layer model, Optimizer optimizer, Loss lossFn) {
        double last = Double.NaN;
        var batches = loader.iterator();
        while (batches.hasNext()) {
            try (MemoryScope step = MemoryScope.open()) {
                Batch b = batches.next();
                optimizer.zeroGrad();
                Tensor loss = lossFn.forward(model.forward(b.get(0)), b.get(1));
                loss.backward();
                optimizer.step();
                last = loss.item();
            }
        }
        return last;
    }

    /** Fraction of {@code test} classified correctly, in eval mode and without recording a graph. */
    static double evaluate(Layer model, TensorDataset test) {
        Tensor x = test.tensors().get(0);
        Tensor y = test.tensors().get(1);
        int n = x.size(0);
        long correct = 0;
        model.eval();
        try (var noGrad = Tensor.noGrad()) {
            for (int i = 0; i < n; i += EVAL_BATCH) {
                int len = Math.min(EVAL_BATCH, n - i);
                try (MemoryScope scope = MemoryScope.open()) {
                    Tensor predicted = model.forward(x.narrow(0, i, len)).argmax(1, false);
                    correct += (long) predicted.eq(y.narrow(0, i, len)).sum().item();
                }
            }
        } finally {
            model.train();
        }
        return n == 0 ? 0 : (double) correct / n;
    }

    /** The seed of epoch {@code epoch}'s shuffle: SplitMix64's finaliser over the run's seed and the epoch. */
    static long epochSeed(long seed, int epoch) {
        long z = seed + 0x9E3779B97F4A7C15L * (epoch + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static Map<String, String> metadata(Recipe recipe, int epoch, long seed, int limit, int samples,
            double loss, double accuracy) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("epoch", Integer.toString(epoch));
        m.put("model", recipe.cliName());
        // with the epoch, the seed is the state of the shuffling generator (see the class comment)
        m.put("seed", Long.toString(seed));
        m.put("limit", Integer.toString(limit));
        m.put("train_samples", Integer.toString(samples));
        m.put("batch_size", Integer.toString(recipe.batchSize()));
        m.put("loss", Double.toString(loss));
        m.put("test_acc", Double.toString(accuracy));
        return m;
    }

    /**
     * The seed to continue with (the checkpoint's), after warning about settings of this run that differ from
     * the checkpoint's and so make the result differ from an uninterrupted run.
     */
    private static long checkSettings(TrainOptions o, Map<String, String> meta, int samples, PrintStream err) {
        long seed = o.seed();
        try {
            seed = Long.parseLong(meta.getOrDefault("seed", Long.toString(seed)));
        } catch (NumberFormatException e) {
            err.println("Warning: the checkpoint's seed '" + meta.get("seed") + "' is not a number; using " + seed);
        }
        if (o.seedGiven() && seed != o.seed()) {
            err.println("Warning: the checkpoint was trained with --seed " + seed + "; continuing with it, not "
                    + o.seed() + ".");
        }
        String saved = meta.get("train_samples");
        if (saved != null && !saved.equals(Integer.toString(samples))) {
            err.println("Warning: the checkpoint was trained on " + saved + " samples, this run uses " + samples
                    + " (--limit): the result will differ from an uninterrupted run.");
        }
        return seed;
    }

    /** Reads the train or test split; a missing directory or file becomes a {@link MissingDataException}. */
    private static TensorDataset load(Path dir, boolean train) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new MissingDataException(missing(dir, "the directory " + dir + " does not exist"), null);
        }
        try {
            return Idx.mnist(dir, train);
        } catch (NoSuchFileException e) {
            throw new MissingDataException(missing(dir, e.getFile() + " does not exist"), e);
        }
    }

    static String missing(Path dir, String why) {
        return "Fashion-MNIST not found: " + why + ".\n"
                + "Get it with:  sudo apt-get install dataset-fashion-mnist   (installs it in "
                + TrainOptions.DEFAULT_DATA + ")\n"
                + "or pass --data DIR, a directory with train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,\n"
                + "t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz (the files may also be uncompressed).";
    }
}
