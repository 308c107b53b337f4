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
    private final float[] square = new float[SQUARE * SQUARE];
    private int loaded = -1;

    ChannelsLastImage(int c, int h, int w, int ph, int pw, int rows, int cols) {
        this.c = c;
        this.h = h;
        this.w = w;
        cp = (c + KernelF32.L - 1) / KernelF32.L * KernelF32.L;
        rowStride = cols * cp;
        data = new float[rows * rowStride];
        planes = new float[c * h * w];
        position = new int[h * w];
        for (int q = 0; q < position.length; q++) {
            position[q] = (q / w + ph) * rowStride + (q % w + pw) * cp;
        }
    }

    /**
     * Image {@code image} of the batch at element {@code off} of {@code x}, unless it is the one held: copied
     * whole, then moved channels-last by 16 x 16 register transposes of (channel, pixel) blocks, the ragged edges
     * one element at a time.
     */
    void load(MemorySegment x, long off, int image) {
        if (image == loaded) {
            return;
        }
        int area = h * w;
        MemorySegment.copy(x, F32, (off + (long) image * c * area) * 4, planes, 0, c * area);
        int channels = TransposeF32.APPLIES ? c / SQUARE * SQUARE : 0;
        int pixels = area / SQUARE * SQUARE;
        for (int c0 = 0; c0 < channels; c0 += SQUARE) {
            for (int q0 = 0; q0 < pixels; q0 += SQUARE) {
                TransposeF32.block(planes, c0 * area + q0, area, square, 0, SQUARE);
                for (int i = 0; i < SQUARE; i++) {
                    System.arraycopy(square, i * SQUARE, data, position[q0 + i] + c0, SQUARE);
                }
            }
            oneByOne(c0, c0 + SQUARE, pixels);
        }
        oneByOne(channels, c, 0);
        loaded = image;
    }

    /** Channels {@code [c0, c1)} of the copied image from pixel {@code q0} on. */
    private void oneByOne(int c0, int c1, int q0) {
        int area = h * w;
        for (int i = c0; i < c1; i++) {
            for (int q = q0; q < area; q++) {
                data[position[q] + i] = planes[i * area + q];
            }
        }
    }
}
