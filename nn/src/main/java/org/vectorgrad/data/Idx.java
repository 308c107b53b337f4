package org.vectorgrad.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.DType;
import org.vectorgrad.engine.NDArray;
import org.vectorgrad.engine.NDArrays;

/**
 * Reader of IDX files, the format of MNIST and Fashion-MNIST ({@code train-images-idx3-ubyte[.gz]} ...): a
 * big-endian header {@code 0x00 0x00 type ndims}, one 32-bit size per dimension, then the data. Only unsigned-byte
 * data (type {@code 0x08}) is read. Gzipped files are recognised by their content, not their name.
 *
 * <p>A file is read whole and checked first: a wrong magic number or element type, a wrong number of dimensions,
 * a truncated file or bytes after the data throw an {@link IOException} whose message names the file and the
 * problem. Memory is allocated only for data that is actually present.
 */
public final class Idx {
    /** The element type code of unsigned bytes. */
    static final int UBYTE = 0x08;
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private Idx() {
    }

    /** The parsed header and data of an IDX file of unsigned bytes. */
    record Contents(int[] dims, byte[] data) {
    }

    /**
     * Images as float32 {@code [N, rows, cols]} scaled to [0, 1] (divided by 255 in float32, as torchvision's
     * {@code ToTensor}). Throws unless the file holds 3-d unsigned-byte data.
     */
    public static Tensor readImages(Path file) throws IOException {
        return readImages(file, false);
    }

    /** Images as {@code [N, 1, rows, cols]} when {@code channelDim}, else {@code [N, rows, cols]}. */
    public static Tensor readImages(Path file, boolean channelDim) throws IOException {
        Contents c = read(file, 3);
        int[] d = c.dims();
        int[] shape = channelDim ? new int[]{d[0], 1, d[1], d[2]} : d;
        NDArray out = NDArrays.empty(DType.FLOAT32, shape);
        MemorySegment s = out.segment();
        byte[] data = c.data();
        for (int i = 0; i < data.length; i++) {
            s.setAtIndex(ValueLayout.JAVA_FLOAT, i, (data[i] & 0xff) / 255f);
        }
        return Tensor.wrap(out);
    }

    /** Labels as int64 {@code [N]}. Throws unless the file holds 1-d unsigned-byte data. */
    public static Tensor readLabels(Path file) throws IOException {
        Contents c = read(file, 1);
        NDArray out = NDArrays.empty(DType.INT64, c.dims());
        MemorySegment s = out.segment();
        byte[] data = c.data();
        for (int i = 0; i < data.length; i++) {
            s.setAtIndex(ValueLayout.JAVA_LONG, i, data[i] & 0xff);
        }
        return Tensor.wrap(out);
    }

    /**
     * MNIST or Fashion-MNIST from {@code dir}: {@code train-} or {@code t10k-images-idx3-ubyte} and
     * {@code -labels-idx1-ubyte}, each raw or with {@code .gz}; images {@code [N, 1, 28, 28]} in [0, 1] and int64
     * labels. Throws if a file is missing, the images are not 28x28, or the counts differ.
     */
    public static TensorDataset mnist(Path dir, boolean train) throws IOException {
        String prefix = train ? "train" : "t10k";
        Path images = find(dir, prefix + "-images-idx3-ubyte");
        Path labels = find(dir, prefix + "-labels-idx1-ubyte");
        Tensor x = readImages(images, true);
        Tensor y;
        try {
            if (x.size(2) != 28 || x.size(3) != 28) {
                throw new IOException(images + ": images are " + x.size(2) + "x" + x.size(3) + ", expected 28x28");
            }
            y = readLabels(labels);
            if (y.size(0) != x.size(0)) {
                y.close();
                throw new IOException(labels + ": " + y.size(0) + " labels for " + x.size(0) + " images in " + images);
            }
        } catch (IOException | RuntimeException e) {
            x.close();
            throw e;
        }
        return new TensorDataset(x, y);
    }

    private static Path find(Path dir, String name) throws IOException {
        for (String candidate : new String[]{name, name + ".gz"}) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new java.nio.file.NoSuchFileException(dir.resolve(name) + "[.gz]", null, "MNIST file not found");
    }

