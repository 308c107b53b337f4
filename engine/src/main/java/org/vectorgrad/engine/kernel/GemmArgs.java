package org.vectorgrad.engine.kernel;

import java.lang.foreign.MemorySegment;
import org.vectorgrad.engine.DType;

/**
 * One (batched) GEMM problem: {@code C[b] = A[b] @ B[b] + X[b]} for {@code b < batch}, where A is {@code m x k},
 * B is {@code k x n}, C is {@code m x n} and the optional addend X (a bias, or C itself to accumulate) is read
 * with its own strides (0 where it broadcasts). All strides and offsets are in elements and may be anything a
 * view can have (transposed, sliced, broadcast): the packing routines read them directly.
 *
 * <p>Each batch entry has its own element offsets into the (shared) segments. X may alias C exactly (same
 * offsets and strides) to accumulate; any other overlap between C and an input is not allowed.
 */
public final class GemmArgs {
    final DType dtype;
    final int batch;
    final int m;
    final int n;
    final int k;
    final MemorySegment a;
    final long[] aOff;
    final long aRs;
    final long aCs;
    final MemorySegment b;
    final long[] bOff;
    final long bRs;
    final long bCs;
    final MemorySegment c;
    final long[] cOff;
    final long cRs;
    final long cCs;
    final MemorySegment x;
    final long[] xOff;
    final long xRs;
    final long xCs;
    /** A float32 operand read from images instead of {@link #a} (null: A is a matrix). */
    final Im2ColPanels aPanels;
    /** A float32 operand read from images instead of {@link #b} (null: B is a matrix). */
    final Im2ColPanels bPanels;
    private GemmArgs(DType dtype, int batch, int m, int n, int k, MemorySegment a, long[] aOff, long aRs, long aCs,
            MemorySegment b, long[] bOff, long bRs, long bCs, MemorySegment c, long[] cOff, long cRs, long cCs,
            MemorySegment x, long[] xOff, long xRs, long xCs, Im2ColPanels aPanels, Im2ColPanels bPanels) {
        this.dtype = dtype;
        this.batch = batch;
        this.m = m;
        this.n = n;
        this.k = k;
        this.a = a;
        this.aOff = aOff;
        this.aRs = aRs;
        this.aCs = aCs;
        this.b = b;
        this.bOff = bOff;
        this.bRs = bRs;
        this.bCs = bCs;
        this.c = c;
        this.cOff = cOff;
        this.cRs = cRs;
        this.cCs = cCs;
        this.x = x;
        this.xOff = xOff;
        this.xRs = xRs;
        this.xCs = xCs;
        this.aPanels = aPanels;
        this.bPanels = bPanels;
    }

    /**
     * A problem without addend ({@code C = A @ B}) over float32 or float64 segments. The offset arrays have one
     * entry per batch element and are not copied.
     */
    public static GemmArgs of(DType dtype, int m, int n, int k, MemorySegment a, long[] aOff, long aRs, long aCs,
            MemorySegment b, long[] bOff, long bRs, long bCs, MemorySegment c, long[] cOff, long cRs, long cCs) {
        return new GemmArgs(dtype, cOff.length, m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, cRs, cCs,
                null, null, 0, 0, null, null);
    }

    /** This problem with the addend X ({@code C = A @ B + X}); X's offsets have one entry per batch element. */
    public GemmArgs withAddend(MemorySegment xs, long[] xOffsets, long xRowStride, long xColStride) {
        return new GemmArgs(dtype, batch, m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, cRs, cCs,
                xs, xOffsets, xRowStride, xColStride, aPanels, bPanels);
    }

    /**
     * This float32 problem with A read from {@code panels} (an im2col matrix, {@code m x k} per batch entry) instead
     * of its segment, which may be null.
     */
    public GemmArgs withImplicitA(Im2ColPanels panels) {
        requireFloat32();
        return new GemmArgs(dtype, batch, m, n, k, null, aOff, 0, 0, b, bOff, bRs, bCs, c, cOff, cRs, cCs,
                x, xOff, xRs, xCs, panels, bPanels);
    }

    /** This float32 problem with B read from {@code panels} ({@code k x n} per batch entry) instead of its segment. */
    public GemmArgs withImplicitB(Im2ColPanels panels) {
        requireFloat32();
        return new GemmArgs(dtype, batch, m, n, k, a, aOff, aRs, aCs, null, bOff, 0, 0, c, cOff, cRs, cCs,
                x, xOff, xRs, xCs, aPanels, panels);
    }

    private void requireFloat32() {
        if (dtype != DType.FLOAT32) {
            throw new IllegalArgumentException("operands read from images are float32 only, got " + dtype);
        }
    }

    /** Number of multiply-adds. */
    public long macs() {
        return (long) batch * m * n * k;
    }

    public DType dtype() {
        return dtype;
    }

    public int batch() {
        return batch;
    }

    public int m() {
        return m;
    }

    public int n() {
        return n;
    }

    public int k() {
        return k;
    }
}
