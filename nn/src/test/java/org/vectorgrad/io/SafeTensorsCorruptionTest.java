package org.vectorgrad.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.BufferPool;
import org.vectorgrad.engine.DType;

/** A damaged file is rejected whole, with a message naming the file and the problem; never an OOM or half a load. */
class SafeTensorsCorruptionTest {
    @TempDir
    Path dir;

    byte[] small() throws IOException {
        LinkedHashMap<String, Tensor> t = new LinkedHashMap<>();
        t.put("w", Tensor.tensor(new float[]{1, 2, 3, 4, 5, 6}, 2, 3));
        t.put("b", Tensor.tensor(new long[]{7, 8}));
        Path p = dir.resolve("small.safetensors");
        SafeTensors.save(t, Map.of("k", "v"), p);
        return Files.readAllBytes(p);
    }

    Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    /** Loads and expects a rejection naming the file; returns the message. */
    String rejected(Path p) {
        long live = BufferPool.liveBytes();
        try {
            SafeTensors.load(p);
        } catch (IllegalArgumentException | IOException e) {
            assertTrue(e.getMessage().startsWith(p.toString()), "message does not name the file: " + e.getMessage());
            assertTrue(BufferPool.liveBytes() <= live, "a rejected load keeps no memory");
            return e.getMessage().substring(p.toString().length() + 2);
        }
        return fail(p + " was loaded");
    }

    static byte[] withHeader(String json, byte[] data) {
        return SafeTensorsGoldenTest.file(json, data);
    }

    @Test
    void everyTruncationIsRejected() throws IOException {
        byte[] whole = small();
        for (int len = 0; len < whole.length; len++) {
            rejected(write("cut" + len, Arrays.copyOf(whole, len)));
        }
        assertEquals("file of 5 bytes is too small for the 8-byte header length", rejected(write("c5", Arrays.copyOf(whole, 5))));
        int n = whole.length - 8 - 6 * 4 - 2 * 8;
        assertEquals("header length " + n + " runs past the end of the file (20 bytes)",
                rejected(write("c20", Arrays.copyOf(whole, 20))));
        assertTrue(rejected(write("c-1", Arrays.copyOf(whole, whole.length - 1))).contains("beyond the end of the data "
                + "section"));
        byte[] longer = Arrays.copyOf(whole, whole.length + 3);
        assertEquals("the tensors cover 40 bytes of the 43-byte data section; the rest is unaccounted for",
                rejected(write("longer", longer)));
    }

