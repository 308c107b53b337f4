package org.vectorgrad.io;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.DType;
import org.vectorgrad.engine.NDArray;
import org.vectorgrad.engine.NDArrays;

/**
 * Reading and writing the safetensors format: an 8-byte little-endian header length N, N bytes of JSON header
 * ({@code {"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, "__metadata__": {...}}}),
 * then the raw little-endian data, offsets relative to its start.
 *
 * <pre>{@code
 * SafeTensors.save(model.stateDict(), Path.of("model.safetensors"));
 * model.loadStateDict(SafeTensors.load(Path.of("model.safetensors")), true);
 * }</pre>
 *
 * <p>Files are written as the reference implementation writes them (tensors sorted by dtype alignment then name,
 * header padded with spaces to 8 bytes), atomically: to a temporary file in the same directory, synced, then
 * renamed over the target, so a crash leaves the old file or the new one, never a torn one. Loading checks the
 * whole header against the file before allocating anything, and either returns every tensor or throws (an
 * {@link IllegalArgumentException} for a malformed file, an {@link java.io.IOException} when reading fails), with
 * the file and the problem in the message; it never half-loads, and a lying header cannot make it allocate more
 * than the file holds. F32, F64, I64, I32 and BOOL load as such; F16 and BF16 load as float32.
 */
public final class SafeTensors {
    /** The largest header accepted, as the reference implementation (100 MB). */
    public static final long MAX_HEADER_BYTES = 100_000_000;
    /** Bytes per read or write call: large tensors are moved in slices of this size. */
    private static final int CHUNK = 1 << 24;
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private SafeTensors() {
    }

    /** A loaded file: the tensors in header order and the {@code __metadata__} strings. */
    public record Loaded(LinkedHashMap<String, Tensor> tensors, Map<String, String> metadata) {
    }

    /** Saves tensors (any layout; written contiguous) without metadata. */
    public static void save(Map<String, Tensor> tensors, Path file) throws IOException {
        save(tensors, Map.of(), file);
    }