    /** Reads and checks a whole file of unsigned bytes with {@code expectedDims} dimensions. */
    static Contents read(Path file, int expectedDims) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            // a file's length bounds its raw content; gzip content is bounded by what actually decompresses
            long rawLimit = gzip ? Long.MAX_VALUE : Files.size(file);
            try (InputStream in = gzip ? new GZIPInputStream(raw) : raw) {
                return parse(file, in, expectedDims, rawLimit);
            } catch (java.io.EOFException | java.util.zip.ZipException e) {
                throw new IOException(file + ": truncated or corrupt gzip data (" + e.getMessage() + ")", e);
            }
        }
    }

    private static Contents parse(Path file, InputStream in, int expectedDims, long rawLimit) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) {
            throw new IOException(file + ": truncated: the 4-byte IDX magic number is incomplete (" + magic.length
                    + " bytes)");
        }
        int code = ((magic[0] & 0xff) << 24) | ((magic[1] & 0xff) << 16) | ((magic[2] & 0xff) << 8) | (magic[3] & 0xff);
        int expected = (UBYTE << 8) | expectedDims;
        if (magic[0] != 0 || magic[1] != 0) {
            throw new IOException(String.format("%s: bad magic number 0x%08x, expected 0x%08x (not an IDX file)", file,
                    code, expected));
        }
        if ((magic[2] & 0xff) != UBYTE) {
            throw new IOException(String.format("%s: bad magic number 0x%08x: element type 0x%02x, expected 0x%02x "
                    + "(unsigned byte)", file, code, magic[2] & 0xff, UBYTE));
        }
        int ndims = magic[3] & 0xff;
        if (ndims != expectedDims) {
            throw new IOException(String.format("%s: bad magic number 0x%08x: %d dimensions, expected %d (%s)", file,
                    code, ndims, expectedDims, expectedDims == 3 ? "images" : "labels"));
        }
        byte[] header = in.readNBytes(4 * ndims);
        if (header.length < 4 * ndims) {
            throw new IOException(file + ": truncated: the header has " + header.length + " of " + 4 * ndims
                    + " bytes of dimension sizes");
        }
        int[] dims = new int[ndims];
        long count = 1;
        for (int d = 0; d < ndims; d++) {
            long size = ((header[4 * d] & 0xffL) << 24) | ((header[4 * d + 1] & 0xff) << 16)
                    | ((header[4 * d + 2] & 0xff) << 8) | (header[4 * d + 3] & 0xff);
            count *= size;
            if (size > Integer.MAX_VALUE || count > MAX_ELEMENTS) {
                throw new IOException(file + ": dimension sizes " + dimsString(header, ndims) + " are too large");
            }
            dims[d] = (int) size;
        }
        long headerBytes = 4 + 4L * ndims;
        if (rawLimit != Long.MAX_VALUE && rawLimit - headerBytes < count) {
            throw new IOException(file + ": truncated: " + Arrays.toString(dims) + " needs " + count
                    + " data bytes, the file has " + (rawLimit - headerBytes));
        }
        byte[] data = readUpTo(in, (int) count);
        if (data.length < count) {
            throw new IOException(file + ": truncated: " + Arrays.toString(dims) + " needs " + count
                    + " data bytes, the file has " + data.length);
        }
        if (in.read() != -1) {
            throw new IOException(file + ": has bytes after the " + count + " data bytes of " + Arrays.toString(dims));
        }
        return new Contents(dims, data);
    }

    /** Reads up to {@code n} bytes, growing the buffer only as data arrives (a lying header cannot force a huge one). */
    private static byte[] readUpTo(InputStream in, int n) throws IOException {
        byte[] buf = new byte[Math.min(n, 1 << 20)];
        int filled = 0;
        while (filled < n) {
            if (filled == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(n, 2L * buf.length));
            }
            int r = in.read(buf, filled, buf.length - filled);
            if (r < 0) {
                break;
            }
            filled += r;
        }
        return filled == buf.length ? buf : Arrays.copyOf(buf, filled);
    }

    private static String dimsString(byte[] header, int ndims) {
        long[] sizes = new long[ndims];
        for (int d = 0; d < ndims; d++) {
            sizes[d] = ((header[4 * d] & 0xffL) << 24) | ((header[4 * d + 1] & 0xff) << 16)
                    | ((header[4 * d + 2] & 0xff) << 8) | (header[4 * d + 3] & 0xff);
        }
        return Arrays.toString(sizes);
    }
}
