package org.vectorgrad.engine.kernel;

import static org.vectorgrad.engine.kernel.Elements.F32;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;

/**
 * The float32 GEMM driver, blocked as fast BLAS kernels are: for each {@code KC}-deep slice, A is packed once
 * ({@code MC} rows at a time) and B in {@code KC x NC} blocks that stay in L2 while the micro-kernel runs each
 * {@code MR}-row micro-panel of A along them.
 *
 * <p>Every element of C is computed the same way whatever the block, the tile or the thread it falls in: an
 * FMA chain over each {@code KC} slice in order, added to the addend (first slice) or to C (later slices). So
 * results do not depend on the thread count, nor on whether the small-matrix path ({@link SmallF32}) ran.
 */
final class GemmF32 {
    static final int MR = KernelF32.MR;
    static final int NR = KernelF32.NR;
    private static final long ES = 4;
    /** Depth of a packed slice ({@link KernelF32#KC}). */
    static final int KC = KernelF32.KC;
    /**
     * Most rows of a packed A block: {@code MC x AS} elements, 4.5 MiB (in L3; one micro-panel at a time in L2),
     * so that half of a 2048-row A (a thread's rows) is one block. Every A block costs a packing of the B slice
     * (the dearer one: B comes from memory in 128-column strips), so fewer, equal blocks ({@link #blockRows}).
     */
    static final int MC = (int) ((9L << 19) / ES / KernelF32.AS / 12 * 12);
    /** Columns of a packed B block: {@code KC x NC} elements, at most 512 KiB, kept in L2 while A streams past it. */
    static final int NC = 128;

    private static final class Buffers {
        float[] a = new float[0];
        float[] b = new float[0];
        final float[] tile = new float[12 * NR];
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private GemmF32() {
    }

    /**
     * Computes rows {@code [i0, i1)} and columns {@code [j0, j1)} of C for batch entries {@code [e0, e1)}, with
     * micro-tiles of {@code mr} rows (12: {@link KernelF32#wide}, 6: {@link KernelF32#narrow}). Entries that share
     * A (a weight broadcast over a batch, as in the convolution's per-image products) pack it once, when it is one
     * packed block.
     */
    static void blocks(GemmArgs g, int e0, int e1, int i0, int i1, int j0, int j1, int mr) {
        boolean oneABlock = g.aPanels == null && sliceDepth(g.k) >= g.k && i1 - i0 <= MC;
        for (int e = e0; e < e1; e++) {
            boolean packed = oneABlock && e > e0 && g.aOff[e] == g.aOff[e - 1];
            block(g, e, i0, i1, j0, j1, mr, packed);
        }
    }

    /**
     * Computes rows {@code [i0, i1)} and columns {@code [j0, j1)} of C for batch entry {@code e}; with
     * {@code aPacked}, this thread's A buffer already holds the block (the previous call packed the same one).
     */
    private static void block(GemmArgs g, int e, int i0, int i1, int j0, int j1, int mr, boolean aPacked) {
        if (i0 >= i1 || j0 >= j1) {
            return;
        }
        MemorySegment c = g.c;
        long cOff = g.cOff[e];
        MemorySegment x = g.x;
        long xOff = x == null ? 0 : g.xOff[e];
        long xRs = g.xRs;
        long xCs = g.xCs;
        // A per-row addend (xCs 0, a conv bias) is added in the tile stores; any other addend that cannot be read
        // as vectors is stored to C first.
        boolean rowAddend = x != null && xCs == 0 && g.cCs == 1 && !SmallF32.applies(g);
        if (g.k == 0 || (x != null && xCs != 1 && g.cCs == 1 && !rowAddend)) {
            // C = X first (X broadcast along rows cannot be read as vectors); the FMA sums are then added to C.
            if (x != null && xCs == 0 && g.cCs == 1) {
                // one value per row (a conv bias per output channel): filled a vector at a time
                for (int i = i0; i < i1; i++) {
                    fillRow(c, cOff + i * g.cRs, j0, j1, x.getAtIndex(F32, xOff + i * xRs));
                }
            } else {
                for (int i = i0; i < i1; i++) {
                    for (int j = j0; j < j1; j++) {
                        float v = x == null ? 0f : x.getAtIndex(F32, xOff + i * xRs + j * xCs);
                        c.setAtIndex(F32, cOff + i * g.cRs + j * g.cCs, v);
                    }
                }
            }
            if (g.k == 0) {
                return;
            }
            x = c;
            xOff = cOff;
            xRs = g.cRs;
            xCs = g.cCs;
        }
        if (SmallF32.applies(g)) {
            SmallF32.block(g, e, i0, i1, j0, j1, x, xOff, xRs);
            return;
        }
        Buffers buf = BUFFERS.get();
        int kcMax = sliceDepth(g.k);
        int ncMax = roundUp(Math.min(NC, j1 - j0), NR);
        int mcStep = blockRows(i1 - i0, mr);
        int mcMax = roundUp(Math.min(mcStep, i1 - i0), mr);
        if (buf.b.length < kcMax * ncMax + NR) {
            // NR of slack: Im2ColPanels stores whole vectors past a block's last column
            buf.b = new float[kcMax * ncMax + NR];
        }
        if (buf.a.length < KernelF32.AS * mcMax) {
            buf.a = new float[KernelF32.AS * mcMax];
        }
        float[] ap = buf.a;
        float[] bp = buf.b;
        long aOff = g.aOff[e];
        long bOff = g.bOff[e];
        for (int ic = i0; ic < i1; ic += mcStep) {
            int mc = Math.min(mcStep, i1 - ic);
            for (int pc = 0; pc < g.k; pc += kcMax) {
                int kc = Math.min(kcMax, g.k - pc);
                if (aPacked) {
                    // packed by the previous entry's call, which had the same A block
                } else if (g.aPanels != null) {
                    g.aPanels.packA(e, ic, mc, pc, kc, roundUp(mc, mr), ap);
                } else {
                    PackF32.packA(g.a, aOff + ic * g.aRs + pc * g.aCs, g.aRs, g.aCs, mc, kc, roundUp(mc, mr), ap);
                }
                for (int jc = j0; jc < j1; jc += NC) {
                    int nc = Math.min(NC, j1 - jc);
                    if (g.bPanels != null) {
                        g.bPanels.packB(e, pc, kc, jc, nc, bp);
                    } else {
                        PackF32.packB(g.b, bOff + pc * g.bRs + jc * g.bCs, g.bRs, g.bCs, kc, nc, bp);
                    }
                    if (pc == 0) {
                        sweep(g, cOff, x, xOff, xRs, xCs, ic, jc, mc, nc, kc, mr, ap, bp, buf.tile);
                    } else {
                        sweep(g, cOff, c, cOff, g.cRs, g.cCs, ic, jc, mc, nc, kc, mr, ap, bp, buf.tile);
                    }
                }
            }
        }
    }

