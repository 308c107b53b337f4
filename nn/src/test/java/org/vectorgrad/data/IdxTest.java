package org.vectorgrad.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.DType;

/** IDX files written by the test itself (the real MNIST files are not available to tests). */
class IdxTest {
    @TempDir
    Path dir;

    /** An IDX file: {@code 0 0 type ndims}, big-endian sizes, data. */
    static byte[] idx(int type, int[] dims, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(0);
        out.write(type);
        out.write(dims.length);
        for (int d : dims) {
            out.write(d >>> 24);
            out.write(d >>> 16);
            out.write(d >>> 8);
            out.write(d);
        }
        out.writeBytes(data);
        return out.toByteArray();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    static byte[] ramp(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 37 + 11);
        }
        return b;
    }

    Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void imagesAndLabelsRawAndGzipped() throws IOException {
        byte[] pixels = ramp(2 * 3 * 4);
        byte[] file = idx(0x08, new int[]{2, 3, 4}, pixels);
        for (Path p : new Path[]{write("images", file), write("images.gz", gzip(file)), write("gz-named-plain.gz", file)}) {
            Tensor t = Idx.readImages(p);
            assertEquals(DType.FLOAT32, t.dtype());
            assertArrayEquals(new int[]{2, 3, 4}, t.shape());
            float[] v = t.toFloatArray();
            for (int i = 0; i < pixels.length; i++) {
                assertEquals((pixels[i] & 0xff) / 255f, v[i], 0f);
            }
            assertArrayEquals(new int[]{2, 1, 3, 4}, Idx.readImages(p, true).shape());
        }
        Path labels = write("labels.gz", gzip(idx(0x08, new int[]{5}, new byte[]{0, 9, 3, (byte) 255, 7})));
        Tensor y = Idx.readLabels(labels);
        assertEquals(DType.INT64, y.dtype());
        assertArrayEquals(new long[]{0, 9, 3, 255, 7}, y.toLongArray());
    }

    @Test
    void emptyFilesOfZeroImagesAreFine() throws IOException {
        assertArrayEquals(new int[]{0, 28, 28}, Idx.readImages(write("e", idx(0x08, new int[]{0, 28, 28}, new byte[0]))).shape());
    }

    @Test
    void mnistDirectory() throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(idx(0x08, new int[]{3, 28, 28}, ramp(3 * 784))));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), idx(0x08, new int[]{3}, new byte[]{5, 0, 4}));
        TensorDataset train = Idx.mnist(dir, true);
        assertEquals(3, train.size());
        assertArrayEquals(new int[]{3, 1, 28, 28}, train.tensors().get(0).shape());
        assertArrayEquals(new long[]{5, 0, 4}, train.tensors().get(1).toLongArray());
        assertThrows(java.nio.file.NoSuchFileException.class, () -> Idx.mnist(dir, false));

        Files.write(dir.resolve("t10k-images-idx3-ubyte"), idx(0x08, new int[]{2, 28, 28}, ramp(2 * 784)));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), idx(0x08, new int[]{3}, new byte[]{1, 2, 3}));
        var e = assertThrows(IOException.class, () -> Idx.mnist(dir, false));
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte: 3 labels for 2 images"), e.getMessage());
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), idx(0x08, new int[]{3, 28, 27}, ramp(3 * 28 * 27)));
        e = assertThrows(IOException.class, () -> Idx.mnist(dir, false));
        assertTrue(e.getMessage().endsWith("t10k-images-idx3-ubyte: images are 28x27, expected 28x28"), e.getMessage());
    }

    @Test
    void wrongMagicNumbersAreRejected() throws IOException {
        Path labels = write("train-labels", idx(0x08, new int[]{4}, ramp(4)));
        var e = assertThrows(IOException.class, () -> Idx.readImages(labels));
        assertEquals(labels + ": bad magic number 0x00000801: 1 dimensions, expected 3 (images)", e.getMessage());
        Path images = write("train-images", idx(0x08, new int[]{1, 2, 2}, ramp(4)));
        e = assertThrows(IOException.class, () -> Idx.readLabels(images));
        assertEquals(images + ": bad magic number 0x00000803: 3 dimensions, expected 1 (labels)", e.getMessage());
        Path floats = write("floats", idx(0x0D, new int[]{1, 1, 1}, ramp(4)));
        e = assertThrows(IOException.class, () -> Idx.readImages(floats));
        assertEquals(floats + ": bad magic number 0x00000d03: element type 0x0d, expected 0x08 (unsigned byte)",
                e.getMessage());
        Path text = write("text", "hello, world".getBytes());
        e = assertThrows(IOException.class, () -> Idx.readImages(text));
        assertEquals(text + ": bad magic number 0x68656c6c, expected 0x00000803 (not an IDX file)", e.getMessage());
    }

    @Test
    void hugeDimensionsAreRejectedWithoutAllocating() throws IOException {
        byte[] header = idx(0x08, new int[]{-1, -1, -1}, new byte[0]);
        Path p = write("huge", header);
        var e = assertThrows(IOException.class, () -> Idx.readImages(p));
        assertTrue(e.getMessage().contains("are too large"), e.getMessage());
        Path lying = write("lying.gz", gzip(idx(0x08, new int[]{60000, 28, 28}, ramp(10))));
        e = assertThrows(IOException.class, () -> Idx.readImages(lying));
        assertEquals(lying + ": truncated: [60000, 28, 28] needs 47040000 data bytes, the file has 10", e.getMessage());
    }

    @Test
    void everyTruncationIsRejectedNamingTheFile() throws IOException {
        byte[] file = idx(0x08, new int[]{2, 3, 3}, ramp(18));
        byte[] gz = gzip(file);
        for (byte[] whole : new byte[][]{file, gz}) {
            for (int len = 0; len < whole.length; len++) {
                Path p = write("cut" + len + (whole == gz ? ".gz" : ""), Arrays.copyOf(whole, len));
                var e = assertThrows(IOException.class, () -> Idx.readImages(p), "length " + len);
                assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
                assertTrue(e.getMessage().contains("truncated") || whole == gz, e.getMessage());
            }
        }
        Path longer = write("longer", Arrays.copyOf(file, file.length + 1));
        var e = assertThrows(IOException.class, () -> Idx.readImages(longer));
        assertEquals(longer + ": has bytes after the 18 data bytes of [2, 3, 3]", e.getMessage());
    }
}
