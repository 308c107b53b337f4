package org.vectorgrad.engine.kernel;

import static org.vectorgrad.engine.kernel.Elements.F32;

import java.lang.foreign.MemorySegment;

/**
 * One image of a contiguous NCHW batch held channels-last in a Java array, zero-padded, for the Winograd
 * transforms, which read a vector of channels per pixel: {@code [rows][cols][cp]}, channels padded to whole
 * vectors, pixel {@code (y, x)} at {@code (y + ph, x + pw)}. One per thread: it keeps the image last loaded.
 */
final class ChannelsLastImage {
    /** Side of the register transposes ({@link TransposeF32#block}). */
    static final int SQUARE = 16;

    private final int c;
    private final int h;
    private final int w;
    /** Channels padded to whole vectors: the distance between pixels. */
    final int cp;
    /** Floats between rows of pixels. */
    final int rowStride;
    /** The image, channels-last; its padding stays zero. */
    final float[] data;
    /** Where pixel {@code q} (flat, {@code y * w + x}) starts in {@link #data}. */
    private final int[] position;
    private final float[] planes;
    /**
     * The image channels-last without padding, {@code [h * w][cp]}: the transposes write it at one stride, and
     * each row of pixels then goes into {@link #data} as one copy. Lanes past {@code c} are never written.
     */
    private final float[] dense;
    private int loaded = -1;

    ChannelsLastImage(int c, int h, int w, int ph, int pw, int rows, int cols) {
        this.c = c;
        this.h = h;
        this.w = w;
        cp = (c + KernelF32.L - 1) / KernelF32.L * KernelF32.L;
        rowStride = cols * cp;
        data = new float[rows * rowStride];
        planes = new float[c * h * w];
        dense = new float[h * w * cp];
        position = new int[h * w];
        for (int q = 0; q < position.length; q++) {
            position[q] = (q / w + ph) * rowStride + (q % w + pw) * cp;
        }
    }

    /**
     * Image {@code image} of the batch at element {@code off} of {@code x}, unless it is the one held: copied
     * whole, then moved channels-last by 16 x 16 register transposes of (channel, pixel) blocks straight into
     * {@link #dense}, whose rows of pixels are then copied into place (one element at a time below 16 channels or
     * pixels, or without 512-bit vectors). Staging each block and copying its 16 pixels one by one into the
     * padded layout made the loads a fifth of the Winograd weight gradient.
     */
    void load(MemorySegment x, long off, int image) {
        if (image == loaded) {
            return;
        }
        int area = h * w;
        MemorySegment.copy(x, F32, (off + (long) image * c * area) * 4, planes, 0, c * area);
        if (!TransposeF32.APPLIES || c < SQUARE || area < SQUARE) {
            oneByOne();
            loaded = image;
            return;
        }
        // the last block of each side overlaps the one before it when the side is not a multiple of 16: the
        // elements moved twice get the same value twice (one element at a time was 15x slower per element)
        for (int c0 = 0; c0 < c; c0 = nextBlock(c0, c)) {
            for (int q0 = 0; q0 < area; q0 = nextBlock(q0, area)) {
                TransposeF32.block(planes, c0 * area + q0, area, dense, q0 * cp + c0, cp);
            }
        }
        for (int y = 0; y < h; y++) {
            System.arraycopy(dense, y * w * cp, data, position[y * w], w * cp);
        }
        loaded = image;
    }

    /** Drops the image held, so that the next {@link #load} reads its image whatever its index. */
    void forget() {
        loaded = -1;
    }

    /** The start of the block after the one at {@code start}, the last one moved back to end at {@code extent}. */
    private static int nextBlock(int start, int extent) {
        return start + SQUARE >= extent ? extent : Math.min(start + SQUARE, extent - SQUARE);
    }

    /** The copied image, one element at a time. */
    private void oneByOne() {
        int area = h * w;
        for (int i = 0; i < c; i++) {
            for (int q = 0; q < area; q++) {
                data[position[q] + i] = planes[i * area + q];
            }
        }
    }
}
