package org.vectorgrad.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.DType;

/**
 * Files written byte by byte in the test, exactly as the reference implementation (the safetensors crate behind
 * {@code safetensors.torch.save_file}) writes them: compact JSON, tensors sorted by descending dtype alignment then
 * name, {@code __metadata__} first, header padded with spaces to a multiple of 8.
 */
class SafeTensorsGoldenTest {
    @TempDir
    Path dir;

    /** 8-byte little-endian header length, the header padded with spaces, then the data. */
    static byte[] file(String json, byte[] data) {
        int padded = (json.length() + 7) / 8 * 8;
        String header = json + " ".repeat(padded - json.length());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
        out.writeBytes(header.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(data);
        return out.toByteArray();
    }

    static ByteBuffer le(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void singleFloatTensor() throws IOException {
        // save_file({"attn0": torch.arange(6.).reshape(1, 1, 2, 3)}): a 65-byte header padded to 72
        ByteBuffer data = le(24);
        for (int i = 0; i < 6; i++) {
            data.putFloat(i);
        }
        String json = "{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}";
        byte[] golden = file(json, data.array());
        assertEquals(8 + 72 + 24, golden.length);
        Path p = dir.resolve("attn.safetensors");
        Files.write(p, golden);
        Tensor t = SafeTensors.load(p).get("attn0");
        assertArrayEquals(new int[]{1, 1, 2, 3}, t.shape());
        assertArrayEquals(new float[]{0, 1, 2, 3, 4, 5}, t.toFloatArray());
        // and this library writes the very same bytes
        Path mine = dir.resolve("mine.safetensors");
        SafeTensors.save(Map.of("attn0", Tensor.tensor(new float[]{0, 1, 2, 3, 4, 5}, 1, 1, 2, 3)), mine);
        assertArrayEquals(golden, Files.readAllBytes(mine));
    }

    @Test
    void everyDtypeWithMetadata() throws IOException {
        // save_file({"weight": f32 [2, 2], "bias": f64 [2], "step": i64 [], "count": i32 [1], "mask": bool [3]},
        //           metadata={"format": "pt"}): I64, F64, F32, I32, BOOL order (alignment descending)
        String json = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"step\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]},"
                + "\"bias\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[8,24]},"
                + "\"weight\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[24,40]},"
                + "\"count\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[40,44]},"
                + "\"mask\":{\"dtype\":\"BOOL\",\"shape\":[3],\"data_offsets\":[44,47]}}";
        ByteBuffer data = le(47);
        data.putLong(-7);
        data.putDouble(0.5).putDouble(-1.25);
        data.putFloat(1).putFloat(2).putFloat(3).putFloat(4);
        data.putInt(42);
        data.put((byte) 1).put((byte) 0).put((byte) 1);
        byte[] golden = file(json, data.array());
        Path p = dir.resolve("all.safetensors");
        Files.write(p, golden);
        SafeTensors.Loaded loaded = SafeTensors.loadWithMetadata(p);
        Map<String, Tensor> t = loaded.tensors();
        assertEquals(List.of("step", "bias", "weight", "count", "mask"), List.copyOf(t.keySet()));
        assertEquals(Map.of("format", "pt"), loaded.metadata());
        assertEquals(DType.INT64, t.get("step").dtype());
        assertEquals(0, t.get("step").dim());
        assertEquals(-7, t.get("step").item());
        assertArrayEquals(new double[]{0.5, -1.25}, t.get("bias").toDoubleArray());
        assertArrayEquals(new float[]{1, 2, 3, 4}, t.get("weight").toFloatArray());
        assertArrayEquals(new int[]{2, 2}, t.get("weight").shape());
        assertEquals(DType.INT32, t.get("count").dtype());
        assertEquals(42, t.get("count").item());
        assertArrayEquals(new boolean[]{true, false, true}, t.get("mask").ndarray().toBooleanArray());

        LinkedHashMap<String, Tensor> same = new LinkedHashMap<>();
        same.put("weight", Tensor.tensor(new float[]{1, 2, 3, 4}, 2, 2));
        same.put("mask", Tensor.tensor(new boolean[]{true, false, true}));
        same.put("bias", Tensor.tensor(new double[]{0.5, -1.25}));
        same.put("count", Tensor.tensor(new int[]{42}));
        same.put("step", Tensor.scalar(DType.INT64, -7));
        Path mine = dir.resolve("mine.safetensors");
        SafeTensors.save(same, Map.of("format", "pt"), mine);
        assertArrayEquals(golden, Files.readAllBytes(mine));
    }

    @Test
    void halfPrecisionLoadsAsFloat32() throws IOException {
        String json = "{\"bf\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[0,6]},"
                + "\"h\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[6,14]}}";
        ByteBuffer data = le(14);
        data.putShort((short) 0x3F80).putShort((short) 0xC000).putShort((short) 0x4049); // 1, -2, 3.140625
        data.putShort((short) 0x3C00).putShort((short) 0xC000).putShort((short) 0x3800).putShort((short) 0x7C00);
        Path p = dir.resolve("half.safetensors");
        Files.write(p, file(json, data.array()));
        Map<String, Tensor> t = SafeTensors.load(p);
        assertEquals(DType.FLOAT32, t.get("bf").dtype());
        assertArrayEquals(new float[]{1, -2, 3.140625f}, t.get("bf").toFloatArray());
        assertArrayEquals(new float[]{1, -2, 0.5f, Float.POSITIVE_INFINITY}, t.get("h").toFloatArray());
    }

    @Test
    void emptyFile() throws IOException {
        // save_file({}) is "{}" padded to 8 bytes
        Path p = dir.resolve("empty.safetensors");
        SafeTensors.save(Map.of(), p);
        assertArrayEquals(file("{}", new byte[0]), Files.readAllBytes(p));
        assertEquals(0, SafeTensors.load(p).size());
    }
}
