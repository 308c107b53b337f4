package org.vectorgrad.examples;

import java.nio.file.Path;
import java.util.Set;

/**
 * The trainer's command line, parsed. {@code epochs} is the total number of epochs of the run (a resumed run
 * trains only the ones still missing); {@code threads} and {@code limit} are 0 when not given.
 *
 * @param recipe      the model, optimizer and batch size ({@code --model})
 * @param epochs      total epochs ({@code --epochs}, default per recipe)
 * @param data        directory of the IDX files ({@code --data})
 * @param checkpoints directory of the checkpoints ({@code --checkpoint})
 * @param seed        seed of the initial weights and of every epoch's shuffle ({@code --seed})
 * @param seedGiven   whether {@code --seed} was on the command line
 * @param threads     threads of the engine's kernels, 0 for the engine's default ({@code --threads})
 * @param limit       train on the first {@code limit} samples only, 0 for all ({@code --limit})
 * @param keep        number of most recent checkpoints kept ({@code --keep})
 * @param help        {@code --help} was given: print {@link #USAGE} and do nothing else
 */
public record TrainOptions(Recipe recipe, int epochs, Path data, Path checkpoints, long seed, boolean seedGiven,
        int threads, int limit, int keep, boolean help) {

    /** Where Debian's {@code dataset-fashion-mnist} package installs the data. */
    public static final Path DEFAULT_DATA = Path.of("/usr/share/datasets/fashion-mnist");

    private static final Set<String> OPTIONS = Set.of("--model", "--epochs", "--data",
            "--checkpoint", "--keep", "--seed", "--threads", "--limit");

    /** What {@code --help} prints. */
    public static final String USAGE = """
            Usage: ./train [options]

            Trains a classifier on Fashion-MNIST, as torch_fashion_anchor.py does, printing per epoch
            seconds, samples/s, loss (of the last batch) and test accuracy. A checkpoint is saved after
            every epoch; a new run resumes from the last good one.

            Options:
              --model mlp|cnn     mlp: 784-256-128-10, SGD lr 0.1 momentum 0.9, batch 128 (default)
                                  cnn: 2 conv + 2 linear layers, Adam lr 1e-3, batch 64
              --epochs N          total number of epochs (default 5 for mlp, 3 for cnn)
              --data DIR          IDX files train-/t10k-images-idx3-ubyte[.gz], -labels-idx1-ubyte[.gz]
                                  (default /usr/share/datasets/fashion-mnist, from
                                  `apt-get install dataset-fashion-mnist`)
              --checkpoint DIR    where checkpoints go and are resumed from (default ./checkpoints)
              --keep N            number of most recent checkpoints to keep (default 3)
              --seed S            seed of the initial weights and of the shuffling (default 0)
              --threads T         threads for the kernels (default: all processors)
              --limit N           train on the first N training samples only (for quick runs)
              -h, --help          print this and exit
            """;

    /**
     * Parses {@code args} ({@code --name value} or {@code --name=value}). Throws IllegalArgumentException with a
     * message naming the offending option.
     */
    public static TrainOptions parse(String... args) {
        Recipe recipe = Recipe.MLP;
        Integer epochs = null;
        Path data = DEFAULT_DATA;
        Path checkpoints = Path.of("checkpoints");
        long seed = 0;
        boolean seedGiven = false;
        int threads = 0;
        int limit = 0;
        int keep = 3;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                help = true;
                continue;
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg;
            String value;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("unknown option '" + name + "'");
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("option " + name + " needs a value");
            }
            switch (name) {
                case "--model" -> recipe = Recipe.of(value);
                case "--epochs" -> epochs = positive(name, value, 0);
                case "--data" -> data = Path.of(value);
                case "--checkpoint" -> checkpoints = Path.of(value);
                case "--keep" -> keep = positive(name, value, 1);
                case "--seed" -> {
                    seed = parseLong(name, value);
                    seedGiven = true;
                }
                case "--threads" -> threads = positive(name, value, 1);
                case "--limit" -> limit = positive(name, value, 1);
                default -> throw new IllegalArgumentException("unknown option '" + name + "'");
            }
        }
        return new TrainOptions(recipe, epochs != null ? epochs : recipe.defaultEpochs(), data, checkpoints, seed,
                seedGiven, threads, limit, keep, help);
    }

    private static int positive(String name, String value, int min) {
        long v = parseLong(name, value);
        if (v < min || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("option " + name + " must be an integer >= " + min + ", got '" + value
                    + "'");
        }
        return (int) v;
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + name + " expects an integer, got '" + value + "'", e);
        }
    }
}
