package org.vectorgrad.examples;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a tiny data set in Fashion-MNIST's exact file format (gzipped IDX, 28x28 unsigned bytes) whose classes are
 * easy to learn: class {@code c} has a bright 6x6 square at one of ten places, on uniform noise.
 */
final class SyntheticFashion {
    private SyntheticFashion() {
    }

    /** Writes {@code train} training and {@code test} test samples into {@code dir}; returns {@code dir}. */
    static Path write(Path dir, int train, int test, long seed) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(seed);
        writeSplit(dir, "train", train, random);
        writeSplit(dir, "t10k", test, random);
        return dir;
    }

    private static void writeSplit(Path dir, String prefix, int n, Random random) throws IOException {
        byte[] labels = new byte[n];
        byte[] images = new byte[n * 28 * 28];
        for (int i = 0; i < n; i++) {
            int c = random.nextInt(10);
            labels[i] = (byte) c;
            int top = 1 + (c / 4) * 9;
            int left = 1 + (c % 4) * 7;
            for (int r = 0; r < 28; r++) {
                for (int col = 0; col < 28; col++) {
                    boolean inside = r >= top && r < top + 6 && col >= left && col < left + 6;
                    images[i * 784 + r * 28 + col] = (byte) ((inside ? 180 : 0) + random.nextInt(60));
                }
            }
        }
        try (DataOutputStream out = gz(dir.resolve(prefix + "-images-idx3-ubyte.gz"))) {
            out.writeInt(0x00000803);
            out.writeInt(n);
            out.writeInt(28);
            out.writeInt(28);
            out.write(images);
        }
        try (DataOutputStream out = gz(dir.resolve(prefix + "-labels-idx1-ubyte.gz"))) {
            out.writeInt(0x00000801);
            out.writeInt(n);
            out.write(labels);
        }
    }

    private static DataOutputStream gz(Path file) throws IOException {
        OutputStream raw = Files.newOutputStream(file);
        return new DataOutputStream(new GZIPOutputStream(raw));
    }
}