    @Test
    void flippedHeaderBytesAreRejectedOrHarmless() throws IOException {
        byte[] whole = small();
        int n = (int) ByteBuffer.wrap(whole, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        int rejectedCount = 0;
        for (int pos = 0; pos < 8 + n; pos++) {
            for (int mask : new int[]{0x01, 0x20, 0x80}) {
                byte[] bad = whole.clone();
                bad[pos] ^= (byte) mask;
                Path p = write("flip", bad);
                try {
                    Map<String, Tensor> loaded = SafeTensors.load(p);
                    // a harmless flip (e.g. a letter of a name): the result is still complete and consistent
                    assertEquals(2, loaded.size(), "flip at " + pos);
                } catch (IllegalArgumentException | IOException e) {
                    assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
                    rejectedCount++;
                }
            }
        }
        assertTrue(rejectedCount > 2 * (8 + n), "most flips must be rejected, got " + rejectedCount);
    }

    @Test
    void hugeHeaderLengthsAreRejectedWithoutAllocating() throws IOException {
        byte[] whole = small();
        for (long n : new long[]{Long.MAX_VALUE, -1, 100_000_001L, 1L << 40}) {
            byte[] bad = whole.clone();
            ByteBuffer.wrap(bad, 0, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(n);
            String expected = "header length " + Long.toUnsignedString(n) + " exceeds the limit of 100000000 bytes";
            assertEquals(expected, rejected(write("huge", bad)));
        }
        byte[] beyond = whole.clone();
        ByteBuffer.wrap(beyond, 0, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(99_999_999L);
        assertEquals("header length 99999999 runs past the end of the file (" + whole.length + " bytes)",
                rejected(write("beyond", beyond)));
    }

    @Test
    void inconsistentHeadersAreRejectedWithTheProblem() throws IOException {
        byte[] data = new byte[16];
        String t = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[%s]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],"
                + "\"data_offsets\":[%s]}}";
        assertEquals("tensor 'b' has data_offsets [4, 12], which overlap tensor 'a' (bytes 0 to 8)",
                rejected(write("overlap", withHeader(t.formatted("0,8", "4,12"), data))));
        assertEquals("tensor 'b' has data_offsets [12, 4]: the end comes before the beginning",
                rejected(write("reversed", withHeader(t.formatted("0,8", "12,4"), data))));
        assertEquals("tensor 'b' has data_offsets [12, 20], which leave bytes 8 to 12 of the data section unused",
                rejected(write("gap", withHeader(t.formatted("0,8", "12,20"), new byte[20]))));
        assertEquals("tensor 'a' has data_offsets [4, 12], which leave bytes 0 to 4 of the data section unused",
                rejected(write("late", withHeader(t.formatted("4,12", "12,20"), new byte[20]))));
        assertEquals("tensor 'b' has data_offsets [8, 24], beyond the end of the data section (16 bytes)",
                rejected(write("oob", withHeader(t.formatted("0,8", "8,24"), data))));
        assertEquals("tensor 'b' of dtype F32 and shape [2] needs 8 bytes, but its data_offsets [8, 12] hold 4",
                rejected(write("short", withHeader(t.formatted("0,8", "8,12"), Arrays.copyOf(data, 12)))));
        // listed out of order in the header is fine, as long as the ranges tile the data
        Path swapped = write("swapped", withHeader(t.formatted("8,16", "0,8"), data));
        assertEquals(2, SafeTensors.load(swapped).size());

        String one = "{\"x\":{\"dtype\":\"%s\",\"shape\":%s,\"data_offsets\":[0,%d]}}";
        assertEquals("tensor 'x' has unknown dtype 'F128'",
                rejected(write("dtype", withHeader(one.formatted("F128", "[1]", 16), new byte[16]))));
        assertEquals("tensor 'x' has dtype U8, which is not supported",
                rejected(write("u8", withHeader(one.formatted("U8", "[1]", 1), new byte[1]))));
        assertEquals("tensor 'x' has shape [-1] with a dimension that is not an integer in [0, 2147483647]",
                rejected(write("neg", withHeader(one.formatted("F32", "[-1]", 4), new byte[4]))));
        assertEquals("tensor 'x' of dtype F64 and shape [2147483647, 2147483647, 2147483647] needs more than 2^63 "
                + "bytes, but its data_offsets [0, 8] hold 8", rejected(write("overflow", withHeader(
                        one.formatted("F64", "[2147483647,2147483647,2147483647]", 8), new byte[8]))));
        assertTrue(rejected(write("dup", withHeader("{\"x\":{},\"x\":{}}", new byte[0])))
                .startsWith("header is not valid JSON: duplicate key \"x\""));
        assertEquals("header is not a JSON object", rejected(write("array", withHeader("[1,2]", new byte[0]))));
        assertTrue(rejected(write("deep", withHeader("[".repeat(100_000), new byte[0])))
                .startsWith("header is not valid JSON: nesting deeper than 64"));
        assertEquals("__metadata__ value of \"k\" is not a string",
                rejected(write("meta", withHeader("{\"__metadata__\":{\"k\":1}}", new byte[0]))));
        byte[] badUtf8 = withHeader("{\"\u00e9\":1}", new byte[0]);
        badUtf8[10] = (byte) 0xC3;
        badUtf8[11] = (byte) 0x28;
        assertEquals("header is not valid UTF-8", rejected(write("utf8", badUtf8)));
    }

    @Test
    void aFileWithOneBadTensorLoadsNothing() throws IOException {
        String json = "{\"good\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"bad\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,9]}}";
        assertTrue(rejected(write("partial", withHeader(json, new byte[9]))).contains("'bad'"));
        assertEquals(DType.FLOAT32, SafeTensors.load(write("fine", withHeader(json.replace("4,9", "4,8"), new byte[8])))
                .get("bad").dtype());
    }
}
