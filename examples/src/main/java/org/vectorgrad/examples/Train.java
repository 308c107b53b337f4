package org.vectorgrad.examples;

import java.io.IOException;
import java.io.PrintStream;

/**
 * The command-line trainer: {@code ./train [--model mlp|cnn] [--epochs N] [--data DIR] [--checkpoint DIR] ...}
 * (see {@link TrainOptions#USAGE}). Exit status 0 on success, 2 for a usage error or missing data, 1 for any
 * other failure.
 */
public final class Train {
    private Train() {
    }

    /** Runs the trainer and exits with its status when that is not 0. */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        System.out.flush();
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Parses {@code args} and trains; returns the exit status instead of exiting, so tests can call it. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        TrainOptions options;
        try {
            options = TrainOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("train: " + e.getMessage());
            err.println("Try './train --help' for the options.");
            return 2;
        }
        if (options.help()) {
            out.print(TrainOptions.USAGE);
            return 0;
        }
        try {
            Trainer.run(options, out, err);
            return 0;
        } catch (Trainer.MissingDataException e) {
            err.println(e.getMessage());
            return 2;
        } catch (IOException | RuntimeException e) {
            err.println("train: failed: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }
}