    /** Runs the micro-kernel over one packed {@code mc x nc} block: C = A B + X (X null for none). */
    private static void sweep(GemmArgs g, long cOff, MemorySegment x, long xOff, long xRs, long xCs, int ic, int jc,
            int mc, int nc, int kc, int mr, float[] ap, float[] bp, float[] tile) {
        MemorySegment c = g.c;
        long cRs = g.cRs;
        long cCs = g.cCs;
        boolean direct = cCs == 1 && (x == null || xCs == 1);
        boolean rowAddend = cCs == 1 && x != null && xCs == 0;
        long ldc = cRs * ES;
        long ldx = xRs * ES;
        for (int ir = 0; ir < mc; ir += mr) {
            // ir outer: an A micro-panel stays in L1 while the B block (in L2) streams past it, and C is walked
            // along its rows, which the hardware prefetcher follows.
            for (int jr = 0; jr < nc; jr += NR) {
                int nr = Math.min(NR, nc - jr);
                int bo = jr * kc;
                int col = jc + jr;
                int rows = Math.min(mr, mc - ir);
                int ao = ir * KernelF32.AS;
                int row = ic + ir;
                long ci = cOff + row * cRs + col * cCs;
                if (mr == 12 && rows > 6) {
                    KernelF32.wide(kc, ap, ao, bp, bo, tile, 0);
                } else {
                    // a last micro-panel of at most 6 rows (64 output channels: 5 x 12 + 4) takes the 6-row
                    // kernel, on the same packed layout, rather than 12 rows of FMAs of which half are padding
                    KernelF32.narrow(kc, ap, ao, bp, bo, tile, 0);
                }
                if (direct && nr == NR) {
                    KernelF32.merge(tile, rows, c, ci * ES, ldc, x, x == null ? 0 : (xOff + row * xRs + col) * ES, ldx);
                    continue;
                }
                if (rowAddend && nr == NR) {
                    KernelF32.mergeRowAddend(tile, rows, c, ci * ES, ldc, x, xOff + row * xRs, xRs);
                    continue;
                }
                if (cCs == 1 && (x == null || rowAddend)) {
                    KernelF32.mergeNarrow(tile, rows, nr, c, ci, cRs, x, x == null ? 0 : xOff + row * xRs, xRs);
                    continue;
                }
                for (int r = 0; r < rows; r++) {
                    long cr = ci + r * cRs;
                    long xr = xOff + (row + r) * xRs + col * xCs;
                    for (int j = 0; j < nr; j++) {
                        float v = tile[r * NR + j];
                        if (x != null) {
                            v += x.getAtIndex(F32, xr + j * xCs);
                        }
                        c.setAtIndex(F32, cr + j * cCs, v);
                    }
                }
            }
        }
    }

    /** {@code c[row + j] = v} for {@code j0 <= j < j1}. */
    private static void fillRow(MemorySegment c, long row, int j0, int j1, float v) {
        FloatVector fill = FloatVector.broadcast(KernelF32.S, v);
        int j = j0;
        for (; j + KernelF32.L <= j1; j += KernelF32.L) {
            fill.intoMemorySegment(c, (row + j) * ES, ByteOrder.nativeOrder());
        }
        for (; j < j1; j++) {
            c.setAtIndex(F32, row + j, v);
        }
    }

    /**
     * Rows of the A blocks for {@code rows} rows: the fewest blocks of at most {@link #MC} rows, of equal size in
     * whole micro-panels (2048 rows: 1032 + 1016, not 1008 + 1008 + 32, whose last block repacked B for 32 rows).
     */
    static int blockRows(int rows, int mr) {
        int blocks = Math.max(1, (rows + MC - 1) / MC);
        return roundUp((rows + blocks - 1) / blocks, mr);
    }

    /** The depth of the k slices: {@code k} cut into the fewest equal slices of at most {@link #KC}. */
    static int sliceDepth(int k) {
        int slices = Math.max(1, (k + KC - 1) / KC);
        return (k + slices - 1) / slices;
    }

    static int roundUp(int v, int unit) {
        return (v + unit - 1) / unit * unit;
    }
}