    /** Saves tensors and {@code __metadata__} strings (omitted when empty) to {@code file}, atomically. */
    public static void save(Map<String, Tensor> tensors, Map<String, String> metadata, Path file) throws IOException {
        List<Map.Entry<String, Tensor>> order = new ArrayList<>(tensors.entrySet());
        for (Map.Entry<String, Tensor> e : order) {
            if (e.getKey() == null || e.getKey().equals("__metadata__")) {
                throw new IllegalArgumentException("invalid tensor name for safetensors: " + e.getKey());
            }
        }
        // the reference writer's order: descending dtype alignment, then name (byte order of UTF-8)
        order.sort((a, b) -> {
            int c = Integer.compare(SafeDType.of(b.getValue().dtype()).rank, SafeDType.of(a.getValue().dtype()).rank);
            return c != 0 ? c : java.util.Arrays.compareUnsigned(a.getKey().getBytes(StandardCharsets.UTF_8),
                    b.getKey().getBytes(StandardCharsets.UTF_8));
        });
        byte[] header = header(order, metadata);
        AtomicFiles.write(file, channel -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).flip();
            writeFully(channel, len);
            writeFully(channel, ByteBuffer.wrap(header));
            for (Map.Entry<String, Tensor> e : order) {
                writeData(channel, e.getValue().ndarray());
            }
        });
    }

    /** The JSON header as the reference writes it: compact, metadata first, padded with spaces to 8 bytes. */
    static byte[] header(List<Map.Entry<String, Tensor>> order, Map<String, String> metadata) {
        LinkedHashMap<String, Object> h = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            h.put("__metadata__", metadata);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : order) {
            Tensor t = e.getValue();
            long bytes = t.numel() * t.dtype().byteSize();
            LinkedHashMap<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", SafeDType.of(t.dtype()).name());
            info.put("shape", t.shape());
            info.put("data_offsets", new long[]{offset, offset + bytes});
            h.put(e.getKey(), info);
            offset += bytes;
        }
        byte[] json = Json.write(h).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = java.util.Arrays.copyOf(json, padded);
        java.util.Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }

    private static void writeData(FileChannel channel, NDArray a) throws IOException {
        if (a.numel() == 0) {
            return;
        }
        try (NDArray c = a.contiguous()) {
            long width = c.dtype().byteSize();
            MemorySegment s = c.segment().asSlice(c.offset() * width, c.numel() * width);
            for (long pos = 0; pos < s.byteSize(); pos += CHUNK) {
                MemorySegment slice = s.asSlice(pos, Math.min(CHUNK, s.byteSize() - pos));
                writeFully(channel, LITTLE_ENDIAN ? slice.asByteBuffer() : swapped(slice, c.dtype()));
            }
        }
    }

    /** A little-endian copy of native big-endian data (only on big-endian hosts). */
    private static ByteBuffer swapped(MemorySegment slice, DType type) {
        int width = type.byteSize();
        MemorySegment out = MemorySegment.ofArray(new byte[(int) slice.byteSize()]);
        if (width > 1) {
            ValueLayout.OfByte b = ValueLayout.JAVA_BYTE;
            for (long i = 0; i < slice.byteSize(); i += width) {
                for (int k = 0; k < width; k++) {
                    out.set(b, i + k, slice.get(b, i + width - 1 - k));
                }
            }
        } else {
            out.copyFrom(slice);
        }
        return out.asByteBuffer();
    }

    private static void writeFully(FileChannel channel, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
    }

    /** Loads every tensor, in header order. See {@link #loadWithMetadata(Path)}. */
    public static LinkedHashMap<String, Tensor> load(Path file) throws IOException {
        return loadWithMetadata(file).tensors();
    }

    /**
     * Loads every tensor and the metadata. The tensors are new arrays in the memory scope open on this thread.
     * Throws IllegalArgumentException for a file that is not valid safetensors, IOException when reading fails.
     */
    public static Loaded loadWithMetadata(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            String name = file.toString();
            long size = channel.size();
            if (size < 8) {
                throw new IllegalArgumentException(name + ": file of " + size + " bytes is too small for the 8-byte "
                        + "header length");
            }
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, len, 0, name);
            long n = len.flip().getLong();
            if (n < 0 || n > MAX_HEADER_BYTES) {
                throw new IllegalArgumentException(name + ": header length " + Long.toUnsignedString(n)
                        + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
            }
            if (8 + n > size) {
                throw new IllegalArgumentException(name + ": header length " + n + " runs past the end of the file ("
                        + size + " bytes)");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) n);
            readFully(channel, headerBytes, 8, name);
            String json;
            try {
                json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(headerBytes.flip()).toString();
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException(name + ": header is not valid UTF-8", e);
            }
            SafeTensorsHeader header = SafeTensorsHeader.parse(name, json, size - 8 - n);
            LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
            try {
                for (SafeTensorsHeader.Entry e : header.entries()) {
                    out.put(e.name(), Tensor.wrap(readTensor(channel, e, 8 + n, name)));
                }
            } catch (IOException | RuntimeException | Error failure) {
                for (Tensor t : out.values()) {
                    t.close();
                }
                throw failure;
            }
            return new Loaded(out, header.metadata());
        }
    }

    private static NDArray readTensor(FileChannel channel, SafeTensorsHeader.Entry e, long dataStart, String name)
            throws IOException {
        NDArray a = NDArrays.empty(e.dtype().target, e.shape());
        try {
            long start = dataStart + e.begin();
            long bytes = e.end() - e.begin();
            MemorySegment dst = a.segment();
            if (e.dtype() == SafeDType.F16 || e.dtype() == SafeDType.BF16) {
                readHalves(channel, start, bytes, dst, e.dtype() == SafeDType.BF16, name);
                return a;
            }
            for (long pos = 0; pos < bytes; pos += CHUNK) {
                MemorySegment slice = dst.asSlice(pos, Math.min(CHUNK, bytes - pos));
                readFully(channel, slice.asByteBuffer(), start + pos, name);
                if (!LITTLE_ENDIAN && e.dtype().byteSize > 1) {
                    swapInPlace(slice, e.dtype().byteSize);
                }
            }
            if (e.dtype() == SafeDType.BOOL) {
                // the engine's bools are 0 or 1; any non-zero byte means true
                for (long i = 0; i < bytes; i++) {
                    if (dst.get(ValueLayout.JAVA_BYTE, i) != 0) {
                        dst.set(ValueLayout.JAVA_BYTE, i, (byte) 1);
                    }
                }
            }
            return a;
        } catch (IOException | RuntimeException | Error failure) {
            a.close();
            throw failure;
        }
    }

    private static void readHalves(FileChannel channel, long start, long bytes, MemorySegment dst, boolean bf16,
            String name) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, bytes)).order(ByteOrder.LITTLE_ENDIAN);
        long element = 0;
        for (long pos = 0; pos < bytes; pos += buf.capacity()) {
            buf.clear().limit((int) Math.min(buf.capacity(), bytes - pos));
            readFully(channel, buf, start + pos, name);
            buf.flip();
            while (buf.remaining() >= 2) {
                short h = buf.getShort();
                float f = bf16 ? Float.intBitsToFloat((h & 0xffff) << 16) : Float.float16ToFloat(h);
                dst.setAtIndex(ValueLayout.JAVA_FLOAT, element++, f);
            }
        }
    }

    private static void swapInPlace(MemorySegment s, int width) {
        for (long i = 0; i < s.byteSize(); i += width) {
            for (int k = 0; k < width / 2; k++) {
                byte x = s.get(ValueLayout.JAVA_BYTE, i + k);
                s.set(ValueLayout.JAVA_BYTE, i + k, s.get(ValueLayout.JAVA_BYTE, i + width - 1 - k));
                s.set(ValueLayout.JAVA_BYTE, i + width - 1 - k, x);
            }
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buf, long position, String name) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int r = channel.read(buf, pos);
            if (r < 0) {
                throw new IOException(name + ": file ended at byte " + pos + " while reading (was it truncated while "
                        + "being read?)");
            }
            pos += r;
        }
    }
}
