package org.vectorgrad.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.DType;
import org.vectorgrad.engine.NDArray;
import org.vectorgrad.engine.NDArrays;

/** Save and load give back every tensor bit for bit, over all dtypes and shapes, 0-d and 0-size included. */
class SafeTensorsRoundTripTest {
    @TempDir
    Path dir;

    /** A tensor of random bits (NaN payloads and all) of the dtype; bools are 0 or 1. */
    static Tensor randomTensor(Random r, DType type, int[] shape) {
        NDArray a = NDArrays.empty(type, shape);
        byte[] bytes = new byte[(int) a.segment().byteSize()];
        r.nextBytes(bytes);
        if (type == DType.BOOL) {
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] &= 1;
            }
        }
        a.segment().copyFrom(MemorySegment.ofArray(bytes));
        return Tensor.wrap(a);
    }

    static int[] randomShape(Random r) {
        int rank = r.nextInt(4);
        int[] shape = new int[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = r.nextInt(5); // 0 included: empty tensors
        }
        return shape;
    }

    static void assertBitsEqual(Tensor expected, Tensor actual, String name) {
        assertEquals(expected.dtype(), actual.dtype(), name);
        assertArrayEquals(expected.shape(), actual.shape(), name);
        try (NDArray e = expected.ndarray().contiguous(); NDArray a = actual.ndarray().contiguous()) {
            long w = e.dtype().byteSize();
            MemorySegment es = e.segment().asSlice(e.offset() * w, e.numel() * w);
            MemorySegment as = a.segment().asSlice(a.offset() * w, a.numel() * w);
            assertEquals(-1, es.mismatch(as), name + ": bytes differ");
        }
    }

    @Property(tries = 60)
    void everyDtypeAndShapeRoundTripsBitForBit(@ForAll long seed, @ForAll @IntRange(min = 0, max = 5) int count)
            throws IOException {
        Random r = new Random(seed);
        DType[] types = DType.values();
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = "t" + r.nextInt(1000) + (r.nextBoolean() ? ".weight" : "/é" + i);
            tensors.put(name, randomTensor(r, types[r.nextInt(types.length)], randomShape(r)));
        }
        Map<String, String> metadata = r.nextBoolean() ? Map.of() : Map.of("format", "pt", "note \"quoted\"\n", "ü");
        // jqwik does not inject @TempDir
        Path file = Files.createTempFile("vectorgrad-rt", ".safetensors");
        try {
            checkRoundTrip(tensors, metadata, file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static void checkRoundTrip(Map<String, Tensor> tensors, Map<String, String> metadata, Path file) throws IOException {
        SafeTensors.save(tensors, metadata, file);
        SafeTensors.Loaded loaded = SafeTensors.loadWithMetadata(file);
        assertEquals(tensors.keySet(), loaded.tensors().keySet());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            assertBitsEqual(e.getValue(), loaded.tensors().get(e.getKey()), e.getKey());
        }
        assertEquals(metadata, loaded.metadata());
        long n = java.nio.ByteBuffer.wrap(Files.readAllBytes(file), 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8, "the header is padded to 8 bytes");
    }

    @Test
    void viewsAreWrittenContiguous() throws IOException {
        Tensor m = Tensor.arange(12).reshape(3, 4);
        Tensor t = m.t();
        Path file = dir.resolve("views.safetensors");
        SafeTensors.save(Map.of("t", t, "row", m.select(0, 1), "scalar", Tensor.scalar(DType.FLOAT64, 2.5)), file);
        Map<String, Tensor> loaded = SafeTensors.load(file);
        assertArrayEquals(t.contiguous().toLongArray(), loaded.get("t").toLongArray());
        assertArrayEquals(new long[]{4, 5, 6, 7}, loaded.get("row").toLongArray());
        assertEquals(0, loaded.get("scalar").dim());
        assertEquals(2.5, loaded.get("scalar").item());
    }

    @Test
    void saveReplacesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("model.safetensors");
        SafeTensors.save(Map.of("a", Tensor.ones(3)), file);
        SafeTensors.save(Map.of("b", Tensor.zeros(2)), file);
        assertEquals(List.of("b"), List.copyOf(SafeTensors.load(file).keySet()));
        byte[] before = Files.readAllBytes(file);
        Tensor released = Tensor.ones(4);
        released.close();
        LinkedHashMap<String, Tensor> failing = new LinkedHashMap<>();
        failing.put("ok", Tensor.ones(2));
        failing.put("released", released);
        assertThrows(IllegalStateException.class, () -> SafeTensors.save(failing, file));
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.save(Map.of("__metadata__", Tensor.ones(1)), file));
        assertArrayEquals(before, Files.readAllBytes(file), "a failed save leaves the old file");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
        // the saved file gets the permissions of any new file (a temp file of Files.createTempFile would be 0600)
        Path plain = Files.createFile(dir.resolve("plain"));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file));
    }
}
